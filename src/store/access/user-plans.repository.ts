import { sql } from 'drizzle-orm';
import { OofError } from '../../core/errors/oof-error.ts';
import type { Plan } from '../analytics/analyses.repository.ts';
import type { Db } from '../database.ts';
import { toDatabaseError } from '../database-error.ts';
import { queryRows } from '../query-rows.ts';
import { userPlans } from '../schema/access-tables.ts';

/** The plan a subject gets without a `user_plans` row. */
export const DEFAULT_PLAN_CODE = 'FREE';

export interface SubjectPlan {
  /** The plan as stored in `plans` (its own `walletsPerDay`, without the boost). */
  readonly plan: Plan;
  /** Extra new wallets per day from staking (0 without a row). */
  readonly stakingBoost: number;
}

interface PlanRow extends Record<string, unknown> {
  code: string;
  wallets_per_day: number;
  backfill_days: number;
  max_signatures: number;
  max_tx_fetches: number;
  max_cpu_ms: number;
  max_candle_reads: number;
  staking_boost: number;
}

/** The subject's plan and staking boost in one query; FREE without boost when the subject has no row. */
export async function getSubjectPlan(db: Db, subject: string): Promise<SubjectPlan> {
  let rows: PlanRow[];
  try {
    rows = await queryRows<PlanRow>(
      db,
      sql`SELECT p.code, p.wallets_per_day, p.backfill_days, p.max_signatures, p.max_tx_fetches, p.max_cpu_ms,
                 p.max_candle_reads, coalesce(u.staking_boost, 0) AS staking_boost
            FROM (SELECT 1) AS one
            LEFT JOIN user_plans u ON u.subject = ${subject}
            JOIN plans p ON p.code = coalesce(u.plan_code, ${DEFAULT_PLAN_CODE})`,
    );
  } catch (e) {
    throw toDatabaseError(e, `reading the plan of ${subject}`);
  }
  const row = rows[0];
  if (row === undefined) {
    throw new OofError('INVARIANT_BROKEN', `plan ${DEFAULT_PLAN_CODE} is missing from the plans table`, {
      subject,
    });
  }
  return {
    plan: {
      code: row.code,
      walletsPerDay: row.wallets_per_day,
      backfillDays: row.backfill_days,
      maxSignatures: row.max_signatures,
      maxTxFetches: row.max_tx_fetches,
      maxCpuMs: row.max_cpu_ms,
      maxCandleReads: row.max_candle_reads,
    },
    stakingBoost: row.staking_boost,
  };
}

/** Sets the subject's plan, keeping its staking boost. `PLAN_UNKNOWN` when the code is not in `plans`. */
export async function setSubjectPlan(db: Db, subject: string, planCode: string, now: Date): Promise<void> {
  const code = planCode.toUpperCase();
  try {
    await db
      .insert(userPlans)
      .values({ subject, planCode: code, updatedAt: now })
      .onConflictDoUpdate({ target: userPlans.subject, set: { planCode: code, updatedAt: now } });
  } catch (e) {
    if (isForeignKeyViolation(e)) {
      throw new OofError('PLAN_UNKNOWN', `unknown plan "${planCode}"`, { plan: planCode });
    }
    throw toDatabaseError(e, `setting the plan of ${subject}`);
  }
}

/**
 * Records the subject's staked OOF (a decimal string of whole tokens) with the boost it earns (see
 * `stakingBoostFor`), keeping its plan (FREE for a new row).
 */
export async function setSubjectStake(
  db: Db,
  subject: string,
  stake: { stakedOof: string; stakingBoost: number },
  now: Date,
): Promise<void> {
  try {
    await db
      .insert(userPlans)
      .values({ subject, planCode: DEFAULT_PLAN_CODE, ...stake, updatedAt: now })
      .onConflictDoUpdate({ target: userPlans.subject, set: { ...stake, updatedAt: now } });
  } catch (e) {
    throw toDatabaseError(e, `recording the stake of ${subject}`);
  }
}

function isForeignKeyViolation(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur !== null && typeof cur === 'object' && depth < 4; depth++) {
    if ((cur as { code?: unknown }).code === '23503') return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}
