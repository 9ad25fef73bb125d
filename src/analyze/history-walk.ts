/**
 * Coverage-aware backfill of one analysis run (SPEC §3). A wallet's history is the union of the signatures of
 * its address and of its token accounts: a transfer into an existing token account does not name the wallet, so
 * `getSignaturesForAddress(wallet)` alone misses it. For each address, the stored stretch (`wallet_cursors`,
 * keyed by address) is extended at the top (new signatures down to the newest stored one) and at the bottom
 * (below the oldest stored one, down to the window's start), newest to oldest, within the run's ceilings. Token
 * accounts are learned from the stored transactions, so the walk repeats until no new account appears. A run
 * cut by a ceiling leaves where to resume; a stretch is only ever recorded contiguous.
 */
import type { SolanaRpc } from '../chain/rpc/solana-rpc.ts';
import {
  backfillWallet,
  hitCeiling,
  type BackfillProgress,
  type BackfillResult,
} from '../ingest/backfill-wallet.ts';
import type { IngestDeps } from '../ingest/ingest.ts';
import type { Plan } from '../store/analytics/analyses.repository.ts';
import {
  readWalletCursor,
  writeWalletCursor,
  type WalletCursor,
} from '../store/analytics/wallet-cursor.repository.ts';
import { listWalletTokenAccounts } from '../store/transactions/transaction.repository.ts';

/** Where an interrupted top walk stands: the new top it started from, and where to continue below. */
export interface TopWalkState {
  readonly headSig: string;
  readonly headTs: number | null;
  readonly resumeBefore: string;
}

export interface HistoryWalkInput {
  readonly wallet: string;
  readonly windowFrom: Date;
  readonly plan: Plan;
  /** Per address, from the previous run of the same analysis, when its top walk was cut by a ceiling. */
  readonly pendingTop: Readonly<Record<string, TopWalkState>>;
  readonly now: Date;
  readonly onProgress?: (p: HistoryWalkProgress) => void;
}

export interface HistoryWalkProgress extends BackfillProgress {
  readonly phase: 'top' | 'bottom';
  /** Addresses walked so far (the wallet, then its token accounts). */
  readonly addresses: number;
}

export interface HistoryWalkResult {
  readonly complete: boolean;
  /** The ceiling that stopped the run, when one did. */
  readonly ceiling: string | null;
  readonly pendingTop: Readonly<Record<string, TopWalkState>>;
  readonly totals: BackfillProgress & {
    readonly missing: number;
    readonly failed: number;
    readonly cpuMs: number;
    readonly addresses: number;
  };
  /** The wallet address's own stretch. */
  readonly cursor: WalletCursor | null;
}

const tsOf = (s: number | null): Date | null => (s === null ? null : new Date(s * 1000));

interface AddressWalk {
  readonly complete: boolean;
  readonly ceiling: string | null;
  readonly pendingTop: TopWalkState | null;
  readonly cursor: WalletCursor | null;
}

