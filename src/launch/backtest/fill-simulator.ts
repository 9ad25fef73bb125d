import type { CurveReserves } from '../curve/bonding-curve-math.ts';
import {
  quoteAmmBuy,
  quoteAmmSell,
  quoteCurveBuy,
  quoteCurveSell,
  type PoolReserves,
} from '../curve/curve-quote.ts';
import type { AmmVenue } from '../events/launch-event.ts';
import type { FeePolicy } from './fee-schedule.ts';

/** Where a mint trades at a moment: its curve, or its pool after migration. */
export type MarketState =
  | { readonly venue: 'pumpfun'; readonly curve: CurveReserves }
  | { readonly venue: AmmVenue; readonly pool: PoolReserves };

export interface FillRequest {
  readonly side: 'buy' | 'sell';
  /** Buy: lamports to spend (fees included). Sell: token base units. */
  readonly size: bigint;
  readonly maxSlippageBps: bigint;
}

export type Fill =
  | {
      readonly status: 'filled';
      /** Tokens bought or sold. */
      readonly tokens: bigint;
      /** Buy: lamports paid (trade + fees + network fee). Sell: lamports received (after all of them). */
      readonly lamports: bigint;
      /** Protocol, creator and LP fees of the trade. */
      readonly tradeFees: bigint;
      readonly networkFee: bigint;
      /** What the adverse move cost (tokens for a buy, lamports for a sell). */
      readonly slippage: bigint;
    }
  | { readonly status: 'slippage_exceeded'; readonly networkFee: bigint }
  | { readonly status: 'no_market' };

const BPS = 10_000n;

interface Quote {
  /** Buy: tokens out; sell: lamports out after trade fees. */
  readonly out: bigint;
  /** Buy: lamports in with trade fees. */
  readonly paid: bigint;
  readonly tradeFees: bigint;
}

function quote(market: MarketState, request: FillRequest, fees: FeePolicy): Quote | null {
  if (market.venue === 'pumpfun') {
    if (market.curve.complete) return null;
    const curveFees = { protocolFeeBps: fees.protocolFeeBps, creatorFeeBps: fees.creatorFeeBps };
    if (request.side === 'buy') {
      const q = quoteCurveBuy(market.curve, request.size, curveFees);
      return { out: q.tokensOut, paid: q.totalSolIn, tradeFees: q.protocolFee + q.creatorFee };
    }
    const q = quoteCurveSell(market.curve, request.size, curveFees);
    return { out: q.solOut, paid: 0n, tradeFees: q.protocolFee + q.creatorFee };
  }
  if (market.pool.base <= 0n || market.pool.quote <= 0n) return null;
  const poolFees = {
    lpFeeBps: fees.lpFeeBps,
    protocolFeeBps: fees.protocolFeeBps,
    creatorFeeBps: fees.creatorFeeBps,
  };
  if (request.side === 'buy') {
    const q = quoteAmmBuy(market.pool, request.size, poolFees);
    return { out: q.tokensOut, paid: q.totalSolIn, tradeFees: q.lpFee + q.protocolFee + q.creatorFee };
  }
  const q = quoteAmmSell(market.pool, request.size, poolFees);
  return { out: q.solOut, paid: 0n, tradeFees: q.lpFee + q.protocolFee + q.creatorFee };
}

/**
 * One simulated fill: the program's quote with fees at the execution state, then an adverse move of
 * `slippageBps` on what comes out (fewer tokens for a buy, fewer lamports for a sell). The intent's
 * max_slippage_bps is checked as the program checks a min-out: against the quote at the decision state; beyond
 * it the transaction fails and only the network fee is paid. More slippage never gives a better fill.
 */
export function simulateFill(
  decision: MarketState,
  execution: MarketState,
  request: FillRequest,
  fees: FeePolicy,
  slippageBps: bigint,
): Fill {
  if (request.size <= 0n || decision.venue !== execution.venue) return { status: 'no_market' };
  const expected = quote(decision, request, fees);
  const actual = quote(execution, request, fees);
  if (expected === null || actual === null || expected.out <= 0n || actual.out <= 0n)
    return { status: 'no_market' };
  const out = (actual.out * (BPS - slippageBps)) / BPS;
  if (out * BPS < expected.out * (BPS - request.maxSlippageBps) || out <= 0n) {
    return { status: 'slippage_exceeded', networkFee: fees.networkFeeLamports };
  }
  return request.side === 'buy'
    ? {
        status: 'filled',
        tokens: out,
        lamports: actual.paid + fees.networkFeeLamports,
        tradeFees: actual.tradeFees,
        networkFee: fees.networkFeeLamports,
        slippage: actual.out - out,
      }
    : {
        status: 'filled',
        tokens: request.size,
        lamports: out - fees.networkFeeLamports,
        tradeFees: actual.tradeFees,
        networkFee: fees.networkFeeLamports,
        slippage: actual.out - out,
      };
}
