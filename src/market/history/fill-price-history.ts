import { isOofError } from '../../core/errors/oof-error.ts';
import { SOL_MINT } from '../../domain/mints.ts';
import type { Database, Db } from '../../store/database.ts';
import { loadCandles, saveCandles, type Candle } from '../../store/prices/candle.repository.ts';
import {
  loadPriceCoverage,
  recordPriceCoverage,
  storedCandleHours,
  type PriceCoverage,
} from '../../store/prices/price-coverage.repository.ts';
import { loadSwapsOfMint } from '../../store/prices/swap-fills.repository.ts';
import { BIRDEYE_SOURCE, type BirdeyeHistorySource } from '../birdeye/birdeye-history.price-source.ts';
import { GECKO_SOURCE, type GeckoOhlcvSource } from '../geckoterminal/gecko-ohlcv.price-source.ts';
import type { GeckoTokenPoolsSource } from '../geckoterminal/gecko-token-pools.price-source.ts';
import { LOCAL_VWAP_SOURCE, localVwapCandles } from '../vwap/local-vwap.ts';
import { floorHour, HOUR_MS, hoursNotIn, missingHourRanges, type HourRange } from './hour-gaps.ts';
import { birdeyeHourCandles, CeilingHit, geckoHourCandles, ReadBudget } from './vendor-paging.ts';

/** The historical sources of SPEC §2.6, asked in this order for what the store lacks. */
export interface PriceHistorySources {
  readonly geckoterminal?: { readonly pools: GeckoTokenPoolsSource; readonly ohlcv: GeckoOhlcvSource };
  /** Only when a Birdeye key is configured. */
  readonly birdeye?: BirdeyeHistorySource;
  /** The store's own swaps as 1m candles (default on). */
  readonly localVwap?: boolean;
}

export type PriceHistorySourceName = typeof GECKO_SOURCE | typeof BIRDEYE_SOURCE | typeof LOCAL_VWAP_SOURCE;

export interface PriceHistoryProgress {
  readonly mint: string;
  /** 1-based position of `mint` in the run. */
  readonly mintIndex: number;
  readonly mints: number;
  readonly source: PriceHistorySourceName;
  readonly candles: number;
  readonly candleReads: number;
}

export interface FillPriceHistoryOptions {
  /** The store (its `transaction` keeps each range's candles and coverage together). */
  readonly database: Database;
  readonly mints: readonly string[];
  readonly from: Date;
  readonly to: Date;
  readonly sources: PriceHistorySources;
  /** Vendor candle rows this run may read (GeckoTerminal + Birdeye); default unlimited. */
  readonly maxCandleReads?: number;
  readonly onProgress?: (progress: PriceHistoryProgress) => void;
}

export interface PriceSourceStats {
  requests: number;
  candles: number;
}

export interface PriceHistoryError {
  readonly mint: string;
  readonly source: PriceHistorySourceName | 'store';
  readonly code: string;
  readonly message: string;
}

export interface FillPriceHistoryResult {
  readonly ceilingHit: boolean;
  readonly candleReads: number;
  readonly perSource: Readonly<Record<PriceHistorySourceName, Readonly<PriceSourceStats>>>;
  readonly errors: readonly PriceHistoryError[];
  /** Mints whose window is now fully accounted for (candles or "asked, none found"). */
  readonly completed: readonly string[];
  /** Mints not (fully) done because the ceiling was hit; a later run picks them up. */
  readonly pending: readonly string[];
}

class SourceFailed extends Error {
  constructor(
    readonly source: PriceHistorySourceName,
    readonly failure: unknown,
  ) {
    super('source failed');
  }
}

/**
 * Fills the price history of `mints` over `[from, to]` on the hour grid. Per mint: the hours that neither a
 * stored candle nor a `price_coverage` row accounts for are asked, run by run, from GeckoTerminal (pool
 * discovery, then hourly OHLCV paged back with `before_timestamp` until `from`), then Birdeye (hours still
 * empty, when configured), then the local VWAP of stored swaps (last resort). Each range's candles and its
 * coverage rows — including "asked, none found" — are written in one transaction, so a second run over the
 * same window asks nothing, and a source that fails writes nothing for its range: the error is reported for
 * that mint, and the other mints go on. Vendor candle rows count against `maxCandleReads`; on reaching it the
 * run stops before the next request (`ceilingHit`), keeps the candles already read (not their coverage, so
 * the rest is asked again later).
 */
