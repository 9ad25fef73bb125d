import type { ArchiveReader } from '../../archive/archive-reader.ts';
import { transactionAccounts } from '../../archive/transaction-accounts.ts';
import { decodeMintAccount, SPL_TOKEN_PROGRAM_ID, type MintAccount } from './mint-account.ts';
import { mintEvents } from './mint-instructions.ts';

/** A mint header as the archive's token-program instructions left it (InitializeMint, SetAuthority). */
interface MintHeader {
  program: string;
  decimals: number;
  mintAuthority: string | null;
  freezeAuthority: string | null;
}

/** One token account of a mint as the archive's transactions left it. */
export interface TokenHolding {
  readonly address: string;
  readonly mint: string;
  readonly owner: string | null;
  readonly programId: string | null;
  readonly amount: bigint;
  readonly decimals: number;
}

interface TokenBalance {
  readonly accountIndex?: unknown;
  readonly mint?: unknown;
  readonly owner?: unknown;
  readonly programId?: unknown;
  readonly uiTokenAmount?: { readonly amount?: unknown; readonly decimals?: unknown };
}

/**
 * Token balances of every token account the archive's transactions touched, as of one slot: every
 * transaction up to that slot is replayed in chain order, its `postTokenBalances` overwriting the accounts
 * it lists, and an account listed before but not after the transaction (closed) dropped. Built once; answers
 * are map lookups. This is what a node's token account index holds, restricted to the accounts the archive saw.
 */
export class TokenLedger {
  private constructor(
    private readonly byMint: ReadonlyMap<string, ReadonlyMap<string, TokenHolding>>,
    private readonly archive: ArchiveReader,
    private readonly headers: ReadonlyMap<string, MintHeader>,
  ) {}

  static async build(archive: ArchiveReader, asOfSlot: bigint): Promise<TokenLedger> {
    const byAccount = new Map<string, TokenHolding>();
    const headers = new Map<string, MintHeader>();
    for (let ordinal = 0; ordinal < archive.transactionCount; ordinal += 1) {
      const line = await archive.transaction(ordinal);
      if (BigInt(line.slot) > asOfSlot) break;
      const meta = line.result.meta as
        | { preTokenBalances?: unknown; postTokenBalances?: unknown }
        | null
        | undefined;
      const pre = balancesOf(meta?.preTokenBalances);
      const post = balancesOf(meta?.postTokenBalances);
      const keys = transactionAccounts(line.result);
      for (const e of mintEvents(line.result, keys)) {
        if (e.kind === 'initialize') {
          headers.set(e.mint, {
            program: e.program,
            decimals: e.decimals,
            mintAuthority: e.mintAuthority,
            freezeAuthority: e.freezeAuthority,
          });
          continue;
        }
        const header = headers.get(e.mint);
        if (header === undefined) continue; // initialized before the archive: its authorities are unknown
        if (e.authority === 'mint') header.mintAuthority = e.newAuthority;
        else header.freezeAuthority = e.newAuthority;
      }
      if (pre.length === 0 && post.length === 0) continue;
      const after = new Set<string>();
      for (const b of post) {
        const holding = holdingOf(b, keys);
        if (holding === null) continue;
        after.add(holding.address);
        byAccount.set(holding.address, holding);
      }
      for (const b of pre) {
        const address = typeof b.accountIndex === 'number' ? keys[b.accountIndex] : undefined;
        if (address !== undefined && !after.has(address)) byAccount.delete(address);
      }
    }
    const byMint = new Map<string, Map<string, TokenHolding>>();
    for (const h of byAccount.values()) {
      let accounts = byMint.get(h.mint);
      if (accounts === undefined) byMint.set(h.mint, (accounts = new Map<string, TokenHolding>()));
      accounts.set(h.address, h);
    }
    return new TokenLedger(byMint, archive, headers);
  }

