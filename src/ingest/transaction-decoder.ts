import {
  DECODER_VERSION,
  decodeTransaction,
  parseRpcTransaction,
  type DecodeOptions,
  type DecodedTransaction,
} from '../decoder/decode-transaction.ts';

/**
 * The decoder as ingest sees it: untrusted JSON in, decoded transaction out (OofError on bad input), plus
 * the version stamped on stored rows. A port so a re-decode can be tested with a newer version of the same
 * decoder without editing the real constant.
 */
export interface TransactionDecoder {
  readonly version: number;
  /** `solUsdAt` prices SOL legs for this call (ingest loads it per batch from the stored candles). */
  decode(raw: unknown, prices?: Pick<DecodeOptions, 'solUsdAt'>): DecodedTransaction;
}

export function createTransactionDecoder(options: DecodeOptions = {}): TransactionDecoder {
  return {
    version: DECODER_VERSION,
    decode: (raw, prices) => decodeTransaction(parseRpcTransaction(raw), { ...options, ...prices }),
  };
}
