import type { OwnerBalances } from '../balances/owner-balances.ts';
import type { Movement } from '../movements/movement.ts';
import type { NormalizedTransaction } from '../transaction/normalized-transaction.ts';

/**
 * Accounts closed in this transaction. Token accounts: their CloseAccount names the receiver, and the lamports
 * (rent, plus wrapped SOL) belonged to the account's holder (`funder`). Program accounts (Anchor `close`,
 * positions, orders): the lamports go to a receiver without any System transfer, so no movement shows them —
 * the receiver is the first holder, in instruction order, that an instruction naming the closed account also
 * names and whose SOL rose by at least the drained amount; `funder` is who opened the account inside this
 * transaction (null when it existed before: then the lamports are rent coming back).
 * An account is closed when it ends with 0 lamports after holding some, before the transaction or inside it.
 */
export interface ClosedAccount {
  readonly account: string;
  readonly lamports: bigint;
  readonly receiver: string;
  readonly funder: string | null;
}

export function findClosedAccounts(
  tx: NormalizedTransaction,
  balances: OwnerBalances,
  movements: readonly Movement[],
): ClosedAccount[] {
  const inflow = new Map<string, bigint>();
  const outflow = new Map<string, bigint>();
  const funder = new Map<string, string>();
  const add = (m: Map<string, bigint>, k: string, v: bigint): void => {
    m.set(k, (m.get(k) ?? 0n) + v);
  };
  const closedByToken = new Map<string, string>();
  for (const m of movements) {
    if (m.type === 'create_account') {
      add(inflow, m.newAccount, m.lamports);
      if (!funder.has(m.newAccount)) funder.set(m.newAccount, balances.accountOwner(m.from));
    } else if (m.type === 'sol_transfer') {
      add(inflow, m.to, m.lamports);
      add(outflow, m.from, m.lamports);
    } else if (m.type === 'close_account' && !closedByToken.has(m.account))
      closedByToken.set(m.account, m.destination);
  }
  const signers = new Set(tx.signers);
  const tokenAccount = (a: string): boolean =>
    balances.accountOwner(a) !== a || balances.tokenAccounts.has(a);
  const remainingGain = new Map(balances.rawSolByOwner);
  const out: ClosedAccount[] = [];
  tx.accountKeys.forEach((account, i) => {
    if ((tx.postLamports[i] ?? 0n) !== 0n || signers.has(account)) return;
    const lamports = (tx.preLamports[i] ?? 0n) + (inflow.get(account) ?? 0n) - (outflow.get(account) ?? 0n);
    if (lamports <= 0n) return;
    const closedTo = closedByToken.get(account);
    if (closedTo !== undefined) {
      out.push({
        account,
        lamports,
        receiver: balances.accountOwner(closedTo),
        funder: balances.accountOwner(account),
      });
      return;
    }
    if (tokenAccount(account)) return;
    const receiver = findReceiver(tx, balances, account, lamports, remainingGain);
    if (receiver === null) return;
    remainingGain.set(receiver, (remainingGain.get(receiver) ?? 0n) - lamports);
    out.push({ account, lamports, receiver, funder: funder.get(account) ?? null });
  });
  return out;
}

function findReceiver(
  tx: NormalizedTransaction,
  balances: OwnerBalances,
  account: string,
  lamports: bigint,
  gain: ReadonlyMap<string, bigint>,
): string | null {
  for (const ix of tx.instructions) {
    if (!ix.accounts.includes(account)) continue;
    for (const candidate of ix.accounts) {
      const holder = balances.accountOwner(candidate);
      if (holder === account || candidate === ix.programId) continue;
      if ((gain.get(holder) ?? 0n) >= lamports) return holder;
    }
  }
  return null;
}
