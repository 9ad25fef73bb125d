import { PROGRAM } from '../../chain/well-known.ts';
import { associatedTokenAddress } from '../../keys/program-address.ts';
import { createAssociatedTokenAccount } from '../../programs/associated-token-program.ts';
import { systemTransfer } from '../../programs/system-program.ts';
import { tokenTransferChecked } from '../../programs/token-program.ts';
import { TOKEN_DECIMALS } from '../../../launch/curve/bonding-curve-math.ts';
import type { BuiltTransaction } from '../simulated-transaction.ts';
import type { SimToken } from '../token-book.ts';
import { openTransaction, type ScenarioContext } from './scenario-context.ts';

/** A plain SOL transfer from a wallet app: a legacy transaction with one System `Transfer`. */
export function solTransfer(
  ctx: ScenarioContext,
  from: number,
  to: number,
  lamports: bigint,
): BuiltTransaction {
  const sender = ctx.wallets.wallet(from).address;
  const tx = openTransaction(ctx, sender, 0, 'none');
  systemTransfer(tx, sender, ctx.wallets.wallet(to).address, lamports);
  return { tx, version: 'legacy', kind: 'sol_transfer', swaps: [], events: [], trades: [], touched: [] };
}

/**
 * Tokens sent to another wallet (TransferChecked), creating the receiver's associated account when needed at
 * the sender's expense: no swap for either side, a `rent` for the sender when it opens the account.
 */
export function splTransfer(
  ctx: ScenarioContext,
  token: SimToken,
  from: number,
  to: number,
  amount: bigint,
): BuiltTransaction {
  const sender = ctx.wallets.wallet(from).address;
  const receiver = ctx.wallets.wallet(to).address;
  const tx = openTransaction(ctx, sender, ctx.rng.range(30_000, 60_000));
  const destination = createAssociatedTokenAccount(tx, {
    payer: sender,
    owner: receiver,
    mint: token.mint,
    decimals: TOKEN_DECIMALS,
    idempotent: true,
  });
  tokenTransferChecked(tx, {
    source: associatedTokenAddress(sender, token.mint, PROGRAM.token),
    mint: token.mint,
    destination,
    authority: sender,
    amount,
    decimals: TOKEN_DECIMALS,
  });
  return {
    tx,
    version: 0,
    kind: 'spl_transfer',
    swaps: [],
    events: [],
    trades: [],
    touched: [
      [from, token.mint],
      [to, token.mint],
    ],
  };
}
