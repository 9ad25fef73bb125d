import { PROGRAM, WSOL_MINT } from '../../chain/well-known.ts';
import { associatedTokenAddress } from '../../keys/program-address.ts';
import { createAssociatedTokenAccount } from '../../programs/associated-token-program.ts';
import { tokenCloseAccount } from '../../programs/token-program.ts';
import {
  buyCost,
  sellProceeds,
  tokensForSol,
  tradeFee,
  TOKEN_DECIMALS,
} from '../../../launch/curve/bonding-curve-math.ts';
import { pumpfunBuy, pumpfunSell, type PumpTrade } from '../../pumpfun/pumpfun-trade.ts';
import type { TransactionBuilder } from '../../chain/transaction-builder.ts';
import type { BuiltTransaction, ExpectedEvent, ExpectedSwap } from '../simulated-transaction.ts';
import type { SimToken } from '../token-book.ts';
import { jitoTip, openTransaction, type ScenarioContext } from './scenario-context.ts';

/**
 * A buy on the bonding curve for a SOL budget: the client quotes tokens for the budget and allows 1–15%
 * slippage; the associated token account is created in the same transaction (idempotent). Snipers pay high
 * priority and a Jito tip. Returns null when the budget buys nothing.
 */
export function curveBuy(
  ctx: ScenarioContext,
  token: SimToken,
  walletIndex: number,
  budget: bigint,
  urgency: 'normal' | 'sniper' = 'normal',
): BuiltTransaction | null {
  const tokens = tokensForSol(token.curve, budget);
  if (tokens <= 0n) return null;
  const user = ctx.wallets.wallet(walletIndex).address;
  const tx = openTransaction(
    ctx,
    user,
    urgency === 'sniper' ? 150_000 : ctx.rng.range(80_000, 250_000),
    urgency,
  );
  const cost = buyCost(token.curve, tokens);
  const maxSolCost = cost + (cost * BigInt(ctx.rng.range(100, 1_500))) / 10_000n;
  const trade = buyOnCurve(ctx, tx, token, user, tokens, maxSolCost);
  if (urgency === 'sniper' || ctx.rng.chance(0.08))
    jitoTip(ctx, tx, user, BigInt(ctx.rng.range(100_000, 3_000_000)));
  return curveResult(ctx, tx, token, walletIndex, trade, 'curve_buy');
}

/** The associated token account, then `buy`: the two instructions of every pump.fun buy. */
export function buyOnCurve(
  ctx: ScenarioContext,
  tx: TransactionBuilder,
  token: SimToken,
  user: string,
  tokens: bigint,
  maxSolCost: bigint,
  idempotent = true,
): PumpTrade | null {
  const ata = createAssociatedTokenAccount(tx, {
    payer: user,
    owner: user,
    mint: token.mint,
    decimals: TOKEN_DECIMALS,
    idempotent,
  });
  return pumpfunBuy(tx, {
    accounts: token.accounts,
    user,
    userTokenAccount: ata,
    curve: token.curve,
    timestamp: ctx.timestamp,
    tokens,
    maxSolCost,
  });
}

/** Sells `amount` tokens on the curve with 1–10% slippage; a wallet selling out sometimes closes its account. */
export function curveSell(
  ctx: ScenarioContext,
  token: SimToken,
  walletIndex: number,
  amount: bigint,
): BuiltTransaction | null {
  const user = ctx.wallets.wallet(walletIndex).address;
  const userTokenAccount = associatedTokenAddress(user, token.mint, PROGRAM.token);
  const ata = ctx.state.token(userTokenAccount);
  if (ata === undefined || amount <= 0n || amount > ata.amount) return null;
  const sellsOut = amount === ata.amount;
  const gross = sellProceeds(token.curve, amount);
  const net = gross - tradeFee(gross);
  if (net <= 0n) return null;
  const tx = openTransaction(ctx, user, ctx.rng.range(70_000, 250_000));
  const trade = pumpfunSell(tx, {
    accounts: token.accounts,
    user,
    userTokenAccount,
    curve: token.curve,
    timestamp: ctx.timestamp,
    tokens: amount,
    minSolOutput: net - (net * BigInt(ctx.rng.range(100, 1_000))) / 10_000n,
  });
  if (sellsOut && ctx.rng.chance(0.25)) tokenCloseAccount(tx, userTokenAccount, user, user);
  return curveResult(ctx, tx, token, walletIndex, trade, 'curve_sell');
}

/** The ledger entries of a curve trade, and the curve's new state once the transaction went through. */
export function curveResult(
  ctx: ScenarioContext,
  tx: TransactionBuilder,
  token: SimToken,
  walletIndex: number,
  trade: PumpTrade | null,
  kind: 'curve_buy' | 'curve_sell',
): BuiltTransaction {
  const swaps: ExpectedSwap[] = [];
  const events: ExpectedEvent[] = [];
  if (trade !== null && tx.failure === null) {
    token.curve = trade.curve;
    if (trade.curve.complete) {
      token.phase = 'complete';
      ctx.onCurveComplete(token);
    }
    swaps.push(curveSwap(ctx.wallets.wallet(walletIndex).address, token.mint, trade));
    events.push({ program: 'pumpfun', name: 'TradeEvent', data: trade.tradeEvent });
    if (trade.completeEvent !== null)
      events.push({ program: 'pumpfun', name: 'CompleteEvent', data: trade.completeEvent });
  }
  return {
    tx,
    version: 0,
    kind: tx.failure === null ? kind : 'failed',
    swaps,
    events,
    trades:
      trade === null || tx.failure !== null
        ? []
        : [{ mint: token.mint, lamports: trade.sol, tokenRaw: trade.tokens }],
    touched: [[walletIndex, token.mint]],
  };
}

/** Buy: the wallet paid `solAmount` (the 1% fee went beside it). Sell: it received `solAmount` − fee. */
export function curveSwap(owner: string, mint: string, trade: PumpTrade): ExpectedSwap {
  const isBuy = trade.tradeEvent.isBuy === true;
  return isBuy
    ? {
        owner,
        mintIn: WSOL_MINT,
        amountIn: trade.sol,
        mintOut: mint,
        amountOut: trade.tokens,
        side: 'buy',
        venue: 'pumpfun',
        venueFee: trade.fee,
      }
    : {
        owner,
        mintIn: mint,
        amountIn: trade.tokens,
        mintOut: WSOL_MINT,
        amountOut: trade.sol - trade.fee,
        side: 'sell',
        venue: 'pumpfun',
        venueFee: trade.fee,
      };
}
