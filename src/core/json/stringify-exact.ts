import { stringify as losslessStringify } from 'lossless-json';

/**
 * JSON text with u64 exact: values above 2^53 arrive as bigint (see `parseJsonExact`) and are written back as
 * plain JSON integers, digit for digit. The native stringify is the fast path; it throws on bigint.
 */
export function stringifyExact(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    const text = losslessStringify(value);
    if (text === undefined) throw e;
    return text;
  }
}
