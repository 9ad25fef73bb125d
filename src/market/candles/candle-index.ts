import { toScaled, USD_SCALE } from '../../domain/decimal.ts';
import { RESOLUTION_SECONDS, type Candle } from '../../store/prices/candle.repository.ts';
import type { PriceResolution } from '../../store/schema/token-tables.ts';

/** Finest first: a finer tier is the better witness of a price at a time. */
export const TIERS: readonly PriceResolution[] = ['1m', '5m', '1h'];

/** A candle chosen by a lookup, with the time its value is reported at and how stale it is (ms). */
export interface CandleHit {
  readonly candle: Candle;
  readonly price: string;
  readonly atMs: number;
  readonly staleMs: number;
}

type Interval = readonly [number, number];

/**
 * The candles of one tier of one mint, sorted by bucket start (one per bucket: the first given wins), with
 * what the extreme lookups need built on first use: the high/low as scaled bigints, a flag per candle telling
 * whether the finer tiers cover its whole bucket, and sparse tables answering "best uncovered candle in an
 * index range" in O(1). Everything else is a binary search, so a lookup costs O(log n) whatever the window.
 */
class TierSeries {
  readonly starts: number[] = [];
  readonly candles: Candle[] = [];
  readonly lengthMs: number;
  private covered: boolean[] | null = null;
  private finerCover: Interval[] = [];
  private readonly values: { high?: bigint[]; low?: bigint[] } = {};
  private readonly tables: { high?: Int32Array[]; low?: Int32Array[] } = {};

  constructor(
    readonly tier: PriceResolution,
    sorted: readonly Candle[],
  ) {
    this.lengthMs = RESOLUTION_SECONDS[tier] * 1000;
    for (const c of sorted) {
      const start = c.bucketStart.getTime();
      if (this.starts.length > 0 && this.starts[this.starts.length - 1] === start) continue;
      this.starts.push(start);
      this.candles.push(c);
    }
  }

  /** Index of the last candle whose bucket starts at or before `ms`, or -1. */
  lastStartingAtOrBefore(ms: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((this.starts[mid] as number) <= ms) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** Called once, with the merged buckets of every finer tier. */
  setFinerCover(cover: Interval[]): void {
    this.finerCover = cover;
    this.covered = this.starts.map((s) => isCovered([s, s + this.lengthMs], cover));
  }

  isCoveredByFiner(range: Interval): boolean {
    return isCovered(range, this.finerCover);
  }

  value(side: 'high' | 'low', i: number): bigint {
    let values = this.values[side];
    if (values === undefined) {
      values = this.candles.map((c) => toScaled(c[side], USD_SCALE));
      this.values[side] = values;
    }
    return values[i] as bigint;
  }

  /** Best (highest high / lowest low, earliest on ties) candle in `[i, j]` the finer tiers leave uncovered. */
  bestUncovered(side: 'high' | 'low', i: number, j: number): number {
    if (i > j) return -1;
    const table = this.table(side);
    const level = 31 - Math.clz32(j - i + 1);
    const row = table[level] as Int32Array;
    return this.better(side, row[i] as number, row[j - (1 << level) + 1] as number);
  }

  better(side: 'high' | 'low', a: number, b: number): number {
    if (a < 0) return b;
    if (b < 0) return a;
    const va = this.value(side, a);
    const vb = this.value(side, b);
    if (va === vb) return Math.min(a, b);
    return (side === 'high' ? va > vb : va < vb) ? a : b;
  }

  private table(side: 'high' | 'low'): Int32Array[] {
    const existing = this.tables[side];
    if (existing !== undefined) return existing;
    const n = this.candles.length;
    const covered = this.covered ?? [];
    const base = new Int32Array(n);
    for (let i = 0; i < n; i++) base[i] = covered[i] === true ? -1 : i;
    const table = [base];
    for (let level = 1; 1 << level <= n; level++) {
      const prev = table[level - 1] as Int32Array;
      const row = new Int32Array(n - (1 << level) + 1);
      const half = 1 << (level - 1);
      for (let i = 0; i < row.length; i++) {
        row[i] = this.better(side, prev[i] as number, prev[i + half] as number);
      }
      table.push(row);
    }
    this.tables[side] = table;
    return table;
  }
}

/**
 * Every candle of one mint, indexed for the price lookups of SPEC §2.6 (`at`, `maxIn`, `minIn`) with the tier
 * and staleness rules documented in `price-provider.ts`. Times are epoch milliseconds.
 */
export class CandleIndex {
  private readonly series: TierSeries[];

