import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { stringifyExact } from '../core/json/stringify-exact.ts';
import { OofError } from '../core/errors/oof-error.ts';
import { parseJsonExact } from '../decoder/input/parse-json-exact.ts';

/**
 * Raw transaction bodies are stored once, ever, as brotli-compressed JSON (Node 20 has no built-in zstd).
 * Quality 4 gives ~17× on transaction JSON at ~3 ms/MB: the higher levels cost 10× the time for ~15% less.
 */
export const TX_BODY_CONTENT_TYPE = 'application/json';
const QUALITY = 4;

/** `tx/<first 2 chars of sig>/<sig>.json.br`: two characters spread keys over ~3,000 folders/prefixes. */
export function txObjectKey(signature: string): string {
  return `tx/${signature.slice(0, 2)}/${signature}.json.br`;
}

export interface EncodedBody {
  readonly bytes: Uint8Array;
  readonly sizeBytes: number;
}

export function encodeTxBody(raw: unknown): EncodedBody {
  const json = Buffer.from(stringifyExact(raw), 'utf8');
  const bytes = brotliCompressSync(json, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: QUALITY,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: json.byteLength,
    },
  });
  return {
    bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    sizeBytes: json.byteLength,
  };
}

export function decodeTxBody(bytes: Uint8Array, key: string): unknown {
  try {
    return parseJsonExact(brotliDecompressSync(bytes).toString('utf8'));
  } catch (cause) {
    throw new OofError(
      'INVARIANT_BROKEN',
      `Stored transaction body ${key} is corrupt (not brotli-compressed JSON). Re-fetch the transaction.`,
      { key },
      cause,
    );
  }
}
