import { OofError } from '../core/errors/oof-error.ts';

/**
 * The key alphabet every backend accepts unchanged: S3 would take more, but a key must also be a safe
 * relative path on the filesystem backend (no `..`, no absolute path, no backslash, no empty segment).
 */
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._=-]*$/;
const MAX_KEY_LENGTH = 512;

export function isValidObjectKey(key: string): boolean {
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) return false;
  return key
    .split('/')
    .every((segment) => SEGMENT.test(segment) && segment !== '.' && !segment.includes('..'));
}

export function assertValidObjectKey(key: string): void {
  if (!isValidObjectKey(key)) {
    throw new OofError(
      'INVARIANT_BROKEN',
      `Object key ${JSON.stringify(key.slice(0, 80))} is not allowed: use 1–${MAX_KEY_LENGTH} characters of ` +
        'slash-separated segments of letters, digits, `_`, `-`, `=` and `.` (no `..`, no leading dot or slash).',
      { key: key.slice(0, 200) },
    );
  }
}
