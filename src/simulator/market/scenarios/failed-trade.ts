import { buyCost, sellProceeds, tradeFee } from '../../../launch/curve/bonding-curve-math.ts';
import { PROGRAM } from '../../chain/well-known.ts';
import { associatedTokenAddress } from '../../keys/program-address.ts';
import { pumpfunSell } from '../../pumpfun/pumpfun-trade.ts';
import type { BuiltTransaction } from '../simulated-transaction.ts';
import type { SimToken } from '../token-book.ts';
import { buyOnCurve, curveResult } from './curve-trade.ts';
import { poolTrade } from './pool-trade.ts';
import { openTransaction, type ScenarioContext } from './scenario-context.ts';

/**
 * Transactions that land and fail, the everyday kinds on mainnet: slippage set too tight on a moving curve
 * (TooMuchSolRequired / TooLittleSolReceived) or pool (ExceededSlippage), and buys that arrive after the curve
 * completed (BondingCurveComplete). The fee is charged, everything else rolls back.
 */
export function failedCurveBuy(
  ctx: ScenarioContext,
  token: SimToken,
  walletIndex: number,
  budget: bigint,
): BuiltTransaction | null {
  const c = token.curve;
  // Tokens the budget would have bought at the last price: on a completed curve nothing is for sale any more.
  const tokens = (budget * c.virtualToken) / (c.virtualSol + budget);
  if (tokens <= 0n || (!c.complete && tokens >= c.realToken)) return null;
  const user = ctx.wallets.wallet(walletIndex).address;
  const tx = openTransaction(ctx, user, ctx.rng.range(70_000, 250_000));
  const cost = c.complete ? budget : buyCost(c, tokens);
  const maxSolCost = c.complete ? cost : cost - (cost * BigInt(ctx.rng.range(30, 600))) / 10_000n - 1n;
  const trade = buyOnCurve(ctx, tx, token, user, tokens, maxSolCost);
  return curveResult(ctx, tx, token, walletIndex, trade, 'curve_buy');
}

export function failedCurveSell(
  ctx: ScenarioContext,
  token: SimToken,
  walletIndex: number,
  amount: bigint,
): BuiltTransaction | null {
  const user = ctx.wallets.wallet(walletIndex).address;
  const gross = sellProceeds(token.curve, amount);
  const net = gross - tradeFee(gross);
  if (net <= 0n || token.curve.complete) return null;
  const tx = openTransaction(ctx, user, ctx.rng.range(70_000, 250_000));
  const trade = pumpfunSell(tx, {
    accounts: token.accounts,
    user,
    userTokenAccount: associatedTokenAddress(user, token.mint, PROGRAM.token),
    curve: token.curve,
    timestamp: ctx.timestamp,
    tokens: amount,
    minSolOutput: net + (net * BigInt(ctx.rng.range(30, 600))) / 10_000n + 1n,
  });
  return curveResult(ctx, tx, token, walletIndex, trade, 'curve_sell');
}

/** A PumpSwap buy whose maximum input is below the quote: the pool refuses it. */
export function failedPoolBuy(
  ctx: ScenarioContext,
  token: SimToken,
  walletIndex: number,
  budget: bigint,
): BuiltTransaction | null {
  return poolTrade(ctx, token, walletIndex, { side: 'buy', budget }, false, -ctx.rng.range(20, 500));
}
