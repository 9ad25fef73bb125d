import { fromScaled, toScaled, USD_SCALE } from '../../domain/decimal.ts';
import type { Candle } from '../../store/prices/candle.repository.ts';
import type { PriceResolution } from '../../store/schema/token-tables.ts';
import { CandleIndex, type CandleHit } from './candle-index.ts';
import { confidenceOf, DEFAULT_MAX_STALE_MS } from './price-confidence.ts';

/**
 * A price as the detectors read it: unix seconds, so it is structurally the `PricePoint` of the analytics
 * engine's `PriceWindow` port (which this folder must not import).
 */
export interface WindowPricePoint {
  /** Exact decimal string, canonical (no trailing zeros). */
  readonly priceUsd: string;
  /** Unix seconds: the close time of the candle for `at`, the bucket start of the extreme candle otherwise. */
  readonly at: number;
  readonly source: string;
  readonly resolution: PriceResolution;
  /** 0..1, see `confidenceOf`. */
  readonly confidence: number;
}

/** Synchronous `at / maxIn / minIn` over candles held in memory; times are unix seconds, windows inclusive. */
export interface MemoryPriceWindow {
  at(mint: string, t: number): WindowPricePoint | null;
  maxIn(mint: string, t0: number, t1: number): WindowPricePoint | null;
  minIn(mint: string, t0: number, t1: number): WindowPricePoint | null;
  /** Mints the window holds candles of. */
  mints(): string[];
}

export interface MemoryPriceWindowOptions {
  readonly maxStaleMs?: number;
}

export type CandlesByMint =
  | ReadonlyMap<string, readonly Candle[]>
  | Readonly<Record<string, readonly Candle[]>>;

/**
 * The SPEC §2.6 lookups over candles already loaded (the detectors run synchronously over a whole wallet
 * history). Each mint's candles are sorted and indexed once per tier; every lookup is a few binary searches
 * plus O(1) range-extreme tables, so tens of thousands of lookups take milliseconds.
 */
export function createMemoryPriceWindow(
  candlesByMint: CandlesByMint,
  options: MemoryPriceWindowOptions = {},
): MemoryPriceWindow {
  const maxStaleMs = options.maxStaleMs ?? DEFAULT_MAX_STALE_MS;
  const entries =
    candlesByMint instanceof Map
      ? [...(candlesByMint as ReadonlyMap<string, readonly Candle[]>).entries()]
      : Object.entries(candlesByMint as Readonly<Record<string, readonly Candle[]>>);
  const indexes = new Map<string, CandleIndex>();
  for (const [mint, candles] of entries) indexes.set(mint, new CandleIndex(candles));

  const point = (hit: CandleHit | null): WindowPricePoint | null =>
    hit === null
      ? null
      : {
          priceUsd: canonicalDecimal(hit.price),
          at: Math.floor(hit.atMs / 1000),
          source: hit.candle.source,
          resolution: hit.candle.resolution,
          confidence: confidenceOf(hit.candle.resolution, hit.staleMs, maxStaleMs),
        };

  return {
    at: (mint, t) => point(indexes.get(mint)?.at(t * 1000, maxStaleMs) ?? null),
    maxIn: (mint, t0, t1) => point(indexes.get(mint)?.extreme(t0 * 1000, t1 * 1000, 'high') ?? null),
    minIn: (mint, t0, t1) => point(indexes.get(mint)?.extreme(t0 * 1000, t1 * 1000, 'low') ?? null),
    mints: () => [...indexes.keys()],
  };
}

/** Canonical form of the decimal strings seen so far: a window answers tens of thousands of lookups on a few
 * thousand distinct prices. Bounded: cleared when it grows past `CANONICAL_CACHE_MAX` entries. */
const canonical = new Map<string, string>();
const CANONICAL_CACHE_MAX = 100_000;

export function canonicalDecimal(decimal: string): string {
  const known = canonical.get(decimal);
  if (known !== undefined) return known;
  const value = fromScaled(toScaled(decimal, USD_SCALE), USD_SCALE);
  if (canonical.size >= CANONICAL_CACHE_MAX) canonical.clear();
  canonical.set(decimal, value);
  return value;
}
