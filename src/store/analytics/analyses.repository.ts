import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { OofError } from '../../core/errors/oof-error.ts';
import type { Db } from '../database.ts';
import { toDatabaseError } from '../database-error.ts';
import type { JsonValue } from '../jobs/jobs.repository.ts';
import { queryRows } from '../query-rows.ts';
import {
  analyses,
  analysisEvents,
  plans,
  quotaUsage,
  type AnalysisEventKind,
  type AnalysisStatus,
} from '../schema/analytics-tables.ts';

/** A plan of SPEC §3 (FREE / LITE / PRO) with its daily wallet quota, backfill depth and per-run ceilings. */
export interface Plan {
  readonly code: string;
  readonly walletsPerDay: number;
  readonly backfillDays: number;
  readonly maxSignatures: number;
  readonly maxTxFetches: number;
  readonly maxCpuMs: number;
  readonly maxCandleReads: number;
}

export async function listPlans(db: Db): Promise<Plan[]> {
  try {
    return await db.select().from(plans).orderBy(asc(plans.backfillDays));
  } catch (e) {
    throw toDatabaseError(e, 'listing the plans');
  }
}

/** The plan with this code; `PLAN_UNKNOWN` (naming the known codes) when there is none. */
export async function getPlan(db: Db, code: string): Promise<Plan> {
  const all = await listPlans(db);
  const plan = all.find((p) => p.code === code.toUpperCase());
  if (plan === undefined) {
    throw new OofError(
      'PLAN_UNKNOWN',
      `unknown plan "${code}": use one of ${all.map((p) => p.code).join(', ')}`,
      {
        plan: code,
      },
    );
  }
  return plan;
}

export interface AnalysisRow {
  readonly id: string;
  readonly subject: string;
  readonly wallet: string;
  readonly planCode: string;
  readonly windowFrom: Date;
  readonly windowTo: Date;
  readonly linkedWallets: readonly string[];
  readonly status: AnalysisStatus;
  readonly runs: number;
  readonly resumeBefore: string | null;
  readonly progress: unknown;
  readonly summary: unknown;
  readonly error: unknown;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface NewAnalysis {
  readonly id: string;
  readonly subject: string;
  readonly wallet: string;
  readonly planCode: string;
  readonly windowFrom: Date;
  readonly windowTo: Date;
  readonly linkedWallets: readonly string[];
}

export async function insertAnalysis(db: Db, a: NewAnalysis, now: Date): Promise<void> {
  try {
    await db.insert(analyses).values({
      ...a,
      linkedWallets: [...a.linkedWallets],
      status: 'queued',
      createdAt: now,
      updatedAt: now,
    });
  } catch (e) {
    throw toDatabaseError(e, `creating analysis ${a.id}`);
  }
}

export async function getAnalysis(db: Db, id: string): Promise<AnalysisRow> {
  let rows: AnalysisRow[];
  try {
    rows = (await db.select().from(analyses).where(eq(analyses.id, id))) as AnalysisRow[];
  } catch (e) {
    throw toDatabaseError(e, `reading analysis ${id}`);
  }
  const row = rows[0];
  if (row === undefined) throw new OofError('ANALYSIS_NOT_FOUND', `no analysis with id ${id}`, { id });
  return row;
}

/** The newest analysis of a wallet that still has work left (queued, running or partial), if any. */
export async function findUnfinishedAnalysis(db: Db, wallet: string): Promise<AnalysisRow | null> {
  try {
    const rows = await queryRows<{ id: string }>(
      db,
      sql`SELECT id FROM analyses WHERE wallet = ${wallet} AND status IN ('queued', 'running', 'partial')
          ORDER BY created_at DESC, id DESC LIMIT 1`,
    );
    const id = rows[0]?.id;
    return id === undefined ? null : await getAnalysis(db, id);
  } catch (e) {
    if (e instanceof OofError) throw e;
    throw toDatabaseError(e, `looking for an unfinished analysis of ${wallet}`);
  }
}

export interface AnalysisUpdate {
  readonly status?: AnalysisStatus;
  readonly runs?: number;
  readonly resumeBefore?: string | null;
  readonly progress?: JsonValue;
  readonly summary?: JsonValue | null;
  readonly error?: JsonValue | null;
}

export async function updateAnalysis(db: Db, id: string, update: AnalysisUpdate, now: Date): Promise<void> {
  try {
    await db
      .update(analyses)
      .set({ ...update, updatedAt: now })
      .where(eq(analyses.id, id));
  } catch (e) {
    throw toDatabaseError(e, `updating analysis ${id}`);
  }
}

/** UTC calendar day of `now`, the unit of the daily wallet quota. */
export function quotaDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

export type QuotaOutcome =
  | { readonly charged: true; readonly used: number; readonly limit: number }
  | {
      readonly charged: false;
      readonly reason: 'already_charged_today';
      readonly used: number;
      readonly limit: number;
    };

/**
 * Charges one wallet of the subject's daily quota for `analysisId`. Analysing the same wallet again the same
 * day costs nothing (the row exists); a new wallet beyond the plan's `walletsPerDay` is `QUOTA_EXCEEDED`.
 * Run it in the transaction that creates the analysis so a refused charge leaves nothing behind.
 */
export async function chargeWalletQuota(
  db: Db,
  charge: { subject: string; wallet: string; analysisId: string; plan: Plan },
  now: Date,
): Promise<QuotaOutcome> {
  const day = quotaDay(now);
  const { subject, wallet, plan } = charge;
  try {
    // Serialise charges of one subject: two concurrent requests must not both take the last slot.
    await db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`quota:${subject}`}))`);
    const rows = await queryRows<{ wallet: string }>(
      db,
      sql`SELECT wallet FROM quota_usage WHERE subject = ${subject} AND day = ${day}::date`,
    );
    const used = rows.length;
    if (rows.some((r) => r.wallet === wallet)) {
      return { charged: false, reason: 'already_charged_today', used, limit: plan.walletsPerDay };
    }
    if (used >= plan.walletsPerDay) {
      throw new OofError(
        'QUOTA_EXCEEDED',
        `plan ${plan.code} allows ${plan.walletsPerDay} new wallets per day and ${used} were analysed today (UTC); ` +
          "try again tomorrow, re-analyse one of today's wallets, or upgrade the plan",
        { plan: plan.code, limit: plan.walletsPerDay, used, day },
      );
    }
    await db
      .insert(quotaUsage)
      .values({ subject, day, wallet, analysisId: charge.analysisId, chargedAt: now });
    return { charged: true, used: used + 1, limit: plan.walletsPerDay };
  } catch (e) {
    if (e instanceof OofError) throw e;
    throw toDatabaseError(e, `charging the quota of ${subject}`);
  }
}

export async function countQuotaUsage(db: Db, subject: string, now: Date): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM quota_usage WHERE subject = ${subject} AND day = ${quotaDay(now)}::date`,
  );
  return rows[0]?.n ?? 0;
}

