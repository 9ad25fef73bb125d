import { pumpfunMigrate } from '../../pumpfun/pumpfun-migrate.ts';
import type { BuiltTransaction } from '../simulated-transaction.ts';
import type { SimToken } from '../token-book.ts';
import { openTransaction, type ScenarioContext } from './scenario-context.ts';
import { eventInteger } from '../../programs/event-values.ts';

/** The keeper migrates a completed curve into its PumpSwap pool; from then on the token trades on the AMM. */
export function migration(ctx: ScenarioContext, token: SimToken): BuiltTransaction {
  const keeper = ctx.wallets.wallet(ctx.wallets.keeper).address;
  const tx = openTransaction(ctx, keeper, 600_000);
  const result = pumpfunMigrate(tx, {
    accounts: token.accounts,
    keeper,
    curve: token.curve,
    timestamp: ctx.timestamp,
  });
  token.phase = 'amm';
  token.migratedMs = ctx.nowMs;
  token.lpSupply = eventInteger(result.createPoolEvent, 'lpTokenAmountOut');
  token.curve = { ...token.curve, realSol: 0n, realToken: 0n, complete: true };
  return {
    tx,
    version: 0,
    kind: 'migrate',
    swaps: [],
    events: [
      { program: 'pumpswap', name: 'CreatePoolEvent', data: result.createPoolEvent },
      { program: 'pumpfun', name: 'CompletePumpAmmMigrationEvent', data: result.migrationEvent },
    ],
    trades: [],
    touched: [],
  };
}
