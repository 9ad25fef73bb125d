import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { fullJitterDelayMs } from './backoff.ts';
import { TokenBucket } from './token-bucket.ts';

describe('full-jitter backoff', () => {
  test('stays within [0, min(max, base·2^n)) for any random draw', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (n, r) => {
          const d = fullJitterDelayMs(n, { baseMs: 100, maxMs: 5000 }, () => r);
          expect(d).toBeGreaterThanOrEqual(0);
          expect(d).toBeLessThan(Math.min(5000, 100 * 2 ** n));
        },
      ),
    );
  });

  test('uses the injected random source (the extremes of the window)', () => {
    expect(fullJitterDelayMs(3, { baseMs: 100, maxMs: 5000 }, () => 0)).toBe(0);
    expect(fullJitterDelayMs(3, { baseMs: 100, maxMs: 5000 }, () => 0.5)).toBe(400);
    expect(fullJitterDelayMs(10, { baseMs: 100, maxMs: 5000 }, () => 0.5)).toBe(2500);
  });
});

describe('token bucket', () => {
  test('allows a burst, then one call per 1/rate seconds', () => {
    const bucket = new TokenBucket(4, 2, 0);
    expect(bucket.tryTake(0)).toBe(true);
    expect(bucket.tryTake(0)).toBe(true);
    expect(bucket.tryTake(0)).toBe(false);
    expect(bucket.waitMs(0)).toBe(250);
    expect(bucket.tryTake(249)).toBe(false);
    expect(bucket.tryTake(250)).toBe(true);
    // Idle time refills only up to the burst.
    expect(bucket.waitMs(10_000)).toBe(0);
    expect(bucket.tryTake(10_000) && bucket.tryTake(10_000)).toBe(true);
    expect(bucket.tryTake(10_000)).toBe(false);
  });

  test('a clock stepping backwards mints no tokens', () => {
    const bucket = new TokenBucket(1, 1, 5000);
    expect(bucket.tryTake(5000)).toBe(true);
    expect(bucket.tryTake(1000)).toBe(false);
    expect(bucket.waitMs(1000)).toBe(1000);
  });
});