export async function fillPriceHistory(options: FillPriceHistoryOptions): Promise<FillPriceHistoryResult> {
  const { database, sources } = options;
  const budget = new ReadBudget(options.maxCandleReads ?? Number.POSITIVE_INFINITY);
  const perSource: Record<PriceHistorySourceName, PriceSourceStats> = {
    [GECKO_SOURCE]: { requests: 0, candles: 0 },
    [BIRDEYE_SOURCE]: { requests: 0, candles: 0 },
    [LOCAL_VWAP_SOURCE]: { requests: 0, candles: 0 },
  };
  const errors: PriceHistoryError[] = [];
  const completed: string[] = [];
  const pending: string[] = [];
  let ceilingHit = false;
  // SOL first: its candles bridge the SOL-quoted fills of every other mint's local VWAP.
  const mints = [...new Set(options.mints)].sort((a, b) => (a === SOL_MINT ? -1 : b === SOL_MINT ? 1 : 0));
  const window: HourRange = { from: floorHour(options.from.getTime()), to: floorHour(options.to.getTime()) };

  for (const [position, mint] of mints.entries()) {
    if (ceilingHit) {
      pending.push(mint);
      continue;
    }
    const progress = (source: PriceHistorySourceName, candles: number): void =>
      options.onProgress?.({
        mint,
        mintIndex: position + 1,
        mints: mints.length,
        source,
        candles,
        candleReads: budget.reads,
      });
    let gaps: HourRange[];
    try {
      gaps = await missingRanges(database.db, mint, window);
    } catch (e) {
      errors.push(errorOf(mint, 'store', e));
      continue;
    }
    let pool: string | null | undefined; // undefined = not discovered yet this run
    let failed = false;
    for (const gap of gaps) {
      const found: Candle[] = [];
      const coverage: PriceCoverage[] = [];
      const row = (source: string, r: HourRange, candles: number): PriceCoverage => ({
        mint,
        source,
        from: new Date(r.from),
        to: new Date(r.to),
        candles,
      });
      try {
        if (sources.geckoterminal !== undefined) {
          const gecko = sources.geckoterminal;
          if (pool === undefined) {
            budget.allowance();
            perSource[GECKO_SOURCE].requests++;
            const pools = await attempt(GECKO_SOURCE, () => gecko.pools(mint));
            pool = pools[0]?.address ?? null;
          }
          const target = pool === null ? null : { pool, mint };
          const candles =
            target === null
              ? []
              : await attempt(GECKO_SOURCE, () =>
                  geckoHourCandles(
                    gecko.ohlcv,
                    target,
                    gap,
                    budget,
                    () => perSource[GECKO_SOURCE].requests++,
                  ),
                );
          perSource[GECKO_SOURCE].candles += candles.length;
          found.push(...candles);
          coverage.push(row(GECKO_SOURCE, gap, candles.length));
          progress(GECKO_SOURCE, candles.length);
        }
        const birdeye = sources.birdeye;
        if (birdeye !== undefined) {
          for (const hole of hoursNotIn(gap, hourSet(found))) {
            const candles = await attempt(BIRDEYE_SOURCE, () =>
              birdeyeHourCandles(birdeye, mint, hole, budget, () => perSource[BIRDEYE_SOURCE].requests++),
            );
            perSource[BIRDEYE_SOURCE].candles += candles.length;
            found.push(...candles);
            coverage.push(row(BIRDEYE_SOURCE, hole, candles.length));
            progress(BIRDEYE_SOURCE, candles.length);
          }
        }
        if (sources.localVwap !== false) {
          for (const hole of hoursNotIn(gap, hourSet(found))) {
            perSource[LOCAL_VWAP_SOURCE].requests++;
            const candles = await attempt(LOCAL_VWAP_SOURCE, () => localCandles(database.db, mint, hole));
            perSource[LOCAL_VWAP_SOURCE].candles += candles.length;
            found.push(...candles);
            coverage.push(row(LOCAL_VWAP_SOURCE, hole, candles.length));
            progress(LOCAL_VWAP_SOURCE, candles.length);
          }
        }
      } catch (e) {
        if (e instanceof CeilingHit) {
          ceilingHit = true;
          // Complete candles already read are kept; no coverage row, so the rest is asked again later.
          const kept = [...found, ...e.candles];
          for (const c of e.candles) {
            if (c.source === GECKO_SOURCE || c.source === BIRDEYE_SOURCE) perSource[c.source].candles++;
          }
          try {
            await database.transaction((tx) => saveCandles(tx, kept));
          } catch (saveError) {
            errors.push(errorOf(mint, 'store', saveError));
          }
          break;
        }
        if (e instanceof SourceFailed) {
          errors.push(errorOf(mint, e.source, e.failure));
          failed = true;
          break;
        }
        throw e;
      }
      try {
        await database.transaction(async (tx) => {
          await saveCandles(tx, found);
          await recordPriceCoverage(tx, coverage);
        });
      } catch (e) {
        errors.push(errorOf(mint, 'store', e));
        failed = true;
        break;
      }
    }
    if (ceilingHit) pending.push(mint);
    else if (!failed) completed.push(mint);
  }
  return { ceilingHit, candleReads: budget.reads, perSource, errors, completed, pending };
}

