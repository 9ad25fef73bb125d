import { pumpfunCreate } from '../../pumpfun/pumpfun-create.ts';
import { buyCost, tokensForSol } from '../../../launch/curve/bonding-curve-math.ts';
import type { BuiltTransaction } from '../simulated-transaction.ts';
import type { SimToken } from '../token-book.ts';
import { buyOnCurve, curveResult } from './curve-trade.ts';
import { jitoTip, openTransaction, SOL, type ScenarioContext } from './scenario-context.ts';

/**
 * A launch: the creator signs with the new mint keypair, `create`s the token and buys first in the same
 * transaction (non-idempotent ATA `Create`, as the recorded creates do). Rug creators buy big to have
 * something to dump.
 */
export function launch(ctx: ScenarioContext, token: SimToken): BuiltTransaction {
  const creator = ctx.wallets.wallet(token.creator).address;
  const tx = openTransaction(ctx, creator, 250_000);
  tx.use({ address: token.mint, writable: true, signer: true });
  const createEvent = pumpfunCreate(tx, {
    accounts: token.accounts,
    user: creator,
    name: token.name,
    symbol: token.symbol,
    uri: token.uri,
  });
  token.phase = 'curve';
  const available = ctx.state.lamports(creator) - 60_000_000n;
  let budget =
    token.fate === 'rug' ? ctx.rng.bigRange(SOL, 4n * SOL) : ctx.rng.bigRange(SOL / 10n, (3n * SOL) / 2n);
  if (budget > (available * 9n) / 10n) budget = (available * 9n) / 10n;
  const tokens = budget > 0n ? tokensForSol(token.curve, budget) : 0n;
  let built: BuiltTransaction;
  if (tokens > 0n) {
    const trade = buyOnCurve(
      ctx,
      tx,
      token,
      creator,
      tokens,
      buyCost(token.curve, tokens) + SOL / 100n,
      false,
    );
    if (ctx.rng.chance(0.3)) jitoTip(ctx, tx, creator, BigInt(ctx.rng.range(1_000_000, 5_000_000)));
    built = curveResult(ctx, tx, token, token.creator, trade, 'curve_buy');
  } else {
    built = { tx, version: 0, kind: 'create', swaps: [], events: [], trades: [], touched: [] };
  }
  return {
    ...built,
    kind: 'create',
    events: [{ program: 'pumpfun', name: 'CreateEvent', data: createEvent }, ...built.events],
  };
}
