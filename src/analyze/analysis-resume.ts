/**
 * Whether a run may go on from the wallet's analysis checkpoint instead of recomputing the whole window, and the
 * checkpoint a finished run leaves for the next one (the pure side is src/analytics/analysis/analysis-checkpoint.ts).
 *
 * A checkpoint is resumed only when nothing it settled could come out differently now:
 * - it was taken for the same inputs: wallet and linked wallets, detector thresholds, quote mints, exchange
 *   deposits and algorithm version (`key_hash`);
 * - the plan window slides with the clock: its start may have moved on only past no stored transaction (the
 *   counts below) and past no candle the settled rug scans read before the wallet's first lot of a mint
 *   (`priceStartChange`);
 * - the run's own settle time has reached it (the clock did not go back);
 * - the store holds exactly as many actions from this run's window start to the settle time, per wallet, as the
 *   checkpoint's run saw (a backfill that found older history, a gap filled, or a window start that moved past
 *   a transaction makes a full recompute);
 * - no candle of a mint the settled history touched changed under it (the settled moments' windows reach up to
 *   one settle margin past the settle time);
 * - the settled moments stored are the ones it settled (count and digest of ids and values).
 * Anything else is a full recompute — and says why in the run's progress.
 */
import { createHash } from 'node:crypto';
import {
  ANALYSIS_ALGORITHM_VERSION,
  decodeCheckpoint,
  encodeCheckpoint,
  isSettledMoment,
  priceStartChange,
  settleMarginSeconds,
  type AnalysisCheckpoint,
} from '../analytics/analysis/analysis-checkpoint.ts';
import type { WalletAnalysis } from '../analytics/analysis/analyze-wallet-actions.ts';
import type { Moment, MomentKind } from '../analytics/detectors/moment.ts';
import type { Action } from '../decoder/action.ts';
import { SOL_MINT } from '../domain/mints.ts';
import {
  countWalletActionsBefore,
  earliestCandleChangedSince,
  readAnalysisCheckpoint,
  type CheckpointMeta,
  type StoredCheckpoint,
} from '../store/analytics/analysis-checkpoint.repository.ts';
import type { AnalysisRow } from '../store/analytics/analyses.repository.ts';
import { loadSettledMoments } from '../store/analytics/moments.repository.ts';
import type { AnalysisDeps } from './analysis-deps.ts';

/** A price "at" a time may come from a candle up to 6 h older (the staleness limit), plus its hour. */
export const PRICE_LOOKBACK_S = 7 * 3_600;
const DAY_MS = 86_400_000;
const unixSeconds = (d: Date): number => Math.floor(d.getTime() / 1000);

/**
 * Start of the price history an analysis reads: its window's first UTC day, less the staleness lookback — not
 * the window's exact millisecond, so runs of one day read the same history.
 */
export function priceHistoryStart(windowFrom: Date): Date {
  const day = windowFrom.getTime() - (windowFrom.getTime() % DAY_MS);
  return new Date(day - PRICE_LOOKBACK_S * 1000);
}

export type ResumeStart =
  | {
      readonly resume: StoredCheckpoint;
      readonly checkpoint: AnalysisCheckpoint;
      /** The settle time as a date: actions are loaded from it. */
      readonly from: Date;
      readonly reason: null;
    }
  | { readonly resume: null; readonly checkpoint: null; readonly from: Date; readonly reason: string };

/** Names the inputs a checkpoint is valid for. */
export function checkpointKey(deps: AnalysisDeps, a: AnalysisRow): string {
  return createHash('sha256')
    .update(
      JSON.stringify({
        version: ANALYSIS_ALGORITHM_VERSION,
        linked: [...a.linkedWallets].sort(),
        detectors: deps.detectors,
        quoteMints: [...deps.quoteMints].sort(),
        exchangeDeposits: [...deps.exchangeDeposits].sort(),
      }),
    )
    .digest('hex');
}