  constructor(candles: readonly Candle[]) {
    const sorted = [...candles].sort((a, b) => a.bucketStart.getTime() - b.bucketStart.getTime());
    this.series = TIERS.map(
      (tier) =>
        new TierSeries(
          tier,
          sorted.filter((c) => c.resolution === tier),
        ),
    );
    let finer: Interval[] = [];
    for (const s of this.series) {
      s.setFinerCover(finer);
      finer = mergeIntervals([...finer, ...s.starts.map((st): Interval => [st, st + s.lengthMs])]);
    }
  }

  get size(): number {
    return this.series.reduce((n, s) => n + s.candles.length, 0);
  }

  /**
   * The candle covering `timeMs`, finest tier first; else the newest candle that closed at or before it, at
   * most `maxStaleMs` earlier (the finest on equal close times).
   */
  at(timeMs: number, maxStaleMs: number): CandleHit | null {
    for (const s of this.series) {
      const i = s.lastStartingAtOrBefore(timeMs);
      const c = s.candles[i];
      if (c !== undefined && timeMs < (s.starts[i] as number) + s.lengthMs) {
        return { candle: c, price: c.close, atMs: (s.starts[i] as number) + s.lengthMs, staleMs: 0 };
      }
    }
    let best: { candle: Candle; endMs: number } | undefined;
    for (const s of this.series) {
      const i = s.lastStartingAtOrBefore(timeMs - s.lengthMs);
      const c = s.candles[i];
      if (c === undefined) continue;
      const endMs = (s.starts[i] as number) + s.lengthMs;
      if (timeMs - endMs > maxStaleMs) continue;
      if (best === undefined || endMs > best.endMs) best = { candle: c, endMs };
    }
    return best === undefined
      ? null
      : { candle: best.candle, price: best.candle.close, atMs: best.endMs, staleMs: timeMs - best.endMs };
  }

  /**
   * Highest high / lowest low over `[fromMs, toMs]`: the finest tier covering each stretch; a coarser candle
   * counts only where the finer tiers leave part of its overlap with the window uncovered (whole, even when it
   * sticks out of the window). Ties: the earliest bucket, then the finer tier. Reported at the bucket start.
   */
  extreme(fromMs: number, toMs: number, side: 'high' | 'low'): CandleHit | null {
    if (toMs < fromMs) return null;
    let best: { candle: Candle; value: bigint; start: number } | undefined;
    for (const s of this.series) {
      // Candles overlapping the window: start ≤ to and start + length > from.
      const lo = s.lastStartingAtOrBefore(fromMs - s.lengthMs) + 1;
      const hi = s.lastStartingAtOrBefore(toMs);
      if (lo > hi) continue;
      // Interior candles lie wholly inside the window: their precomputed cover flag applies. The first and
      // last may stick out, so only their overlap with the window has to be covered.
      let pick = -1;
      const edge = (i: number): void => {
        const start = s.starts[i] as number;
        const overlap: Interval = [Math.max(start, fromMs), Math.min(start + s.lengthMs, toMs + 1)];
        if (!s.isCoveredByFiner(overlap)) pick = s.better(side, pick, i);
      };
      edge(lo);
      if (hi > lo) edge(hi);
      pick = s.better(side, pick, s.bestUncovered(side, lo + 1, hi - 1));
      if (pick < 0) continue;
      const value = s.value(side, pick);
      const start = s.starts[pick] as number;
      if (
        best === undefined ||
        (side === 'high' ? value > best.value : value < best.value) ||
        (value === best.value && start < best.start)
      ) {
        best = { candle: s.candles[pick] as Candle, value, start };
      }
    }
    if (best === undefined) return null;
    return { candle: best.candle, price: best.candle[side], atMs: best.start, staleMs: 0 };
  }
}

/** Sorted, disjoint union of `[start, end)` intervals (touching ones merge). */
function mergeIntervals(intervals: readonly Interval[]): Interval[] {
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
function isCovered(range: Interval, merged: readonly Interval[]): boolean {
  let lo = 0;
  let hi = merged.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((merged[mid] as Interval)[0] <= range[0]) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const candidate = merged[found];
  return candidate !== undefined && candidate[1] >= range[1];
}
