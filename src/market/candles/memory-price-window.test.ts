import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromScaled, toScaled, USD_SCALE } from '../../domain/decimal.ts';
import { RESOLUTION_SECONDS, type Candle } from '../../store/prices/candle.repository.ts';
import type { PriceResolution } from '../../store/schema/token-tables.ts';
import { parseHourlyCloseCsv } from '../csv/hourly-close-csv.ts';
import { createMemoryPriceWindow } from './memory-price-window.ts';
import { confidenceOf } from './price-confidence.ts';

const SOL = 'So11111111111111111111111111111111111111112';
const DATA = new URL('../../../../shared/data/mark6-binance-hourly-closes/data/', import.meta.url);
const T0 = Date.UTC(2024, 0, 1) / 1000;
const MAX_STALE_MS = 6 * 3_600_000;
const TIERS: readonly PriceResolution[] = ['1m', '5m', '1h'];

/**
 * The rule of SPEC §2.6 as the first provider wrote it: a linear scan over every candle, kept here as the
 * reference the indexed window must agree with on every input.
 */
function reference(candles: readonly Candle[]) {
  const len = (c: Candle): number => RESOLUTION_SECONDS[c.resolution] * 1000;
  const start = (c: Candle): number => c.bucketStart.getTime();
  const end = (c: Candle): number => start(c) + len(c);
  const out = (c: Candle, price: string, atMs: number, staleMs: number) => ({
    priceUsd: fromScaled(toScaled(price, USD_SCALE), USD_SCALE),
    at: Math.floor(atMs / 1000),
    source: c.source,
    resolution: c.resolution,
    confidence: confidenceOf(c.resolution, staleMs, MAX_STALE_MS),
  });
  return {
    at(t: number) {
      const time = t * 1000;
      for (const tier of TIERS) {
        const c = candles.find((x) => x.resolution === tier && start(x) <= time && time < end(x));
        if (c !== undefined) return out(c, c.close, end(c), 0);
      }
      let best: Candle | undefined;
      for (const c of candles) {
        if (end(c) > time || time - end(c) > MAX_STALE_MS) continue;
        if (best === undefined || end(c) > end(best) || (end(c) === end(best) && len(c) < len(best)))
          best = c;
      }
      return best === undefined ? null : out(best, best.close, end(best), time - end(best));
    },
    extreme(t0: number, t1: number, side: 'high' | 'low') {
      const from = t0 * 1000;
      const to = t1 * 1000;
      if (to < from) return null;
      let covered: Array<[number, number]> = [];
      let best: { c: Candle; v: bigint } | undefined;
      for (const tier of TIERS) {
        const taken: Array<[number, number]> = [];
        for (const c of candles) {
          if (c.resolution !== tier || start(c) > to || end(c) <= from) continue;
          const o: [number, number] = [Math.max(start(c), from), Math.min(end(c), to + 1)];
          if (covered.some(([s, e]) => s <= o[0] && e >= o[1])) continue;
          taken.push([start(c), end(c)]);
          const v = toScaled(c[side], USD_SCALE);
          if (
            best === undefined ||
            (side === 'high' ? v > best.v : v < best.v) ||
            (v === best.v && start(c) < start(best.c))
          )
            best = { c, v };
        }
        const merged: Array<[number, number]> = [];
        for (const [s, e] of [...covered, ...taken].sort((a, b) => a[0] - b[0])) {
          const last = merged[merged.length - 1];
          if (last !== undefined && s <= last[1]) last[1] = Math.max(last[1], e);
          else merged.push([s, e]);
        }
        covered = merged;
      }
      return best === undefined ? null : out(best.c, best.c[side], start(best.c), 0);
    },
  };
}

const price = fc.integer({ min: 1, max: 50 }).map((n) => `${n}.5`);
const candlesArb = fc
  .array(
    fc.record({
      tier: fc.constantFrom<PriceResolution>('1m', '5m', '1h'),
      slot: fc.integer({ min: 0, max: 240 }),
      high: price,
      low: price,
      close: price,
    }),
    { maxLength: 60 },
  )
  .map((rows) => {
    const seen = new Set<string>();
    const out: Candle[] = [];
    for (const r of rows) {
      const size = RESOLUTION_SECONDS[r.tier];
      const startSec = T0 + Math.floor((r.slot * 60) / size) * size;
      const key = `${r.tier}:${startSec}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        mint: 'M',
        resolution: r.tier,
        bucketStart: new Date(startSec * 1000),
        open: r.close,
        high: r.high,
        low: r.low,
        close: r.close,
        volumeUsd: null,
        source: r.tier,
      });
    }
    return out;
  });

describe('createMemoryPriceWindow', () => {
  it('agrees with the linear-scan rule on every mix of tiers, gaps and windows', () => {
    fc.assert(
      fc.property(
        candlesArb,
        fc.integer({ min: -120, max: 260 * 60 }),
        fc.integer({ min: 0, max: 300 * 60 }),
        (candles, offset, width) => {
          const window = createMemoryPriceWindow(new Map([['M', candles]]));
          const ref = reference(candles);
          const t0 = T0 + offset;
          const t1 = t0 + width;
          expect(window.at('M', t0)).toEqual(ref.at(t0));
          expect(window.maxIn('M', t0, t1)).toEqual(ref.extreme(t0, t1, 'high'));
          expect(window.minIn('M', t0, t1)).toEqual(ref.extreme(t0, t1, 'low'));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('answers 50,000 lookups over four years of real SOL hourly closes in well under a second', () => {
    const candles = parseHourlyCloseCsv(readFileSync(new URL('SOLUSDT.csv', DATA), 'utf8'), SOL);
    const window = createMemoryPriceWindow({ [SOL]: candles });
    const first = (candles[0] as Candle).bucketStart.getTime() / 1000;
    const span = (candles[candles.length - 1] as Candle).bucketStart.getTime() / 1000 - first;
    const ref = reference(candles);
    const started = performance.now();
    let answered = 0;
    for (let i = 0; i < 50_000; i++) {
      const t = first + Math.floor((span * i) / 50_000);
      if (window.maxIn(SOL, t, t + 7 * 86_400) !== null) answered++;
      if (i % 10_000 === 0)
        expect(window.maxIn(SOL, t, t + 7 * 86_400)).toEqual(ref.extreme(t, t + 7 * 86_400, 'high'));
    }
    const elapsedMs = performance.now() - started;
    expect(answered).toBe(50_000);
    expect(elapsedMs).toBeLessThan(1500);
  });

  it('reports unix seconds, exact canonical prices and null for unknown mints', () => {
    const candles = parseHourlyCloseCsv(
      'open_time,close\n2023-12-15 08:00:00,2.965e-05\n2023-12-15 09:00:00,3.100e-05\n',
      'BONK',
    );
    const window = createMemoryPriceWindow({ BONK: candles });
    expect(window.at('BONK', Date.parse('2023-12-15T08:30:00Z') / 1000)).toEqual({
      priceUsd: '0.00002965',
      at: Date.parse('2023-12-15T09:00:00Z') / 1000,
      source: 'binance-hourly-close',
      resolution: '1h',
      confidence: 0.8,
    });
    expect(window.maxIn('BONK', T0 - 10 ** 8, T0)?.priceUsd).toBe('0.000031');
    expect(window.at('UNKNOWN', T0)).toBeNull();
    expect(window.maxIn('BONK', 10, 5)).toBeNull();
  });
});