async function missingRanges(db: Db, mint: string, window: HourRange): Promise<HourRange[]> {
  const from = new Date(window.from);
  const to = new Date(window.to);
  const covered = (await loadPriceCoverage(db, mint, from, to)).map((c) => ({
    from: c.from.getTime(),
    to: c.to.getTime(),
  }));
  // Coverage rows usually account for nearly the whole window (a re-analysis): only the hours they leave open
  // are looked up among the stored candles, instead of listing every stored hour of two years.
  const uncovered = missingHourRanges(window, covered, new Set());
  if (uncovered.length > MAX_SEPARATE_LOOKUPS) {
    const hours = new Set(
      (await storedCandleHours(db, mint, from, new Date(window.to + HOUR_MS - 1))).map((d) => d.getTime()),
    );
    return missingHourRanges(window, covered, hours);
  }
  const out: HourRange[] = [];
  for (const r of uncovered) {
    const stored = await storedCandleHours(db, mint, new Date(r.from), new Date(r.to + HOUR_MS - 1));
    out.push(...hoursNotIn(r, new Set(stored.map((d) => d.getTime()))));
  }
  return out;
}

/** Above this many uncovered stretches, one query lists the window's stored hours instead. */
const MAX_SEPARATE_LOOKUPS = 16;

/** The local VWAP of `mint` over the hours of `range`, SOL-quoted fills bridged through stored SOL/USD. */
async function localCandles(db: Db, mint: string, range: HourRange): Promise<Candle[]> {
  const from = new Date(range.from);
  const to = new Date(range.to + HOUR_MS - 1);
  const fills = await loadSwapsOfMint(db, mint, from, to);
  if (fills.length === 0) return [];
  const solUsd = mint === SOL_MINT ? [] : await loadCandles(db, SOL_MINT, new Date(range.from - HOUR_MS), to);
  return localVwapCandles(mint, fills, { solUsdCandles: solUsd })
    .filter((c) => c.bucketStart.getTime() >= range.from && c.bucketStart.getTime() <= to.getTime())
    .map(({ vwap: _vwap, fills: _fills, ...candle }) => candle);
}

function hourSet(candles: readonly Candle[]): Set<number> {
  return new Set(candles.map((c) => floorHour(c.bucketStart.getTime())));
}

async function attempt<T>(source: PriceHistorySourceName, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof CeilingHit) throw e;
    throw new SourceFailed(source, e);
  }
}

function errorOf(mint: string, source: PriceHistoryError['source'], e: unknown): PriceHistoryError {
  return {
    mint,
    source,
    code: isOofError(e) ? e.code : 'UNEXPECTED',
    message: e instanceof Error ? e.message : String(e),
  };
}
