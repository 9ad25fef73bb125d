/**
 * One run of an analysis (a job of the `analyze` queue): backfill what is missing within the plan's window and
 * ceilings, fill price history for the mints the wallet touched, recompute the ledger and the detectors from
 * the stored actions, and save everything in one transaction. A run cut by a ceiling saves its partial result
 * and enqueues the next run (a continuation: it charges no quota). Every step is idempotent, so a run that
 * dies half-way is simply run again.
 */
import { checkpointMints, settleTimeAt } from '../analytics/analysis/analysis-checkpoint.ts';
import { analyzeWalletActions, type WalletAnalysis } from '../analytics/analysis/analyze-wallet-actions.ts';
import type { Moment } from '../analytics/detectors/moment.ts';
import { minuteOf } from '../analytics/analysis/route-benchmark.ts';
import { OofError } from '../core/errors/oof-error.ts';
import { SOL_MINT } from '../domain/mints.ts';
import type { Action } from '../decoder/action.ts';
import {
  appendAnalysisEvent,
  getAnalysis,
  getPlan,
  updateAnalysis,
  type AnalysisRow,
} from '../store/analytics/analyses.repository.ts';
import { notifyAnalysisEvent, notifyMoment } from '../store/analytics/analysis-notify.ts';
import { writeCachedExtremes } from '../store/analytics/extremes.repository.ts';
import { writeWalletMoments } from '../store/analytics/moments.repository.ts';
import {
  refreshStatistics,
  replaceWalletLedger,
  replaceWalletLedgerTail,
} from '../store/analytics/wallet-ledger.repository.ts';
import {
  currentPriceRev,
  deleteAnalysisCheckpoint,
  saveAnalysisCheckpoint,
} from '../store/analytics/analysis-checkpoint.repository.ts';
import type { AnalysisEventKind } from '../store/schema/analytics-tables.ts';
import type { JsonValue } from '../store/jobs/jobs.repository.ts';
import { loadMinuteFills, loadWalletActionsSince } from '../store/transactions/wallet-actions.repository.ts';
import type { AnalysisDeps } from './analysis-deps.ts';
import {
  checkpointKey,
  checkpointRow,
  PRICE_LOOKBACK_S,
  priceHistoryStart,
  resumableCheckpoint,
  settledInputsUnchanged,
} from './analysis-resume.ts';
import { analysisDocument, extremesDocument, momentEntry, type AnalysisDocument } from './analysis-report.ts';
import { walkWalletHistory, type TopWalkState } from './history-walk.ts';
import { enqueueAnalysisRun } from './start-analysis.ts';

const DAY_S = 86_400;
/** Rows written by one run above which the tables it wrote get fresh planner statistics. */
const ANALYZE_AFTER_ROWS = 1_000;
/** Detector windows look this far past the last event (S2E / BHD 7 days, Rug 7 days). */
const LOOK_AHEAD_S = 8 * DAY_S;
/** Persist at most one progress event per this many ms (every event also goes to `onEvent`). */
const PROGRESS_EVERY_MS = 1_000;

export interface AnalysisEventOut {
  readonly seq: number;
  readonly kind: AnalysisEventKind;
  readonly data: JsonValue;
}

export interface RunAnalysisOptions {
  readonly run: number;
  readonly onEvent?: (event: AnalysisEventOut) => void;
}

export interface RunOutcome {
  readonly document: AnalysisDocument;
  readonly analysis: WalletAnalysis;
  readonly continuation: boolean;
}

interface Progress {
  stage: 'backfill' | 'prices' | 'compute' | 'save';
  [k: string]: JsonValue;
}