export async function walkWalletHistory(
  deps: IngestDeps & { readonly rpc: SolanaRpc },
  input: HistoryWalkInput,
): Promise<HistoryWalkResult> {
  const { plan } = input;
  const db = deps.database.db;
  const notBefore = Math.floor(input.windowFrom.getTime() / 1000);
  const totals = {
    signatures: 0,
    alreadyStored: 0,
    fetched: 0,
    stored: 0,
    missing: 0,
    failed: 0,
    cpuMs: 0,
    addresses: 0,
  };
  const pendingTop: Record<string, TopWalkState> = { ...input.pendingTop };
  const budget = () => ({
    maxSignatures: plan.maxSignatures - totals.signatures,
    maxTxFetches: plan.maxTxFetches - totals.fetched,
    maxCpuMs: plan.maxCpuMs - totals.cpuMs,
  });
  const add = (r: BackfillResult): void => {
    totals.signatures += r.signatures;
    totals.alreadyStored += r.alreadyStored;
    totals.fetched += r.fetched;
    totals.stored += r.stored;
    totals.missing += r.missing;
    totals.failed += r.failed.length;
    totals.cpuMs += r.cpuMs;
  };
  const walk = (address: string, phase: 'top' | 'bottom', opts: { before?: string; until?: string }) => {
    const base = { ...totals };
    return backfillWallet(deps, address, {
      ...opts,
      notBefore,
      ...budget(),
      onProgress: (p) =>
        input.onProgress?.({
          phase,
          addresses: totals.addresses,
          signatures: base.signatures + p.signatures,
          alreadyStored: base.alreadyStored + p.alreadyStored,
          fetched: base.fetched + p.fetched,
          stored: base.stored + p.stored,
        }),
    });
  };

  const walkAddress = async (address: string): Promise<AddressWalk> => {
    totals.addresses++;
    let cursor = await readWalletCursor(db, address);
    // 1. Top: everything newer than the stored stretch (or the whole window when nothing is stored yet).
    const top = pendingTop[address] ?? null;
    const r1 = await walk(address, 'top', {
      ...(top === null ? {} : { before: top.resumeBefore }),
      ...(cursor?.newestSig ? { until: cursor.newestSig } : {}),
    });
    add(r1);
    const headSig = top?.headSig ?? r1.newest?.signature ?? null;
    const headTs = top !== null ? top.headTs : (r1.newest?.blockTime ?? null);
    if (hitCeiling(r1.stoppedBy)) {
      const resumeBefore = r1.oldest?.signature ?? top?.resumeBefore;
      if (cursor === null && headSig !== null && r1.oldest !== null) {
        // Nothing was stored before: what this run walked is already one contiguous stretch.
        cursor = {
          wallet: address,
          newestSig: headSig,
          toTs: tsOf(headTs),
          oldestSig: r1.oldest.signature,
          fromTs: tsOf(r1.oldest.blockTime),
        };
        await writeWalletCursor(db, cursor, input.now);
        return { complete: false, ceiling: r1.stoppedBy, pendingTop: null, cursor };
      }
      const pending =
        headSig !== null && resumeBefore !== undefined ? { headSig, headTs, resumeBefore } : null;
      return { complete: false, ceiling: r1.stoppedBy, pendingTop: pending, cursor };
    }
    // The top walk met the stored stretch (or the window's start, or the end of the history).
    if (cursor === null) {
      const reachedEnd = r1.stoppedBy === 'window' || r1.stoppedBy === 'exhausted';
      cursor =
        headSig === null
          ? { wallet: address, newestSig: null, toTs: null, oldestSig: null, fromTs: input.windowFrom }
          : {
              wallet: address,
              newestSig: headSig,
              toTs: tsOf(headTs),
              oldestSig: r1.oldest?.signature ?? headSig,
              fromTs: reachedEnd ? input.windowFrom : tsOf(r1.oldest?.blockTime ?? null),
            };
      await writeWalletCursor(db, cursor, input.now);
      return { complete: true, ceiling: null, pendingTop: null, cursor };
    }
    if (headSig !== null) {
      cursor = { ...cursor, newestSig: headSig, toTs: tsOf(headTs) ?? cursor.toTs };
      await writeWalletCursor(db, cursor, input.now);
    }
    // 2. Bottom: below the stored stretch, down to the window's start.
    if (cursor.fromTs !== null && cursor.fromTs.getTime() <= input.windowFrom.getTime()) {
      return { complete: true, ceiling: null, pendingTop: null, cursor };
    }
    if (cursor.oldestSig === null) {
      cursor = { ...cursor, fromTs: input.windowFrom };
      await writeWalletCursor(db, cursor, input.now);
      return { complete: true, ceiling: null, pendingTop: null, cursor };
    }
    const r2 = await walk(address, 'bottom', { before: cursor.oldestSig });
    add(r2);
    const ceiling = hitCeiling(r2.stoppedBy) ? r2.stoppedBy : null;
    cursor = {
      ...cursor,
      oldestSig: r2.oldest?.signature ?? cursor.oldestSig,
      fromTs: ceiling === null ? input.windowFrom : (tsOf(r2.oldest?.blockTime ?? null) ?? cursor.fromTs),
    };
    await writeWalletCursor(db, cursor, input.now);
    return { complete: ceiling === null, ceiling, pendingTop: null, cursor };
  };

  const done = new Set<string>();
  let walletCursor: WalletCursor | null = null;
  let queue = [input.wallet];
  while (queue.length > 0) {
    for (const address of queue) {
      const r = await walkAddress(address);
      done.add(address);
      if (address === input.wallet) walletCursor = r.cursor;
      if (r.pendingTop === null) delete pendingTop[address];
      else pendingTop[address] = r.pendingTop;
      if (!r.complete) {
        return { complete: false, ceiling: r.ceiling, pendingTop, totals, cursor: walletCursor };
      }
    }
    queue = (await listWalletTokenAccounts(db, input.wallet)).filter((a) => !done.has(a));
  }
  return { complete: true, ceiling: null, pendingTop, totals, cursor: walletCursor };
}
