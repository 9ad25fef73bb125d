import { parseRpcTransaction } from '../../../decoder/decode-transaction.ts';
import type { HistoryCommitment, RpcCall } from '../rpc-transport.ts';
import { checkSignature } from './check-params.ts';

/**
 * The `getTransaction` result exactly as the node sent it (u64 above 2^53 as bigint), for storing as is.
 * It has passed the decoder's schema and names the requested signature.
 */
export type RawTransactionJson = Readonly<Record<string, unknown>>;

export interface GetTransactionOptions {
  readonly encoding?: 'json' | 'jsonParsed';
  readonly commitment?: HistoryCommitment;
  readonly signal?: AbortSignal;
}

export function getTransactionCall(
  signature: string,
  options: GetTransactionOptions & { readonly commitment: HistoryCommitment },
): RpcCall<RawTransactionJson | null> {
  checkSignature(signature, 'signature');
  return {
    method: 'getTransaction',
    params: [
      signature,
      {
        encoding: options.encoding ?? 'json',
        commitment: options.commitment,
        // Without it a node answers every v0 transaction (most swaps since 2023) with error -32015.
        maxSupportedTransactionVersion: 0,
      },
    ],
    parse: (result) => {
      if (result === null) return null;
      const tx = parseRpcTransaction(result);
      const got = tx.transaction.signatures[0];
      if (got !== signature) {
        throw new Error(`asked for ${signature}, the node returned ${String(got)}`);
      }
      return result as RawTransactionJson;
    },
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
}
