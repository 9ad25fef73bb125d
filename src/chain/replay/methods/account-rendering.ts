import { getBase58Decoder } from '@solana/kit';
import type { AccountLine } from '../../archive/archive-lines.ts';
import { invalidParams } from '../rpc-error.ts';
import { typeName, unknownVariant } from '../rpc-params.ts';
import { decodeMintAccount, jsonParsedMint } from '../tokens/mint-account.ts';

const base58 = getBase58Decoder();

export type AccountEncoding = 'binary' | 'base58' | 'base64' | 'base64+zstd' | 'jsonParsed';
const ENCODINGS: readonly string[] = ['binary', 'base58', 'base64', 'base64+zstd', 'jsonParsed'];

export interface DataSlice {
  readonly offset: number;
  readonly length: number;
}

export function accountEncodingOf(value: unknown): AccountEncoding {
  // The node's default is the legacy `binary` (a bare base58 string).
  if (value === undefined || value === null) return 'binary';
  if (typeof value === 'string' && ENCODINGS.includes(value)) return value as AccountEncoding;
  throw unknownVariant(value, ENCODINGS);
}

export function dataSliceOf(value: unknown): DataSlice | undefined {
  if (value === undefined || value === null) return undefined;
  const s = value as { offset?: unknown; length?: unknown };
  if (typeof s !== 'object' || !Number.isSafeInteger(s.offset) || !Number.isSafeInteger(s.length)) {
    throw invalidParams(
      `Invalid params: invalid type: ${typeName(value)}, expected a data slice {offset, length}.`,
    );
  }
  return { offset: s.offset as number, length: s.length as number };
}

/**
 * An archived account value in the requested encoding. Recorded base64 bytes can be served as base64
 * (with `dataSlice`) or base58 (≤ 128 bytes, the node's limit); `jsonParsed` of an SPL mint (82 bytes) is
 * parsed like the node (`parsed.type: 'mint'`), of other recorded bytes falls back to base64, which is what
 * the node does for accounts it has no parser for. A value recorded as jsonParsed
 * has no bytes left, so only jsonParsed can be served; zstd is not available in Node 20.
 */
export function renderAccountValue(
  line: AccountLine,
  encoding: AccountEncoding,
  slice?: DataSlice,
): Record<string, unknown> | null {
  const value = line.value;
  if (value === null) return null;
  if (line.encoding === 'jsonParsed') {
    if (encoding === 'jsonParsed') return value;
    throw invalidParams(
      `Invalid params: the replay archive holds ${line.address} in jsonParsed only; ask for encoding jsonParsed.`,
      { recordedEncoding: 'jsonParsed' },
    );
  }
  // A whole SPL mint is parsed as the node parses it; anything else falls back to base64 below.
  if (encoding === 'jsonParsed' && slice === undefined) {
    const mint = decodeMintAccount(line);
    if (mint !== null) return { ...value, data: jsonParsedMint(mint) };
  }
  const data = value.data;
  const b64 = Array.isArray(data) && typeof data[0] === 'string' ? data[0] : null;
  if (b64 === null) return value; // not the documented [bytes, 'base64'] shape: served as recorded
  let bytes = Buffer.from(b64, 'base64');
  if (slice !== undefined) bytes = bytes.subarray(slice.offset, slice.offset + slice.length);
  switch (encoding) {
    case 'base64':
    case 'jsonParsed':
      return { ...value, data: [bytes.toString('base64'), 'base64'] };
    case 'base58':
    case 'binary': {
      if (bytes.length > 128) {
        throw invalidParams(
          'Encoded binary (base 58) data should be less than 128 bytes, please use Base64 encoding.',
        );
      }
      const text = base58.decode(bytes);
      return { ...value, data: encoding === 'binary' ? text : [text, 'base58'] };
    }
    case 'base64+zstd':
      throw invalidParams(
        'Invalid params: the replay server cannot compress with zstd; ask for encoding base64.',
        {
          recordedEncoding: 'base64',
        },
      );
  }
}
