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
  decode(raw: unknown): DecodedTransaction;
}

export function createTransactionDecoder(options: DecodeOptions = {}): TransactionDecoder {
  return {
    version: DECODER_VERSION,
    decode: (raw) => decodeTransaction(parseRpcTransaction(raw), options),
  };
}