export interface AnalysisEvent {
  readonly seq: number;
  readonly kind: AnalysisEventKind;
  readonly data: unknown;
  readonly at: Date;
}

/** Appends an event with the next sequence number of the analysis (the SSE event id). */
export async function appendAnalysisEvent(
  db: Db,
  analysisId: string,
  kind: AnalysisEventKind,
  data: JsonValue,
  now: Date,
): Promise<number> {
  try {
    const rows = await queryRows<{ seq: number }>(
      db,
      sql`INSERT INTO analysis_events (analysis_id, seq, kind, data, at)
          SELECT ${analysisId}, coalesce(max(seq), 0) + 1, ${kind}, ${JSON.stringify(data)}::jsonb, ${now.toISOString()}::timestamptz
          FROM analysis_events WHERE analysis_id = ${analysisId}
          RETURNING seq`,
    );
    const seq = rows[0]?.seq;
    if (seq === undefined) throw new Error('no sequence number returned');
    return seq;
  } catch (e) {
    throw toDatabaseError(e, `appending a ${kind} event to analysis ${analysisId}`);
  }
}

export async function listAnalysisEvents(db: Db, analysisId: string, afterSeq = 0): Promise<AnalysisEvent[]> {
  try {
    return await db
      .select({
        seq: analysisEvents.seq,
        kind: analysisEvents.kind,
        data: analysisEvents.data,
        at: analysisEvents.at,
      })
      .from(analysisEvents)
      .where(and(eq(analysisEvents.analysisId, analysisId), gt(analysisEvents.seq, afterSeq)))
      .orderBy(asc(analysisEvents.seq));
  } catch (e) {
    throw toDatabaseError(e, `listing the events of analysis ${analysisId}`);
  }
}
