import type { Db } from '../../store/database.ts';
import { loadCandles, type Candle } from '../../store/prices/candle.repository.ts';
import type { PriceResolution } from '../../store/schema/token-tables.ts';
import { CandleIndex, type CandleHit } from './candle-index.ts';
import { canonicalDecimal } from './memory-price-window.ts';
import { confidenceOf, DEFAULT_MAX_STALE_MS } from './price-confidence.ts';

export { confidenceOf, DEFAULT_MAX_STALE_MS, TIER_CONFIDENCE } from './price-confidence.ts';

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

export interface CandlePriceProviderOptions {
  readonly candles: CandleReader;
  readonly maxStaleMs?: number;
}

/**
 * `PriceProvider` over stored candles (the first source of SPEC §2.6): each call reads the candles its window
 * needs and answers with the same index the synchronous `createMemoryPriceWindow` uses, so both give the same
 * value, time, source and confidence.
 */
export function createCandlePriceProvider(options: CandlePriceProviderOptions): PriceProvider {
  const read = options.candles;
  const maxStaleMs = options.maxStaleMs ?? DEFAULT_MAX_STALE_MS;

  const point = (hit: CandleHit | null): PricePoint | null =>
    hit === null
      ? null
      : {
          priceUsd: canonicalDecimal(hit.price),
          at: new Date(hit.atMs),
          source: hit.candle.source,
          resolution: hit.candle.resolution,
          confidence: confidenceOf(hit.candle.resolution, hit.staleMs, maxStaleMs),
        };

  return {
    async at(mint, t) {
      const candles = await read(mint, new Date(t.getTime() - maxStaleMs), t);
      return point(new CandleIndex(candles).at(t.getTime(), maxStaleMs));
    },
    async maxIn(mint, t0, t1) {
      return point(new CandleIndex(await read(mint, t0, t1)).extreme(t0.getTime(), t1.getTime(), 'high'));
    },
    async minIn(mint, t0, t1) {
      return point(new CandleIndex(await read(mint, t0, t1)).extreme(t0.getTime(), t1.getTime(), 'low'));
    },
  };
}
