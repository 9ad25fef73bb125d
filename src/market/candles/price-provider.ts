import { fromScaled, toScaled, USD_SCALE } from '../../domain/decimal.ts';
import type { Db } from '../../store/database.ts';
import { loadCandles, RESOLUTION_SECONDS, type Candle } from '../../store/prices/candle.repository.ts';
import type { PriceResolution } from '../../store/schema/token-tables.ts';

/** A price with its provenance, as every moment records it (SPEC §2.6). */
export interface PricePoint {
  /** Exact decimal string, canonical (no trailing zeros). */
  readonly priceUsd: string;
  /** When that value held: the close time of the candle for `at`, the bucket start of the extreme candle for
   * `maxIn`/`minIn` (a candle does not say when inside its bucket the high or low happened). */
  readonly at: Date;
  readonly source: string;
  readonly resolution: PriceResolution;
  /** 0..1, see `confidenceOf`. */
  readonly confidence: number;
}

export interface PriceProvider {
  /** The price of `mint` at `t`, or null when no candle covers `t` or ended within `maxStaleMs` before it. */
  at(mint: string, t: Date): Promise<PricePoint | null>;
  /** The highest candle high of `mint` in `[t0, t1]`, or null without candles there. */
  maxIn(mint: string, t0: Date, t1: Date): Promise<PricePoint | null>;
  /** The lowest candle low of `mint` in `[t0, t1]`, or null without candles there. */
  minIn(mint: string, t0: Date, t1: Date): Promise<PricePoint | null>;
}

/** Port: candles of one mint whose bucket starts in `[from − 1h, to]`, every tier (the candle repository). */
export type CandleReader = (mint: string, from: Date, to: Date) => Promise<readonly Candle[]>;

export function candleReaderFromDb(db: Db): CandleReader {
  return (mint, from, to) => loadCandles(db, mint, from, to);
}

/** Finest first: a finer tier is the better witness of a price at a time. */
const TIERS: readonly PriceResolution[] = ['1m', '5m', '1h'];

/**
 * Confidence rule. A candle that covers the time asked gets its tier's base: 1m 0.95, 5m 0.9, 1h 0.8 — a
 * coarser bucket says less about any instant inside it. When no candle covers `t`, `at` falls back to the
 * newest candle that closed before `t`, at most `maxStaleMs` earlier, and its confidence falls linearly with
 * the gap from the tier base down to half of it at `maxStaleMs`. Beyond that there is no price (null).
 */
export const TIER_CONFIDENCE: Readonly<Record<PriceResolution, number>> = {
  '1m': 0.95,
  '5m': 0.9,
  '1h': 0.8,
};
export const DEFAULT_MAX_STALE_MS = 6 * 3_600_000;

export function confidenceOf(resolution: PriceResolution, staleMs: number, maxStaleMs: number): number {
  const base = TIER_CONFIDENCE[resolution];
  if (staleMs <= 0) return base;
  // Rounded to 4 places so the value is the same byte string on every run and platform.
  return Math.round(base * (1 - staleMs / (2 * maxStaleMs)) * 10_000) / 10_000;
}

export interface CandlePriceProviderOptions {
  readonly candles: CandleReader;
  readonly maxStaleMs?: number;
}

/** `PriceProvider` over stored candles (the first source of SPEC §2.6). */
export function createCandlePriceProvider(options: CandlePriceProviderOptions): PriceProvider {
  const read = options.candles;
  const maxStaleMs = options.maxStaleMs ?? DEFAULT_MAX_STALE_MS;

  return {
    async at(mint, t) {
      const candles = await read(mint, new Date(t.getTime() - maxStaleMs), t);
      const time = t.getTime();
      for (const tier of TIERS) {
        const covering = candles.find((c) => c.resolution === tier && covers(c, time));
        if (covering !== undefined) return point(covering, covering.close, endMs(covering), 0);
      }
      // Nothing covers t: the newest close before it, finest tier on equal close times.
      let best: Candle | undefined;
      for (const c of candles) {
        if (endMs(c) > time || time - endMs(c) > maxStaleMs) continue;
        if (best === undefined || endMs(c) > endMs(best) || (endMs(c) === endMs(best) && finer(c, best)))
          best = c;
      }
      return best === undefined ? null : point(best, best.close, endMs(best), time - endMs(best));
    },
    async maxIn(mint, t0, t1) {
      return extreme(await read(mint, t0, t1), t0, t1, 'high');
    },
    async minIn(mint, t0, t1) {
      return extreme(await read(mint, t0, t1), t0, t1, 'low');
    },
  };

  function point(c: Candle, price: string, atMs: number, staleMs: number): PricePoint {
    return {
      priceUsd: canonical(price),
      at: new Date(atMs),
      source: c.source,
      resolution: c.resolution,
      confidence: confidenceOf(c.resolution, staleMs, maxStaleMs),
    };
  }

  /**
   * Finest tier covering each stretch: a coarser candle is used only where the finer tiers already taken leave
   * part of its overlap with the window uncovered. Coarse candles that stick out of the window still count
   * whole (their high/low may lie outside it: a known overstatement, reflected in their lower confidence).
   * Ties: the earliest bucket, then the finer tier.
   */
  function extreme(candles: readonly Candle[], t0: Date, t1: Date, side: 'high' | 'low'): PricePoint | null {
    const from = t0.getTime();
    const to = t1.getTime();
    if (to < from) return null;
    let covered: ReadonlyArray<readonly [number, number]> = [];
    let best: { candle: Candle; value: bigint } | undefined;
    for (const tier of TIERS) {
      const taken: Array<readonly [number, number]> = [];
      for (const c of candles) {
        if (c.resolution !== tier) continue;
        const start = c.bucketStart.getTime();
        const end = endMs(c);
        if (start > to || end <= from) continue;
        const overlap: readonly [number, number] = [Math.max(start, from), Math.min(end, to + 1)];
        if (isCovered(overlap, covered)) continue;
        taken.push([start, end]);
        const value = toScaled(side === 'high' ? c.high : c.low, USD_SCALE);
        if (
          best === undefined ||
          (side === 'high' ? value > best.value : value < best.value) ||
          (value === best.value && start < best.candle.bucketStart.getTime())
        ) {
          best = { candle: c, value };
        }
      }
      covered = mergeIntervals([...covered, ...taken]);
    }
    if (best === undefined) return null;
    return point(best.candle, fromScaled(best.value, USD_SCALE), best.candle.bucketStart.getTime(), 0);
  }
}

function covers(c: Candle, time: number): boolean {
  return c.bucketStart.getTime() <= time && time < endMs(c);
}

function endMs(c: Candle): number {
  return c.bucketStart.getTime() + RESOLUTION_SECONDS[c.resolution] * 1000;
}

function finer(a: Candle, b: Candle): boolean {
  return RESOLUTION_SECONDS[a.resolution] < RESOLUTION_SECONDS[b.resolution];
}

/** Sorted, disjoint union of `[start, end)` intervals. */
function mergeIntervals(
  intervals: ReadonlyArray<readonly [number, number]>,
): Array<readonly [number, number]> {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** Whether `range` lies inside one of the merged intervals (binary search on their starts). */
function isCovered(
  range: readonly [number, number],
  merged: ReadonlyArray<readonly [number, number]>,
): boolean {
  let lo = 0;
  let hi = merged.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const m = merged[mid];
    if (m !== undefined && m[0] <= range[0]) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const candidate = merged[found];
  return candidate !== undefined && candidate[1] >= range[1];
}

function canonical(decimal: string): string {
  return fromScaled(toScaled(decimal, USD_SCALE), USD_SCALE);
}
