import type { CurveReserves } from '../curve/bonding-curve-math.ts';
import type { PoolReserves } from '../curve/curve-quote.ts';
import type { AmmVenue, LaunchEventBody } from '../events/launch-event.ts';

/** Lamports per token base unit, scaled by 10^18: exact enough to compare prices of any launch. */
export const PRICE_SCALE = 10n ** 18n;

/** What an event says about a mint's market: the curve's or the pool's reserves after it. */
export type MarketObservation =
  | { readonly mint: string; readonly venue: 'pumpfun'; readonly curve: CurveReserves }
  | { readonly mint: string; readonly venue: AmmVenue; readonly pool: PoolReserves };

/**
 * The reserves an event reports, if any: a curve trade or curve snapshot → the curve; an AMM trade (the
 * pipeline puts the pool's quote/base after the trade in the virtual SOL/token fields) or an AMM snapshot → the
 * pool. Used by the strategy (prices, sizes) and the backtest (fills) alike.
 */
export function observeMarket(body: LaunchEventBody): MarketObservation | null {
  switch (body.kind) {
    case 'tradeObserved': {
      const t = body.tradeObserved;
      if (t.venue === 'pumpfun') {
        const realToken = BigInt(t.realTokenReserves);
        return {
          mint: t.mint,
          venue: 'pumpfun',
          curve: {
            virtualSol: BigInt(t.virtualSolReserves),
            virtualToken: BigInt(t.virtualTokenReserves),
            realSol: BigInt(t.realSolReserves),
            realToken,
            complete: realToken === 0n,
          },
        };
      }
      return {
        mint: t.mint,
        venue: t.venue,
        pool: { base: BigInt(t.virtualTokenReserves), quote: BigInt(t.virtualSolReserves) },
      };
    }
    case 'curveSnapshot': {
      const c = body.curveSnapshot;
      return {
        mint: c.mint,
        venue: 'pumpfun',
        curve: {
          virtualSol: BigInt(c.virtualSolReserves),
          virtualToken: BigInt(c.virtualTokenReserves),
          realSol: BigInt(c.realSolReserves),
          realToken: BigInt(c.realTokenReserves),
          complete: c.complete,
        },
      };
    }
    case 'ammSnapshot': {
      const a = body.ammSnapshot;
      return {
        mint: a.mint,
        venue: a.venue,
        pool: { base: BigInt(a.baseReserve), quote: BigInt(a.quoteReserve) },
      };
    }
    default:
      return null;
  }
}

/** Marginal price of the observation (lamports per base unit × 10^18); null when a reserve is empty. */
export function observedPrice(o: MarketObservation): bigint | null {
  const [sol, tokens] =
    'curve' in o ? [o.curve.virtualSol, o.curve.virtualToken] : [o.pool.quote, o.pool.base];
  return tokens > 0n && sol > 0n ? (sol * PRICE_SCALE) / tokens : null;
}
