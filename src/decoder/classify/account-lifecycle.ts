import { SOL_DECIMALS, SOL_MINT } from '../../domain/mints.ts';
import { createdAccountOwner, stakeWithdraw } from '../programs/instruction-kinds.ts';
import { PROGRAM_IDS } from '../programs/program-registry.ts';
import { incoming, outgoing, type ActionDraft, type Leg } from './action-draft.ts';
import { fundsNewAccount, ownerOf, type DecodeContext } from './decode-context.ts';

/**
 * SOL that funds or leaves accounts rather than trading: rent the owner paid into accounts opened for someone
 * else or for a program (CreateAccount, or Transfer into an account this transaction allocates/assigns — the
 * Metaplex metadata pattern), rent that arrived in accounts others opened for the owner, rent returned from
 * accounts closed to the owner, native stake deposits and withdrawals. Each is carved out of the owner's SOL leg so swaps and transfers see only the rest.
 */
export function accountLifecycleActions(ctx: DecodeContext, owner: string, sol: () => Leg): ActionDraft[] {
  const { tx } = ctx;
  const mine = (account: string): boolean => ownerOf(ctx, account) === owner;
  const postLamports = (account: string): bigint => {
    const i = tx.accountKeys.indexOf(account);
    return i < 0 ? 0n : (tx.postLamports[i] ?? 0n);
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
        if (fundsNewAccount(ctx, owner, m) && postLamports(m.to) > 0n) paid('rent', m.to, m.lamports);
        break;
      case 'close_account': // with the closed accounts below
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
  // Accounts closed in this transaction: a program account's rent back to the owner, or — for a token account
  // another holder closed to the owner, or an account another wallet funded here — a transfer between the two.
  for (const c of ctx.closedAccounts) {
    if (c.funder === c.receiver) continue; // opened and closed by the same wallet: nothing happened to it
    if (c.receiver === owner) {
      if (c.funder === null) refunded('rent', c.account, c.lamports);
      else {
        drafts.push(incoming('transfer_in', owner, SOL_MINT, c.lamports, SOL_DECIMALS, c.funder));
        sol().delta -= c.lamports;
      }
    } else if (c.funder === owner) {
      drafts.push(outgoing('transfer_out', owner, SOL_MINT, c.lamports, SOL_DECIMALS, c.receiver));
      sol().delta += c.lamports;
    }
  }
  return drafts;
}
