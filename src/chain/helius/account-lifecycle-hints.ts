import { getBase58Encoder } from '@solana/kit';
import { SOL_MINT } from '../../domain/mints.ts';
import { swapEventOf, type EnhancedTransaction } from './enhanced-transaction.schema.ts';

/**
 * What an Enhanced Transaction says, beyond balance changes, about the accounts it touched: which ones it
 * created (so they held nothing before), which it closed (so they hold nothing after) and who owns token
 * accounts whose balance did not change. Helius reports changes only; these facts come from the raw
 * instructions it forwards and from the owners it resolved in transfers.
 */
export interface AccountLifecycle {
  /** Targets of system `CreateAccount` / `CreateAccountWithSeed`: the runtime refuses an account with lamports. */
  readonly created: ReadonlySet<string>;
  /** Targets of SPL Token `CloseAccount` (token accounts and Token-2022 mints): zero lamports afterwards. */
  readonly closed: ReadonlySet<string>;
  /** Token account → owner and mint, for token accounts `accountData` lists without a token change. */
  readonly owners: ReadonlyMap<string, { readonly owner: string; readonly mint: string }>;
}

export interface InstructionLike {
  readonly programId: string;
  readonly accounts?: string[] | null | undefined;
  readonly data?: string | null | undefined;
}

const SYSTEM_PROGRAM = '11111111111111111111111111111111';
const TOKEN_PROGRAMS = new Set([
  'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA',
  'TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb',
]);
// System program: u32 LE tag, 0 CreateAccount and 3 CreateAccountWithSeed; accounts [funder, new account, ...].
const CREATE_ACCOUNT_TAGS = new Set([0, 3]);
// SPL Token: u8 tag 9 CloseAccount, no payload; accounts [account, destination, owner or close authority].
const CLOSE_ACCOUNT_TAG = 9;
const base58 = getBase58Encoder();

function bytesOf(data: string | null | undefined): Uint8Array | null {
  if (!data) return null;
  try {
    return new Uint8Array(base58.encode(data));
  } catch {
    return null; // not base58: the decoder rejects the transaction with a clear error
  }
}

function allInstructions(tx: EnhancedTransaction): InstructionLike[] {
  return (tx.instructions ?? []).flatMap((ix) => [ix, ...(ix.innerInstructions ?? [])]);
}

export function readAccountLifecycle(tx: EnhancedTransaction): AccountLifecycle {
  const created = new Set<string>();
  const closed = new Map<string, string>();
  for (const ix of allInstructions(tx)) {
    const [first, second, third] = ix.accounts ?? [];
    if (ix.programId === SYSTEM_PROGRAM && second !== undefined) {
      const b = bytesOf(ix.data);
      if (
        b !== null &&
        b.length >= 4 &&
        b[1] === 0 &&
        b[2] === 0 &&
        b[3] === 0 &&
        CREATE_ACCOUNT_TAGS.has(b[0]!)
      ) {
        created.add(second);
      }
    } else if (TOKEN_PROGRAMS.has(ix.programId) && first !== undefined && third !== undefined) {
      const b = bytesOf(ix.data);
      if (b !== null && b.length === 1 && b[0] === CLOSE_ACCOUNT_TAG) closed.set(first, third);
    }
  }

  // Owners Helius resolved (token transfers, the swap event) win over a close authority.
  const owners = new Map<string, { owner: string; mint: string }>();
  const note = (account: string | null | undefined, owner: string | null | undefined, mint: string): void => {
    if (account && owner && !owners.has(account)) owners.set(account, { owner, mint });
  };
  for (const t of tx.tokenTransfers ?? []) {
    note(t.fromTokenAccount, t.fromUserAccount, t.mint);
    note(t.toTokenAccount, t.toUserAccount, t.mint);
  }
  const swap = swapEventOf(tx);
  for (const t of [...(swap?.tokenInputs ?? []), ...(swap?.tokenOutputs ?? []), ...(swap?.tokenFees ?? [])]) {
    note(t.tokenAccount, t.userAccount, t.mint);
  }
  // Token-2022 closes mints with the same instruction (MintCloseAuthority): a known mint is not a holding.
  const mints = new Set([...owners.values()].map((o) => o.mint));
  for (const a of tx.accountData) for (const t of a.tokenBalanceChanges ?? []) mints.add(t.mint);
  for (const [account, authority] of closed) {
    // An account closed empty has no transfer, so its mint matters to nothing but the decoder's WSOL rule;
    // WSOL stands in: the one mint whose token amount the decoder ignores (it counts the account's lamports),
    // so the entry says only whose lamports the account held — which is all that is known.
    if (!mints.has(account)) note(account, authority, SOL_MINT);
  }
  return { created, closed: new Set(closed.keys()), owners };
}
