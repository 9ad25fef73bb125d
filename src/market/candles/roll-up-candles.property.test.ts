import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Candle } from '../../store/prices/candle.repository.ts';
import { rollUpCandles } from './roll-up-candles.ts';

const T0 = Date.UTC(2024, 0, 1);
const price = fc.bigInt({ min: 0n, max: 10n ** 24n }).map((n) => {
  const s = n.toString().padStart(13, '0');
  return `${s.slice(0, -12)}.${s.slice(-12)}`;
});

/** Distinct 1m buckets over ~3 hours with arbitrary OHLC (low ≤ high not required: roll-up must not care). */
const oneMinuteCandles = fc
  .uniqueArray(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 120 })
  .chain((minutes) =>
    fc.tuple(
      ...minutes.map((m) =>
        fc
          .record({
            mint: fc.constantFrom('A', 'B'),
            open: price,
            high: price,
            low: price,
            close: price,
            volumeUsd: fc.option(price, { nil: null }),
            source: fc.constantFrom('geckoterminal', 'vwap'),
          })
          .map((r): Candle => ({ ...r, resolution: '1m', bucketStart: new Date(T0 + m * 60_000) })),
      ),
    ),
  );

describe('rollUpCandles', () => {
  it('1m → 5m → 1h equals 1m → 1h, in any input order', () => {
    fc.assert(
      fc.property(oneMinuteCandles, fc.integer(), (candles, seed) => {
        // Distinct (mint, bucket) as the store guarantees.
        const unique = [...new Map(candles.map((c) => [`${c.mint}${c.bucketStart.getTime()}`, c])).values()];
        const shuffled = [...unique].sort(
          (a, b) =>
            ((a.bucketStart.getTime() * 31 + seed) % 97) - ((b.bucketStart.getTime() * 31 + seed) % 97),
        );
        expect(rollUpCandles(rollUpCandles(shuffled, '5m'), '1h')).toEqual(rollUpCandles(unique, '1h'));
      }),
    );
  });

  it('takes open first, close last, high max, low min and sums volume exactly', () => {
    const at = (m: number, o: string, h: string, l: string, c: string, v: string | null): Candle => ({
      mint: 'A',
      resolution: '1m',
      bucketStart: new Date(T0 + m * 60_000),
      open: o,
      high: h,
      low: l,
      close: c,
      volumeUsd: v,
      source: 's',
    });
    const [five] = rollUpCandles(
      [
        at(1, '2', '3', '1', '2.5', '0.1'),
        at(0, '1.0', '1.5', '0.9', '1.2', '0.2'),
        at(4, '2.5', '2.6', '0.8', '2.4', null),
      ],
      '5m',
    );
    expect(five).toEqual({
      mint: 'A',
      resolution: '5m',
      bucketStart: new Date(T0),
      open: '1',
      high: '3',
      low: '0.8',
      close: '2.4',
      volumeUsd: '0.3',
      source: 's',
    });
    expect(() => rollUpCandles([{ ...at(0, '1', '1', '1', '1', null), resolution: '1h' }], '5m')).toThrow(
      /cannot roll/,
    );
  });
});
