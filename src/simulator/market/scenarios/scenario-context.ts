import type { AccountState } from '../../chain/account-state.ts';
import { TransactionBuilder } from '../../chain/transaction-builder.ts';
import { JITO_TIP_ACCOUNTS } from '../../chain/well-known.ts';
import { computeBudget, systemTransfer } from '../../programs/system-program.ts';
import type { SeededRandom } from '../../random/seeded-random.ts';
import type { SimToken } from '../token-book.ts';
import type { WalletBook } from '../wallet-book.ts';

/** What every scenario reads: the state, the market's books, the random stream and the current time. */
export interface ScenarioContext {
  readonly state: AccountState;
  readonly rng: SeededRandom;
  readonly wallets: WalletBook;
  readonly nowMs: number;
  /** Unix seconds of the block (what programs read from the Clock sysvar). */
  readonly timestamp: number;
  /** Asks for the migration of a curve that just completed. */
  readonly onCurveComplete: (token: SimToken) => void;
}

export const SOL = 1_000_000_000n;

/** Priority: most wallets pay a little, snipers and bots pay a lot (micro-lamports per compute unit). */
export function openTransaction(
  ctx: ScenarioContext,
  payer: string,
  limit: number,
  urgency: 'normal' | 'sniper' | 'none' = 'normal',
): TransactionBuilder {
  const tx = new TransactionBuilder(ctx.state, payer);
  if (urgency === 'none') return tx;
  const price =
    urgency === 'sniper'
      ? BigInt(ctx.rng.range(2_000_000, 40_000_000))
      : ctx.rng.chance(0.2)
        ? 0n
        : BigInt(ctx.rng.range(1_000, 1_500_000));
  computeBudget(tx, limit, price);
  return tx;
}

/** A Jito tip: a system transfer to one of the eight tip accounts, last in the transaction. */
export function jitoTip(ctx: ScenarioContext, tx: TransactionBuilder, payer: string, lamports: bigint): void {
  systemTransfer(tx, payer, ctx.rng.pick(JITO_TIP_ACCOUNTS), lamports);
}

/** Worst-case lamports a transaction can cost its payer besides what it trades (fee, priority, rents, tip). */
export const OVERHEAD_LAMPORTS = 25_000_000n;
