import { SOL_DECIMALS, SOL_MINT } from '../../domain/mints.ts';
import type { Movement } from '../movements/movement.ts';
import type { NormalizedTransaction } from '../transaction/normalized-transaction.ts';

/**
 * Balance changes grouped by owner wallet and mint.
 *
 * An owner's SOL is every lamport it controls: its own account plus the lamports held by the token accounts
 * it owns. That one rule merges WSOL into SOL (a WSOL account's lamports are its token amount plus rent) and
 * makes the rent of the owner's own token accounts neutral (opening moves lamports from the wallet into an
 * account it still owns; closing moves them back). WSOL token amounts are therefore not counted again.
 * The fee is added back for the fee payer: `deltaRaw` is the change net of the fee (SPEC §2.2).
 * Token accounts opened and closed inside the transaction (temporary WSOL accounts of AMM swaps and
 * liquidity moves) appear in no token balance list; their `InitializeAccount` instruction names the owner.
 */
export interface OwnerDelta {
  readonly owner: string;
  readonly mint: string;
  readonly decimals: number;
  readonly deltaRaw: bigint;
}

export interface TokenAccountInfo {
  readonly account: string;
  readonly owner: string;
  readonly mint: string;
  readonly decimals: number;
  readonly programId: string | null;
  readonly preAmount: bigint;
  readonly postAmount: bigint;
}

export interface OwnerBalances {
  readonly tokenAccounts: ReadonlyMap<string, TokenAccountInfo>;
  /** Changes per (owner, mint), zero changes dropped, sorted by owner then mint (deterministic). */
  readonly deltas: readonly OwnerDelta[];
  /** Raw lamport change of each account (index order), before any attribution. */
  readonly lamportChange: ReadonlyMap<string, bigint>;
  /** Owner → SOL change it controls, before adding the fee back. */
  readonly rawSolByOwner: ReadonlyMap<string, bigint>;
  /** Wallet that holds an account: a token account's owner (listed or initialized here), else the account. */
  accountOwner(account: string): string;
}

export function computeOwnerBalances(
  tx: NormalizedTransaction,
  movements: readonly Movement[],
): OwnerBalances {
  const tokenAccounts = new Map<string, TokenAccountInfo>();
  const initialized = new Map<string, string>();
  for (const m of movements) if (m.type === 'token_account_init') initialized.set(m.account, m.owner);
  const accountOwner = (account: string): string =>
    tokenAccounts.get(account)?.owner ?? initialized.get(account) ?? account;
  const upsert = (b: NormalizedTransaction['preTokenBalances'][number], which: 'pre' | 'post'): void => {
    const prev = tokenAccounts.get(b.account);
    tokenAccounts.set(b.account, {
      account: b.account,
      // The pre-state owner wins: an owner change (setAuthority) inside the tx is rare, and the tokens that
      // left did so from the old owner.
      owner: prev?.owner ?? b.owner,
      mint: prev?.mint ?? b.mint,
      decimals: b.decimals,
      programId: prev?.programId ?? b.programId,
      preAmount: which === 'pre' ? b.amount : (prev?.preAmount ?? 0n),
      postAmount: which === 'post' ? b.amount : (prev?.postAmount ?? 0n),
    });
  };
  for (const b of tx.preTokenBalances) upsert(b, 'pre');
  for (const b of tx.postTokenBalances) upsert(b, 'post');

  const byOwnerMint = new Map<string, { owner: string; mint: string; decimals: number; delta: bigint }>();
  const add = (owner: string, mint: string, decimals: number, delta: bigint): void => {
    const k = `${owner}\u0000${mint}`;
    const cur = byOwnerMint.get(k);
    if (cur) cur.delta += delta;
    else byOwnerMint.set(k, { owner, mint, decimals, delta });
  };

  for (const t of tokenAccounts.values()) {
    if (t.mint === SOL_MINT) continue; // counted through the account's lamports below
    add(t.owner, t.mint, t.decimals, t.postAmount - t.preAmount);
  }
  const lamportChange = new Map<string, bigint>();
  const rawSolByOwner = new Map<string, bigint>();
  tx.accountKeys.forEach((account, i) => {
    const d = (tx.postLamports[i] ?? 0n) - (tx.preLamports[i] ?? 0n);
    lamportChange.set(account, (lamportChange.get(account) ?? 0n) + d);
    if (d === 0n) return;
    const owner = accountOwner(account);
    rawSolByOwner.set(owner, (rawSolByOwner.get(owner) ?? 0n) + d);
    add(owner, SOL_MINT, SOL_DECIMALS, d);
  });
  add(tx.feePayer, SOL_MINT, SOL_DECIMALS, tx.feeLamports);

  const deltas = [...byOwnerMint.values()]
    .filter((d) => d.delta !== 0n)
    .sort((a, b) => cmp(a.owner, b.owner) || cmp(a.mint, b.mint))
    .map((d) => ({ owner: d.owner, mint: d.mint, decimals: d.decimals, deltaRaw: d.delta }));
  return { tokenAccounts, deltas, lamportChange, rawSolByOwner, accountOwner };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
