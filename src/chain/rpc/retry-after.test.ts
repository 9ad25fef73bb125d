import { describe, expect, test } from 'vitest';
import { parseRetryAfterMs } from './retry-after.ts';

describe('Retry-After', () => {
  const now = Date.parse('2025-06-01T12:00:00Z');

  test('delay-seconds', () => {
    expect(parseRetryAfterMs('7', now)).toBe(7000);
    expect(parseRetryAfterMs(' 0 ', now)).toBe(0);
  });

  test('HTTP-date, relative to the injected clock; past dates mean now', () => {
    expect(parseRetryAfterMs('Sun, 01 Jun 2025 12:00:03 GMT', now)).toBe(3000);
    expect(parseRetryAfterMs('Sun, 01 Jun 2025 11:00:00 GMT', now)).toBe(0);
  });

  test('absent or unreadable headers give null (the caller uses its default cooldown)', () => {
    expect(parseRetryAfterMs(null, now)).toBeNull();
    expect(parseRetryAfterMs('soon', now)).toBeNull();
    expect(parseRetryAfterMs('-5', now)).toBeNull();
    expect(parseRetryAfterMs('1.5', now)).toBeNull();
  });
});