export async function runAnalysis(
  deps: AnalysisDeps,
  analysisId: string,
  options: RunAnalysisOptions,
): Promise<RunOutcome> {
  const db = deps.database.db;
  const a = await getAnalysis(db, analysisId);
  if (a.status === 'done' || a.status === 'failed') {
    throw new OofError('ANALYSIS_FAILED', `analysis ${analysisId} is already ${a.status}; start a new one`, {
      analysisId,
      status: a.status,
    });
  }
  const plan = await getPlan(db, a.planCode);
  const started = deps.clock();
  await updateAnalysis(db, a.id, { status: 'running', runs: options.run }, started);

  let lastPersisted = 0;
  const emit = async (kind: AnalysisEventKind, data: JsonValue, force = true): Promise<void> => {
    const now = deps.clock();
    if (!force && now.getTime() - lastPersisted < PROGRESS_EVERY_MS) {
      options.onEvent?.({ seq: 0, kind, data });
      return;
    }
    lastPersisted = now.getTime();
    const seq = await appendAnalysisEvent(db, a.id, kind, data, now);
    await notifyAnalysisEvent(db, a.id, seq);
    options.onEvent?.({ seq, kind, data });
  };

  try {
    return await runStages(deps, a, plan, options, emit);
  } catch (e) {
    const error = e instanceof OofError ? e.toJSON() : { error: 'ANALYSIS_FAILED', message: String(e) };
    deps.metrics.analysisRuns.inc({ status: 'failed' });
    await emit('error', { ...error, run: options.run } as JsonValue);
    // Back to a resumable state: the job retries (or is parked) and the next run starts from what is stored.
    await updateAnalysis(db, a.id, { status: 'partial', error: error as JsonValue }, deps.clock());
    throw e;
  }
}