  /**
   * The mint's account: as recorded in `accounts.jsonl` (null when that account is not a mint); without a
   * recording, as the archive's instructions built it (InitializeMint then SetAuthority, see mintEvents) with
   * the supply summed over the mint's token accounts; undefined when the archive has neither.
   */
  mintAccount(mint: string): MintAccount | null | undefined {
    const line = this.archive.account(mint);
    if (line !== undefined) return decodeMintAccount(line);
    const header = this.headers.get(mint);
    if (header === undefined) return undefined;
    return {
      program: header.program === SPL_TOKEN_PROGRAM_ID ? 'spl-token' : 'spl-token-2022',
      mintAuthority: header.mintAuthority,
      freezeAuthority: header.freezeAuthority,
      supply: this.holdings(mint).reduce((sum, h) => sum + h.amount, 0n),
      decimals: header.decimals,
      isInitialized: true,
    };
  }

  /** True when the mint's header comes from the archive's instructions (no recorded account). */
  derivedMint(mint: string): boolean {
    return this.archive.account(mint) === undefined && this.headers.has(mint);
  }

  /** True when the archive knows the mint at all (a recorded account or a token balance of it). */
  knows(mint: string): boolean {
    return this.byMint.has(mint) || this.archive.account(mint) !== undefined;
  }

  balanceOf(account: string, mint: string): TokenHolding | undefined {
    return this.byMint.get(mint)?.get(account);
  }

  /** Every token account of the mint, largest first (ties by address, so answers are stable). */
  holdings(mint: string): TokenHolding[] {
    const accounts = this.byMint.get(mint);
    if (accounts === undefined) return [];
    return [...accounts.values()].sort((a, b) =>
      a.amount === b.amount ? (a.address < b.address ? -1 : 1) : a.amount > b.amount ? -1 : 1,
    );
  }

  /**
   * The mint's supply and decimals: the recorded mint account's, as a node reads them; without one, the sum
   * of the balances of every account of the mint the archive saw (equal to the supply when every account
   * holding it was touched by an archived transaction). Undefined when the archive does not know the mint.
   */
  supply(mint: string): { amount: bigint; decimals: number } | undefined {
    const account = this.mintAccount(mint);
    // A derived header's supply is the balance sum below (same value); a recorded one is the node's truth.
    if (account !== undefined && account !== null)
      return { amount: account.supply, decimals: account.decimals };
    const holdings = this.holdings(mint);
    const first = holdings[0];
    if (first === undefined) return undefined;
    return { amount: holdings.reduce((s, h) => s + h.amount, 0n), decimals: first.decimals };
  }
}

function balancesOf(value: unknown): TokenBalance[] {
  return Array.isArray(value) ? (value as TokenBalance[]) : [];
}

function holdingOf(b: TokenBalance, keys: readonly string[]): TokenHolding | null {
  const address = typeof b.accountIndex === 'number' ? keys[b.accountIndex] : undefined;
  const amount = b.uiTokenAmount?.amount;
  const decimals = b.uiTokenAmount?.decimals;
  if (address === undefined || typeof b.mint !== 'string') return null;
  if (typeof amount !== 'string' || !/^\d+$/.test(amount) || typeof decimals !== 'number') return null;
  return {
    address,
    mint: b.mint,
    owner: typeof b.owner === 'string' ? b.owner : null,
    programId: typeof b.programId === 'string' ? b.programId : null,
    amount: BigInt(amount),
    decimals,
  };
}

/**
 * The archive's ledger as of its last slot (the slot the HTTP view serves), built on the first call and
 * shared by every caller; a failed build is retried on the next call.
 */
export function lazyTokenLedger(archive: ArchiveReader): () => Promise<TokenLedger> {
  let built: Promise<TokenLedger> | null = null;
  return () => {
    built ??= TokenLedger.build(archive, archive.lastSlot ?? 0n).catch((e: unknown) => {
      built = null;
      throw e;
    });
    return built;
  };
}