/** The checks that need no prices: key, clock, stored action counts. */
export async function resumableCheckpoint(
  deps: AnalysisDeps,
  a: AnalysisRow,
  keyHash: string,
  nowS: number,
): Promise<ResumeStart> {
  const db = deps.database.db;
  const full = (reason: string): ResumeStart => ({
    resume: null,
    checkpoint: null,
    from: a.windowFrom,
    reason,
  });
  const saved = await readAnalysisCheckpoint(db, a.wallet);
  if (saved === null) return full('no checkpoint yet');
  if (saved.keyHash !== keyHash) return full('the checkpoint was taken for other inputs');
  const s = saved.settledBefore;
  if (nowS - settleMarginSeconds(deps.detectors) < s) return full('the checkpoint is newer than this run');
  let checkpoint: AnalysisCheckpoint;
  try {
    checkpoint = decodeCheckpoint(saved.state);
  } catch (e) {
    return full(`the checkpoint cannot be read: ${(e as Error).message}`);
  }
  const moved = priceStartChange(
    checkpoint,
    saved.meta.priceFrom,
    unixSeconds(priceHistoryStart(a.windowFrom)),
    PRICE_LOOKBACK_S,
  );
  if (moved !== null) return full(moved);
  for (const w of [a.wallet, ...a.linkedWallets]) {
    const n = await countWalletActionsBefore(db, w, a.windowFrom, s);
    if (n !== (saved.meta.actionCounts[w] ?? -1))
      return full(
        `stored actions of ${w} before the checkpoint changed (${saved.meta.actionCounts[w]} → ${n})`,
      );
  }
  return { resume: saved, checkpoint, from: new Date(s * 1000), reason: null };
}

/** The checks after the price fill: candles under the settled history, and the settled moments themselves. */
export async function settledInputsUnchanged(
  deps: AnalysisDeps,
  a: AnalysisRow,
  saved: StoredCheckpoint,
  checkpoint: AnalysisCheckpoint,
): Promise<{ ok: true; moments: Moment[] } | { ok: false; reason: string }> {
  const db = deps.database.db;
  const changed = await earliestCandleChangedSince(db, saved.meta.mints, saved.priceRev);
  const reach = checkpoint.settleAt + settleMarginSeconds(deps.detectors);
  if (changed !== null && changed < reach)
    return {
      ok: false,
      reason: `candles at ${new Date(changed * 1000).toISOString()} changed since the checkpoint`,
    };
  const c = deps.detectors;
  const versions: Record<MomentKind, string> = {
    s2e: c.s2e.version,
    bhd: c.bhd.version,
    bad_route: c.badRoute.version,
    idle_yield: c.idleYield.version,
    rug: c.rug.version,
  };
  const moments = await loadSettledMoments(db, a.wallet, checkpoint.settleAt, versions);
  if (moments.length !== saved.meta.moments.count || momentsDigest(moments) !== saved.meta.moments.digest)
    return { ok: false, reason: 'the stored settled moments are not the ones the checkpoint settled' };
  return { ok: true, moments };
}

/** Digest of moments' ids and values, whatever their order. */
export function momentsDigest(moments: readonly Moment[]): string {
  const lines = moments.map((m) => `${m.id}|${m.usd}|${m.pct}|${m.severity}|${m.status}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

/** The checkpoint row a finished run saves (its analysis must carry a checkpoint). */
export function checkpointRow(
  a: AnalysisRow,
  keyHash: string,
  priceRev: number,
  analysis: WalletAnalysis,
  actions: readonly Action[],
  linkedActions: ReadonlyMap<string, readonly Action[]>,
  previous: CheckpointMeta | null,
): StoredCheckpoint {
  const c = analysis.checkpoint as AnalysisCheckpoint;
  const resumed = analysis.resumedFrom !== null;
  const before = (xs: readonly Action[]) =>
    xs.filter((x) => x.blockTime !== null && x.blockTime < c.settleAt);
  const counts: Record<string, number> = {};
  // SOL values every fee; the quote mints value the trades.
  const mints = new Set<string>([SOL_MINT, ...(resumed ? (previous?.mints ?? []) : [])]);
  for (const [w, xs] of [[a.wallet, actions] as const, ...linkedActions]) {
    const settled = before(xs);
    counts[w] = (resumed ? (previous?.actionCounts[w] ?? 0) : 0) + settled.length;
    for (const x of settled) {
      if (x.kind === 'event') continue;
      if (x.mintIn !== null) mints.add(x.mintIn);
      if (x.mintOut !== null) mints.add(x.mintOut);
    }
  }
  const settledMoments = analysis.moments.filter((m) => isSettledMoment(m, c.settleAt));
  return {
    wallet: a.wallet,
    keyHash,
    settledBefore: c.settleAt,
    priceRev,
    state: encodeCheckpoint(c),
    meta: {
      priceFrom: unixSeconds(priceHistoryStart(a.windowFrom)),
      actionCounts: counts,
      mints: [...mints].sort(),
      moments: { count: settledMoments.length, digest: momentsDigest(settledMoments) },
    },
  };
}
