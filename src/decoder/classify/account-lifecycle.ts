import { SOL_DECIMALS, SOL_MINT } from '../../domain/mints.ts';
import { createdAccountOwner, stakeWithdraw } from '../programs/instruction-kinds.ts';
import { PROGRAM_IDS } from '../programs/program-registry.ts';
import { incoming, outgoing, type ActionDraft, type Leg } from './action-draft.ts';
import { ownerOf, type DecodeContext } from './decode-context.ts';

/**
 * SOL that funds or leaves accounts rather than trading: rent the owner paid into accounts opened for someone
 * else or for a program (CreateAccount, or Transfer into an account this transaction allocates/assigns — the
 * Metaplex metadata pattern), rent that arrived in accounts others opened for the owner, rent returned from
 * accounts closed to the owner, native stake deposits and withdrawals. Each is carved out of the owner's SOL leg so swaps and transfers see only the rest.
 */
export function accountLifecycleActions(ctx: DecodeContext, owner: string, sol: () => Leg): ActionDraft[] {
  const { tx, balances } = ctx;
  const mine = (account: string): boolean => ownerOf(ctx, account) === owner;
  const postLamports = (account: string): bigint => {
    const i = tx.accountKeys.indexOf(account);
    return i < 0 ? 0n : (tx.postLamports[i] ?? 0n);
  };
  const preLamports = (account: string): bigint => {
    const i = tx.accountKeys.indexOf(account);
    return i < 0 ? 0n : (tx.preLamports[i] ?? 0n);
  };
  const drafts: ActionDraft[] = [];
  const paid = (kind: 'rent' | 'stake', account: string, lamports: bigint): void => {
    drafts.push(outgoing(kind, owner, SOL_MINT, lamports, SOL_DECIMALS, account));
    sol().delta += lamports;
  };
  const refunded = (kind: 'rent' | 'unstake', account: string, lamports: bigint): void => {
    drafts.push(incoming(kind, owner, SOL_MINT, lamports, SOL_DECIMALS, account));
    sol().delta -= lamports;
  };

  const closedHere = new Set<string>();
  for (const m of ctx.movements) {
    switch (m.type) {
      case 'create_account': {
        // An account created and closed again inside the transaction holds nothing afterwards: no rent.
        if (postLamports(m.newAccount) === 0n || mine(m.from) === mine(m.newAccount)) break;
        // Someone else opened an account the owner now holds (an ATA created for a recipient): the rent in it
        // arrived with the account, it was not sent to the owner.
        if (mine(m.newAccount)) {
          refunded('rent', m.from, m.lamports);
          break;
        }
        const ix = tx.instructions[m.ixIndex];
        paid(
          ix !== undefined && createdAccountOwner(ix) === PROGRAM_IDS.stake ? 'stake' : 'rent',
          m.newAccount,
          m.lamports,
        );
        break;
      }
      case 'sol_transfer':
        if (
          mine(m.from) &&
          !mine(m.to) &&
          m.ixIndex < (ctx.allocateIndex.get(m.to) ?? -1) &&
          postLamports(m.to) > 0n
        ) {
          paid('rent', m.to, m.lamports);
        }
        break;
      case 'close_account': {
        closedHere.add(m.account);
        // The owner's own token accounts are already counted in its SOL; only others' rent is a refund.
        const lamports = preLamports(m.account) - postLamports(m.account);
        if (mine(m.destination) && !mine(m.account) && lamports > 0n) refunded('rent', m.account, lamports);
        break;
      }
      case 'token_transfer':
      case 'token_mint':
      case 'token_burn':
      case 'token_account_init':
      case 'account_allocate':
        break;
    }
  }
  for (const ix of tx.instructions) {
    const w = stakeWithdraw(ix);
    if (w !== null && mine(w.to)) refunded('unstake', ix.accounts[0] ?? '', w.lamports);
  }
  // Program accounts a program closed (lamports to zero, no token CloseAccount): the fee payer, who asked for
  // the close, received their rent when its SOL rose by at least that much.
  if (owner === tx.feePayer) {
    tx.accountKeys.forEach((account, i) => {
      const pre = tx.preLamports[i] ?? 0n;
      if (pre === 0n || (tx.postLamports[i] ?? 0n) !== 0n || account === owner || closedHere.has(account))
        return;
      if (balances.tokenAccounts.has(account) || mine(account) || tx.signers.includes(account)) return;
      if (sol().delta >= pre) refunded('rent', account, pre);
    });
  }
  return drafts;
}
