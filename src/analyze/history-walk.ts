/**
 * Coverage-aware backfill of one analysis run (SPEC §3): the wallet's stored stretch of history
 * (`wallet_cursors`) is extended at the top (new signatures down to the newest stored one) and at the bottom
 * (below the oldest stored one, down to the window's start), newest to oldest, within the run's ceilings.
 * A run cut by a ceiling leaves where to resume in the analysis; the stretch is only ever recorded contiguous.
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
  /** From the previous run of the same analysis, when its top walk was cut by a ceiling. */
  readonly pendingTop: TopWalkState | null;
  readonly now: Date;
  readonly onProgress?: (p: HistoryWalkProgress) => void;
}

export interface HistoryWalkProgress extends BackfillProgress {
  readonly phase: 'top' | 'bottom';
}

export interface HistoryWalkResult {
  readonly complete: boolean;
  /** The ceiling that stopped the run, when one did. */
  readonly ceiling: string | null;
  readonly pendingTop: TopWalkState | null;
  readonly totals: BackfillProgress & {
    readonly missing: number;
    readonly failed: number;
    readonly cpuMs: number;
  };
  readonly cursor: WalletCursor | null;
}

const tsOf = (s: number | null): Date | null => (s === null ? null : new Date(s * 1000));

export async function walkWalletHistory(
  deps: IngestDeps & { readonly rpc: SolanaRpc },
  input: HistoryWalkInput,
): Promise<HistoryWalkResult> {
  const { wallet, plan } = input;
  const db = deps.database.db;
  const notBefore = Math.floor(input.windowFrom.getTime() / 1000);
  const totals = { signatures: 0, alreadyStored: 0, fetched: 0, stored: 0, missing: 0, failed: 0, cpuMs: 0 };
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
  const walk = (phase: 'top' | 'bottom', opts: { before?: string; until?: string }) => {
    const base = { ...totals };
    return backfillWallet(deps, wallet, {
      ...opts,
      notBefore,
      ...budget(),
      onProgress: (p) =>
        input.onProgress?.({
          phase,
          signatures: base.signatures + p.signatures,
          alreadyStored: base.alreadyStored + p.alreadyStored,
          fetched: base.fetched + p.fetched,
          stored: base.stored + p.stored,
        }),
    });
  };

  let cursor = await readWalletCursor(db, wallet);

  // 1. Top: everything newer than the stored stretch (or the whole window when nothing is stored yet).
  const top = input.pendingTop;
  const r1 = await walk('top', {
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
        wallet,
        newestSig: headSig,
        toTs: tsOf(headTs),
        oldestSig: r1.oldest.signature,
        fromTs: tsOf(r1.oldest.blockTime),
      };
      await writeWalletCursor(db, cursor, input.now);
      return { complete: false, ceiling: r1.stoppedBy, pendingTop: null, totals, cursor };
    }
    const pending = headSig !== null && resumeBefore !== undefined ? { headSig, headTs, resumeBefore } : null;
    return { complete: false, ceiling: r1.stoppedBy, pendingTop: pending, totals, cursor };
  }
  // The top walk met the stored stretch (or the window's start, or the end of the history).
  if (cursor === null) {
    if (headSig === null) {
      cursor = { wallet, newestSig: null, toTs: null, oldestSig: null, fromTs: input.windowFrom };
    } else {
      const reachedEnd = r1.stoppedBy === 'window' || r1.stoppedBy === 'exhausted';
      cursor = {
        wallet,
        newestSig: headSig,
        toTs: tsOf(headTs),
        oldestSig: r1.oldest?.signature ?? headSig,
        fromTs: reachedEnd ? input.windowFrom : tsOf(r1.oldest?.blockTime ?? null),
      };
    }
    await writeWalletCursor(db, cursor, input.now);
    return { complete: true, ceiling: null, pendingTop: null, totals, cursor };
  }
  if (headSig !== null) {
    cursor = { ...cursor, newestSig: headSig, toTs: tsOf(headTs) ?? cursor.toTs };
    await writeWalletCursor(db, cursor, input.now);
  }

  // 2. Bottom: below the stored stretch, down to the window's start.
  if (cursor.fromTs !== null && cursor.fromTs.getTime() <= input.windowFrom.getTime()) {
    return { complete: true, ceiling: null, pendingTop: null, totals, cursor };
  }
  if (cursor.oldestSig === null) {
    // An empty history was recorded for a shorter window: the longer one is empty too only below it.
    cursor = { ...cursor, fromTs: input.windowFrom };
    await writeWalletCursor(db, cursor, input.now);
    return { complete: true, ceiling: null, pendingTop: null, totals, cursor };
  }
  const r2 = await walk('bottom', { before: cursor.oldestSig });
  add(r2);
  const ceiling = hitCeiling(r2.stoppedBy) ? r2.stoppedBy : null;
  cursor = {
    ...cursor,
    oldestSig: r2.oldest?.signature ?? cursor.oldestSig,
    fromTs: ceiling === null ? input.windowFrom : (tsOf(r2.oldest?.blockTime ?? null) ?? cursor.fromTs),
  };
  await writeWalletCursor(db, cursor, input.now);
  return { complete: ceiling === null, ceiling, pendingTop: null, totals, cursor };
}
