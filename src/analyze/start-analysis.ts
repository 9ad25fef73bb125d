import { randomUUID } from 'node:crypto';
import { parseWalletAddress } from '../core/wallet-address.ts';
import type { Database } from '../store/database.ts';
import {
  chargeWalletQuota,
  findUnfinishedAnalysis,
  getPlan,
  insertAnalysis,
  type AnalysisRow,
  type Plan,
  type QuotaOutcome,
} from '../store/analytics/analyses.repository.ts';
import { enqueueJob } from '../store/jobs/jobs.repository.ts';

export const ANALYZE_QUEUE = 'analyze';
/** SPEC §3: never more than two years back, whatever the plan says. */
export const MAX_BACKFILL_DAYS = 730;
const DAY_MS = 86_400_000;

export interface AnalyzeJobPayload {
  readonly analysisId: string;
  /** 1 for the first run, n for the (n−1)th continuation. */
  readonly run: number;
}

export interface StartAnalysisRequest {
  readonly wallet: string;
  /** The plan by code, or `plan` itself (e.g. with a staking boost applied to its daily quota). */
  readonly planCode?: string;
  readonly plan?: Plan;
  /** Who is charged: a user id, an API key, `cli`. */
  readonly subject: string;
  /** The user's other wallets (validated like the wallet). */
  readonly linkedWallets?: readonly string[];
  readonly now: Date;
}

export interface StartedAnalysis {
  readonly analysis: AnalysisRow;
  readonly plan: Plan;
  /** True when an unfinished analysis of the wallet was picked up instead (nothing charged). */
  readonly resumed: boolean;
  readonly quota: QuotaOutcome | null;
}

/** `now − min(plan days, 730)`. */
export function analysisWindow(plan: Plan, now: Date): { from: Date; to: Date } {
  return { from: new Date(now.getTime() - Math.min(plan.backfillDays, MAX_BACKFILL_DAYS) * DAY_MS), to: now };
}

/**
 * Validates the request, charges the subject's daily quota and creates the analysis with its first job, in
 * one transaction: a refused charge (QUOTA_EXCEEDED) leaves nothing behind. An unfinished analysis of the
 * same wallet by the same subject (a partial one waiting for its continuation) is returned instead of a new
 * one, so asking again never charges twice.
 */
export async function startAnalysis(
  database: Database,
  request: StartAnalysisRequest,
): Promise<StartedAnalysis> {
  const wallet = parseWalletAddress(request.wallet);
  const linkedWallets = [...new Set((request.linkedWallets ?? []).map(parseWalletAddress))].filter(
    (w) => w !== wallet,
  );
  const plan = request.plan ?? (await getPlan(database.db, request.planCode ?? 'FREE'));
  return database.transaction(async (tx) => {
    const open = await findUnfinishedAnalysis(tx, wallet);
    if (open !== null && open.subject === request.subject && open.planCode === plan.code) {
      return { analysis: open, plan, resumed: true, quota: null };
    }
    const id = randomUUID();
    const window = analysisWindow(plan, request.now);
    await insertAnalysis(
      tx,
      {
        id,
        subject: request.subject,
        wallet,
        planCode: plan.code,
        windowFrom: window.from,
        windowTo: window.to,
        linkedWallets,
      },
      request.now,
    );
    const quota = await chargeWalletQuota(
      tx,
      { subject: request.subject, wallet, analysisId: id, plan },
      request.now,
    );
    await enqueueAnalysisRun(tx, { analysisId: id, run: 1 }, request.now);
    const analysis = {
      id,
      subject: request.subject,
      wallet,
      planCode: plan.code,
      windowFrom: window.from,
      windowTo: window.to,
      linkedWallets,
      status: 'queued' as const,
      runs: 0,
      resumeBefore: null,
      progress: {},
      summary: null,
      error: null,
      createdAt: request.now,
      updatedAt: request.now,
    };
    return { analysis, plan, resumed: false, quota };
  });
}

export async function enqueueAnalysisRun(
  db: Parameters<typeof enqueueJob>[0],
  payload: AnalyzeJobPayload,
  now: Date,
): Promise<void> {
  await enqueueJob(
    db,
    {
      queue: ANALYZE_QUEUE,
      payload: { ...payload },
      singletonKey: `analyze:${payload.analysisId}:${payload.run}`,
      maxAttempts: 5,
    },
    now,
  );
}