async function runStages(
  deps: AnalysisDeps,
  a: AnalysisRow,
  plan: Awaited<ReturnType<typeof getPlan>>,
  options: RunAnalysisOptions,
  emit: (kind: AnalysisEventKind, data: JsonValue, force?: boolean) => Promise<void>,
): Promise<RunOutcome> {
  const db = deps.database.db;
  const progress = (p: Progress, force = false) => emit('progress', { run: options.run, ...p }, force);
  const warnings: string[] = [];
  const previous = (a.progress ?? {}) as { pendingTop?: Record<string, TopWalkState> };

  // 1. Backfill.
  let backfill: JsonValue = { skipped: 'no RPC configured: analysing what is stored' };
  let ceiling: string | null = null;
  let pendingTop: Readonly<Record<string, TopWalkState>> = {};
  if (deps.rpc !== null) {
    await progress({ stage: 'backfill', signatures: 0, fetched: 0, alreadyStored: 0, stored: 0 }, true);
    const walk = await walkWalletHistory(
      { ...deps, rpc: deps.rpc },
      {
        wallet: a.wallet,
        windowFrom: a.windowFrom,
        plan,
        pendingTop: previous.pendingTop ?? {},
        now: deps.clock(),
        onProgress: (p) => void progress({ stage: 'backfill', ...p }),
      },
    );
    ceiling = walk.ceiling;
    pendingTop = walk.pendingTop;
    backfill = {
      ...walk.totals,
      complete: walk.complete,
      ceiling,
      coveredFrom: walk.cursor?.fromTs?.toISOString() ?? null,
    };
    if (walk.totals.failed > 0)
      warnings.push(`${walk.totals.failed} transactions could not be decoded or stored`);
    if (walk.totals.missing > 0)
      warnings.push(`${walk.totals.missing} listed transactions were not returned by the node`);
    await progress({ stage: 'backfill', ...(backfill as Record<string, JsonValue>) }, true);
  }

  // 2. Where to start: from the wallet's checkpoint when nothing under its settled history changed, else from
  //    the beginning of the window (analysis-checkpoint.ts).
  const now = deps.clock();
  const nowS = Math.floor(now.getTime() / 1000);
  const settleAt = settleTimeAt(nowS, deps.detectors);
  const keyHash = checkpointKey(deps, a);
  let start = await resumableCheckpoint(deps, a, keyHash, nowS);
  let actions = await loadWalletActionsSince(db, a.wallet, start.resume === null ? a.windowFrom : start.from);

  // 3. Prices for the mints the wallet touched (and SOL, which values fees and SOL legs).
  const mints = mintsOf(actions, start.resume?.meta.mints ?? []);
  const priceTo = new Date(Math.max(now.getTime(), a.windowTo.getTime()));
  await progress({ stage: 'prices', mints: mints.length, done: 0 }, true);
  const filled = await deps.prices.fill(
    mints,
    a.windowFrom,
    priceTo,
    plan.maxCandleReads,
    (done, total) => void progress({ stage: 'prices', mints: total, done }),
  );
  for (const e of filled.errors) warnings.push(`prices of ${e.mint}: ${e.code}: ${e.message}`);
  if (filled.ceilingHit && ceiling === null) ceiling = 'max_candle_reads';
  let settledMoments: Moment[] = [];
  if (start.resume !== null) {
    const checked = await settledInputsUnchanged(deps, a, start.resume, start.checkpoint);
    if (checked.ok) settledMoments = checked.moments;
    else {
      // Found only after the price fill: the tail just read is replaced by the whole window.
      start = { resume: null, from: a.windowFrom, checkpoint: null, reason: checked.reason };
      actions = await loadWalletActionsSince(db, a.wallet, a.windowFrom);
    }
  }
  const priceRev = await currentPriceRev(db);
  const lookAheadTo = new Date(priceTo.getTime() + LOOK_AHEAD_S * 1000);
  // Candles are read from a few hours before the window's first day (not its exact millisecond).
  const priceFrom = priceHistoryStart(a.windowFrom);
  const fromByMint = new Map<string, Date>();
  if (start.checkpoint !== null) {
    const recent = new Date(
      Math.max((start.checkpoint.settleAt - PRICE_LOOKBACK_S) * 1000, priceFrom.getTime()),
    );
    for (const mint of checkpointMints(start.checkpoint)) fromByMint.set(mint, recent);
  }
  const prices = await deps.prices.window(mints, priceFrom, lookAheadTo, fromByMint);

  // 4. Recompute: the whole window, or the tail after the checkpoint.
  await progress(
    {
      stage: 'compute',
      actions: actions.length,
      mode: start.checkpoint === null ? 'full' : 'incremental',
      ...(start.checkpoint === null
        ? { reason: start.reason }
        : { settledBefore: new Date(start.checkpoint.settleAt * 1000).toISOString() }),
    },
    true,
  );
  const linkedActions = new Map<string, readonly Action[]>();
  for (const w of a.linkedWallets)
    linkedActions.set(
      w,
      await loadWalletActionsSince(db, w, start.checkpoint === null ? a.windowFrom : start.from),
    );
  const swapMinutes = new Map<string, { mint: string; minute: number }>();
  for (const act of actions) {
    if (act.kind !== 'swap' || act.blockTime === null) continue;
    const mint = act.side === 'buy' ? act.mintOut : act.side === 'sell' ? act.mintIn : null;
    if (mint !== null)
      swapMinutes.set(`${mint}:${minuteOf(act.blockTime)}`, { mint, minute: minuteOf(act.blockTime) });
  }
  const otherFills = await loadMinuteFills(db, a.wallet, [...swapMinutes.values()]);
  const minuteFills = [...actions.filter((x) => x.kind === 'swap'), ...otherFills];
  const analysis = analyzeWalletActions({
    wallet: a.wallet,
    actions,
    linkedActions,
    minuteFills,
    prices,
    now: nowS,
    config: deps.detectors,
    quoteMints: deps.quoteMints,
    exchangeDeposits: deps.exchangeDeposits,
    ...(start.checkpoint === null ? {} : { resume: { checkpoint: start.checkpoint, settledMoments } }),
    // A run cut by a ceiling has not seen the whole history: nothing of it is settled.
    ...(ceiling === null ? { settleAt } : {}),
  });
  const nextCheckpoint =
    analysis.checkpoint === null
      ? null
      : checkpointRow(a, keyHash, priceRev, analysis, actions, linkedActions, start.resume?.meta ?? null);

  // 4. Save, in one transaction.
  await progress({ stage: 'save', moments: analysis.moments.length }, true);
  const status = ceiling === null ? 'done' : 'partial';
  const document = analysisDocument({
    analysisId: a.id,
    wallet: a.wallet,
    plan: plan.code,
    status,
    window: { from: a.windowFrom, to: a.windowTo },
    analysis,
    backfill,
    recompute:
      analysis.resumedFrom === null
        ? { mode: 'full', settledBefore: null, reason: start.reason }
        : {
            mode: 'incremental',
            settledBefore: new Date(analysis.resumedFrom.settleAt * 1000).toISOString(),
            reason: null,
          },
    warnings,
  });
  const summary: Omit<AnalysisDocument, 'moments'> & { moments?: unknown } = { ...document };
  delete summary.moments;
  let ledgerWritten = false;
  const written = await deps.database.transaction(async (tx) => {
    if (analysis.resumedFrom === null)
      ledgerWritten = await replaceWalletLedger(tx, a.wallet, analysis.ledger, now);
    else {
      await replaceWalletLedgerTail(tx, a.wallet, analysis.ledger, analysis.resumedFrom, now);
      ledgerWritten = true;
    }
    if (nextCheckpoint === null) await deleteAnalysisCheckpoint(tx, a.wallet);
    else await saveAnalysisCheckpoint(tx, nextCheckpoint, now);
    const w = await writeWalletMoments(tx, a.wallet, analysis.moments, now);
    await writeCachedExtremes(tx, a.wallet, extremesDocument(analysis.extremes) as unknown as JsonValue, now);
    await updateAnalysis(
      tx,
      a.id,
      {
        status,
        summary: summary as unknown as JsonValue,
        progress: { pendingTop: pendingTop as unknown as JsonValue, ceiling },
        error: null,
      },
      now,
    );
    if (status === 'partial') await enqueueAnalysisRun(tx, { analysisId: a.id, run: options.run + 1 }, now);
    return w;
  });
  // Fresh statistics after a large write: PGlite has no autovacuum, and without them the planner reads a
  // wallet's whole moment list to return one page.
  const stored =
    typeof (backfill as { stored?: unknown }).stored === 'number'
      ? (backfill as { stored: number }).stored
      : 0;
  const ledgerRows =
    analysis.resumedFrom === null ? analysis.ledger.lots.length + analysis.ledger.realizedTrades.length : 0;
  if (
    stored >= ANALYZE_AFTER_ROWS ||
    written.inserted.length >= ANALYZE_AFTER_ROWS ||
    (ledgerWritten && ledgerRows >= ANALYZE_AFTER_ROWS)
  ) {
    await refreshStatistics(db);
  }
  const inserted = new Set(written.inserted);
  for (const m of analysis.moments) {
    if (!inserted.has(m.id)) continue;
    await emit('moment', momentEntry(m) as unknown as JsonValue);
    await notifyMoment(db, m.id);
    deps.metrics.momentsDetected.inc({ kind: m.kind });
  }
  deps.metrics.analysisRuns.inc({ status });
  await emit('done', {
    run: options.run,
    status,
    ceiling,
    realizedPnlUsd: analysis.realizedPnlUsd,
    counts: analysis.counts,
  });
  return { document, analysis, continuation: status === 'partial' };
}

function mintsOf(actions: readonly Action[], known: readonly string[] = []): string[] {
  const set = new Set<string>([SOL_MINT, ...known]);
  for (const a of actions) {
    if (a.kind === 'event') continue;
    if (a.mintIn !== null) set.add(a.mintIn);
    if (a.mintOut !== null) set.add(a.mintOut);
  }
  return [...set].sort();
}
