import { OofError } from '../../core/errors/oof-error.ts';

/** A keyset page cursor: the last row's sort key as a JSON tuple in base64url, opaque to clients. */
export function encodePageCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * The sort key of a cursor this API returned: `read` validates the decoded tuple and returns the key, or
 * undefined when it is not one; anything else (not base64url JSON, not a tuple, refused) is `CURSOR_INVALID`.
 */
export function decodePageCursor<T>(raw: string, read: (tuple: readonly unknown[]) => T | undefined): T {
  let key: T | undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (Array.isArray(v)) key = read(v);
  } catch {
    // the error below
  }
  if (key !== undefined) return key;
  throw new OofError(
    'CURSOR_INVALID',
    'cursor is not one this API returned: pass the `next` value of a page',
    { cursor: raw.slice(0, 100) },
  );
}
