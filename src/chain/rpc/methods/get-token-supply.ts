import type { Commitment, RpcCall } from '../rpc-transport.ts';
import { checkAddress } from './check-params.ts';
import { tokenAmountSchema, type TokenAmount } from './token-amount.ts';
import { withContext, type WithContext } from './u64.ts';

const result = withContext(tokenAmountSchema);

export function getTokenSupplyCall(
  mint: string,
  options: { readonly commitment: Commitment; readonly signal?: AbortSignal },
): RpcCall<WithContext<TokenAmount>> {
  checkAddress(mint, 'mint');
  return {
    method: 'getTokenSupply',
    params: [mint, { commitment: options.commitment }],
    parse: (r) => result.parse(r),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
}
