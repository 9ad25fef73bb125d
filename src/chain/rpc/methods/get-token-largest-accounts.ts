import { z } from 'zod';
import type { Commitment, RpcCall } from '../rpc-transport.ts';
import { checkAddress } from './check-params.ts';
import { tokenAmountFields, type TokenAmount } from './token-amount.ts';
import { withContext, type WithContext } from './u64.ts';

/** A token account among the 20 largest of a mint (the node's fixed maximum), largest first. */
export interface TokenHolding extends TokenAmount {
  readonly address: string;
}

const holding = z.looseObject({ address: z.string(), ...tokenAmountFields }).transform(
  (h): TokenHolding => ({
    address: h.address,
    amount: h.amount,
    decimals: h.decimals,
    uiAmountString: h.uiAmountString,
  }),
);

const result = withContext(z.array(holding));

export function getTokenLargestAccountsCall(
  mint: string,
  options: { readonly commitment: Commitment; readonly signal?: AbortSignal },
): RpcCall<WithContext<TokenHolding[]>> {
  checkAddress(mint, 'mint');
  return {
    method: 'getTokenLargestAccounts',
    params: [mint, { commitment: options.commitment }],
    parse: (r) => result.parse(r),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
}
