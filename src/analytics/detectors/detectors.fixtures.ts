/** Test fixtures: a config from the committed YAML and a price window that answers from fixed values. */
import { readFileSync } from 'node:fs';
import type { Lot, RealizedTrade } from '../ledger/ledger-records.ts';
import { parseDetectorConfig } from './detector-config.ts';
import { cmp, fromDecimal } from './fraction.ts';
import type { PricePoint, PriceWindow } from './price-window.ts';

export const CONFIG_TEXT = readFileSync(new URL('../../../config/detectors.yaml', import.meta.url), 'utf8');
export const CONFIG = parseDetectorConfig(CONFIG_TEXT);
export const WALLET = 'Wallet1111111111111111111111111111111111111';
export const MINT = 'Mint11111111111111111111111111111111111111';
export const T0 = 1_700_000_000;
export const DAY = 86_400;

export function fixedPrices(p: { max?: string; min?: string; at?: string }): PriceWindow {
  const point = (v: string | undefined, at: number): PricePoint | null =>
    v === undefined ? null : { priceUsd: v, at, source: 'candles_1h', confidence: 0.9 };
  return {
    maxIn: (_m, t0) => point(p.max, t0),
    minIn: (_m, t0) => point(p.min, t0),
    at: (_m, t) => point(p.at, t),
  };
}

const ref = (sig: string, t: number) => ({ slot: 100n, signature: sig, index: 0, blockTime: t });

export function lot(costUsd: string, qtyRaw: bigint, decimals = 6, id = 'lot:1'): Lot {
  return {
    id,
    wallet: WALLET,
    mint: MINT,
    decimals,
    qtyRaw,
    openQtyRaw: 0n,
    costUsd,
    openCostUsd: '0',
    unitCostUsd: null,
    openedAt: ref(`buy-${id}`, T0),
    basisSource: 'swap',
    priceSource: 'swap',
    episodeId: null,
  };
}

export function trade(proceedsUsd: string, qtyRaw: bigint, id = 'trade:1', sig = 'sell-1'): RealizedTrade {
  return {
    id,
    wallet: WALLET,
    mint: MINT,
    lotId: 'lot:1',
    episodeId: null,
    qtyRaw,
    costUsd: '1',
    proceedsUsd,
    pnlUsd: null,
    entry: null,
    exit: ref(sig, T0),
    exitKind: 'swap',
    priceSource: 'swap',
  };
}

export interface TestCandle {
  /** Bucket start, unix seconds (1h buckets). */
  readonly t: number;
  readonly high: string;
  readonly low: string;
  readonly close: string;
}

/** Hourly candles from `from` (inclusive) to `to` (exclusive), each flat at `px(t)` unless it returns a candle. */
export function hourlyCandles(
  from: number,
  to: number,
  px: (t: number) => string | Omit<TestCandle, 't'>,
): TestCandle[] {
  const out: TestCandle[] = [];
  for (let t = from; t < to; t += 3600) {
    const p = px(t);
    out.push(typeof p === 'string' ? { t, high: p, low: p, close: p } : { t, ...p });
  }
  return out;
}

/** A price window over candles, like the candle provider: extremes over buckets starting in [t0, t1]. */
export function candlePrices(
  candles: readonly TestCandle[],
  source = 'candles_1h',
  confidence = 0.8,
): PriceWindow {
  const point = (priceUsd: string, at: number): PricePoint => ({ priceUsd, at, source, confidence });
  const extreme = (t0: number, t1: number, side: 'high' | 'low'): PricePoint | null => {
    let best: TestCandle | null = null;
    for (const c of candles) {
      if (c.t < t0 || c.t > t1) continue;
      const v = fromDecimal(c[side]);
      if (best === null || cmp(v, fromDecimal(best[side])) === (side === 'high' ? 1 : -1)) best = c;
    }
    return best === null ? null : point(best[side], best.t);
  };
  return {
    maxIn: (_m, t0, t1) => extreme(t0, t1, 'high'),
    minIn: (_m, t0, t1) => extreme(t0, t1, 'low'),
    at: (_m, t) => {
      const c = candles.find((x) => x.t <= t && t < x.t + 3600);
      return c === undefined ? null : point(c.close, c.t + 3600);
    },
  };
}
