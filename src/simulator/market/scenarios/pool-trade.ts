import type { TransactionBuilder } from '../../chain/transaction-builder.ts';
import { PROGRAM, WSOL_MINT } from '../../chain/well-known.ts';
import { jupiterRoute } from '../../jupiter/jupiter-route.ts';
import { associatedTokenAddress } from '../../keys/program-address.ts';
import { createAssociatedTokenAccount } from '../../programs/associated-token-program.ts';
import { systemTransfer } from '../../programs/system-program.ts';
import { tokenCloseAccount, tokenSyncNative } from '../../programs/token-program.ts';
import { TOKEN_DECIMALS } from '../../../launch/curve/bonding-curve-math.ts';
import { baseOutForQuote, poolBuy, poolSell } from '../../../launch/curve/pool-math.ts';
import { pumpswapBuy, pumpswapSell, type PoolTrade } from '../../pumpswap/pumpswap-trade.ts';
import type { BuiltTransaction, ExpectedSwap, SwapVenue, TxKind } from '../simulated-transaction.ts';
import type { SimToken } from '../token-book.ts';
import { openTransaction, type ScenarioContext } from './scenario-context.ts';
import { eventInteger } from '../../programs/event-values.ts';

/**
 * A trade on a migrated token's PumpSwap pool, directly or routed by Jupiter v6: wrap SOL into a temporary
 * WSOL associated account (create, transfer, SyncNative), trade, close the WSOL account back to the wallet,
 * the pattern of the pump.fun front end and of Jupiter's `wrapAndUnwrapSol`.
 */
export function poolTrade(
  ctx: ScenarioContext,
  token: SimToken,
  walletIndex: number,
  order: { side: 'buy'; budget: bigint } | { side: 'sell'; amount: bigint },
  viaJupiter: boolean,
  slippageBps = ctx.rng.range(50, 1_000),
): BuiltTransaction | null {
  const user = ctx.wallets.wallet(walletIndex).address;
  const base = ctx.state.requireToken(token.accounts.poolBaseTokenAccount).amount;
  const quote = ctx.state.requireToken(token.accounts.poolQuoteTokenAccount).amount;
  const tokenAccount = associatedTokenAddress(user, token.mint, PROGRAM.token);
  if (order.side === 'sell') {
    const held = ctx.state.token(tokenAccount)?.amount ?? 0n;
    if (
      order.amount <= 0n ||
      order.amount > held ||
      poolSell(base, quote, order.amount).userQuoteAmountOut <= 0n
    )
      return null;
  }
  const baseOut = order.side === 'buy' ? baseOutForQuote(base, quote, order.budget) : 0n;
  if (order.side === 'buy' && baseOut <= 0n) return null;

  const tx = openTransaction(
    ctx,
    user,
    viaJupiter ? ctx.rng.range(260_000, 500_000) : ctx.rng.range(200_000, 400_000),
  );
  const wsol = createAssociatedTokenAccount(tx, {
    payer: user,
    owner: user,
    mint: WSOL_MINT,
    decimals: 9,
    idempotent: true,
  });
  let trade: PoolTrade | null;
  if (order.side === 'buy') {
    const needed = poolBuy(base, quote, baseOut).userQuoteAmountIn;
    const maxQuoteIn = needed + (needed * BigInt(slippageBps)) / 10_000n;
    const wrap = viaJupiter ? order.budget : maxQuoteIn;
    systemTransfer(tx, user, wsol, wrap);
    tokenSyncNative(tx, wsol);
    createAssociatedTokenAccount(tx, {
      payer: user,
      owner: user,
      mint: token.mint,
      decimals: TOKEN_DECIMALS,
      idempotent: true,
    });
    trade = viaJupiter
      ? route(ctx, tx, token, user, wsol, tokenAccount, 'buy', order.budget, baseOut, slippageBps)
      : pumpswapBuy(tx, { ...legs(ctx, token, user, wsol, tokenAccount), baseOut, maxQuoteIn });
  } else {
    const expected = poolSell(base, quote, order.amount).userQuoteAmountOut;
    const minQuoteOut = expected - (expected * BigInt(slippageBps)) / 10_000n;
    trade = viaJupiter
      ? route(ctx, tx, token, user, wsol, tokenAccount, 'sell', order.amount, expected, slippageBps)
      : pumpswapSell(tx, {
          ...legs(ctx, token, user, wsol, tokenAccount),
          baseIn: order.amount,
          minQuoteOut,
        });
  }
  tokenCloseAccount(tx, wsol, user, user);

  const ok = trade !== null && tx.failure === null;
  const venue: SwapVenue = viaJupiter ? 'jupiter_v6' : 'pumpswap';
  const kind: TxKind = !ok ? 'failed' : `${viaJupiter ? 'jupiter' : 'pool'}_${order.side}`;
  const swaps: ExpectedSwap[] = [];
  if (trade !== null && ok) swaps.push(poolSwap(user, token.mint, trade, venue));
  return {
    tx,
    version: 0,
    kind,
    swaps,
    events:
      trade !== null && ok
        ? [{ program: 'pumpswap', name: trade.side === 'buy' ? 'BuyEvent' : 'SellEvent', data: trade.event }]
        : [],
    trades:
      trade !== null && ok
        ? [{ mint: token.mint, lamports: poolLamports(trade), tokenRaw: trade.baseAmount }]
        : [],
    touched: [[walletIndex, token.mint]],
  };
}

function legs(ctx: ScenarioContext, token: SimToken, user: string, wsol: string, tokenAccount: string) {
  return {
    accounts: token.accounts,
    user,
    userBaseAccount: tokenAccount,
    userQuoteAccount: wsol,
    timestamp: ctx.timestamp,
  };
}

function route(
  ctx: ScenarioContext,
  tx: TransactionBuilder,
  token: SimToken,
  user: string,
  wsol: string,
  tokenAccount: string,
  side: 'buy' | 'sell',
  inAmount: bigint,
  quotedOut: bigint,
  slippageBps: number,
): PoolTrade | null {
  return jupiterRoute(tx, {
    accounts: token.accounts,
    user,
    wsolAccount: wsol,
    tokenAccount,
    side,
    inAmount,
    quotedOutAmount: quotedOut,
    slippageBps,
    timestamp: ctx.timestamp,
  });
}

/** Our convention: a buy's input is what left the wallet's WSOL (protocol fee included), a sell's output what reached it. */
function poolSwap(owner: string, mint: string, t: PoolTrade, venue: SwapVenue): ExpectedSwap {
  return t.side === 'buy'
    ? {
        owner,
        mintIn: WSOL_MINT,
        amountIn: t.userQuoteAmount,
        mintOut: mint,
        amountOut: t.baseAmount,
        side: 'buy',
        venue,
        venueFee: t.protocolFee,
      }
    : {
        owner,
        mintIn: mint,
        amountIn: t.baseAmount,
        mintOut: WSOL_MINT,
        amountOut: t.userQuoteAmount,
        side: 'sell',
        venue,
        venueFee: t.protocolFee,
      };
}

/** Price of the execution at the pool: quote in (before the protocol fee) or quote out (before fees). */
function poolLamports(t: PoolTrade): bigint {
  return eventInteger(t.event, t.side === 'buy' ? 'quoteAmountIn' : 'quoteAmountOut');
}
