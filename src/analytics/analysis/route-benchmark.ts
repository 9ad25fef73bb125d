/**
 * The BadRoute benchmark of history (SPEC §3): the best execution of the same token against a quote asset in
 * the same minute among the fills in the store (any wallet), else the market price of that minute.
 */
import type { Action } from '../../decoder/action.ts';
import { pricedSwapLeg, type RouteBenchmarkFn } from '../detectors/bad-route.detector.ts';
import { cmp, div, fromDecimal, fromUnits, toDecimal, type Fraction } from '../detectors/fraction.ts';
import type { PriceWindow } from '../detectors/price-window.ts';

interface BestFills {
  /** Lowest USD per token paid by a buyer. */
  buy: Fraction | null;
  /** Highest USD per token received by a seller. */
  sell: Fraction | null;
}

/** USD per whole token of a priced buy or sell swap, with its token and side; null for anything else. */
export function fillPrice(a: Action): { mint: string; side: 'buy' | 'sell'; price: Fraction } | null {
  const leg = pricedSwapLeg(a);
  return leg === null
    ? null
    : { mint: leg.mint, side: leg.side, price: div(fromDecimal(leg.usd), fromUnits(leg.raw, leg.dec)) };
}

export const minuteOf = (unixSeconds: number): number => unixSeconds - (unixSeconds % 60);

/**
 * Benchmark from stored fills (`fills`: every priced swap of the wallet's tokens in the minutes it traded, its
 * own included — its own fill being the best means it was not worse) and the price window as the fallback.
 */
export function historyRouteBenchmark(fills: readonly Action[], prices: PriceWindow): RouteBenchmarkFn {
  const best = new Map<string, BestFills>();
  for (const a of fills) {
    if (a.blockTime === null) continue;
    const f = fillPrice(a);
    if (f === null) continue;
    const key = `${f.mint}:${minuteOf(a.blockTime)}`;
    const b = best.get(key) ?? { buy: null, sell: null };
    if (f.side === 'buy' && (b.buy === null || cmp(f.price, b.buy) < 0)) b.buy = f.price;
    if (f.side === 'sell' && (b.sell === null || cmp(f.price, b.sell) > 0)) b.sell = f.price;
    best.set(key, b);
  }
  return (mint, minuteStart, side) => {
    const b = best.get(`${mint}:${minuteStart}`);
    const fill = side === 'buy' ? b?.buy : b?.sell;
    const market = prices.at(mint, minuteStart);
    // A fill better than the market is the benchmark; a lone own fill worse than the market is not.
    if (fill && fill !== null) {
      const fillIsBetter =
        market === null ||
        (side === 'buy'
          ? cmp(fill, fromDecimal(market.priceUsd)) <= 0
          : cmp(fill, fromDecimal(market.priceUsd)) >= 0);
      if (fillIsBetter) return { priceUsd: toDecimal(fill), source: 'store_best_fill', confidence: 1 };
    }
    if (market === null) return null;
    return { priceUsd: market.priceUsd, source: market.source, confidence: market.confidence };
  };
}
