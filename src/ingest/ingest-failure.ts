import { OofError, isOofError, type ErrorCode } from '../core/errors/oof-error.ts';

/** A transaction ingest refused: nothing of it was written; the rest of its batch was. */
export interface IngestFailure {
  /** Position in the input array. */
  readonly position: number;
  readonly signature: string | null;
  readonly code: ErrorCode;
  readonly message: string;
}

export function toIngestFailure(position: number, signature: string | null, e: unknown): IngestFailure {
  // A non-OofError out of the decoder is a decoder bug on this input; it must not stop the batch either.
  const error = isOofError(e)
    ? e
    : new OofError('INVARIANT_BROKEN', `The decoder crashed on this transaction: ${String(e)}`, {}, e);
  return { position, signature, code: error.code, message: error.message };
}
