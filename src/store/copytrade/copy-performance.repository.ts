import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../database.ts';
import { toDatabaseError } from '../database-error.ts';
import { copyPerformance, copySafetyScores } from '../schema/copytrade-tables.ts';

export interface PerformanceRow {
  readonly wallet: string;
  readonly window: string;
  readonly stats: unknown;
  readonly computedAt: Date;
}

/** Replaces the snapshots of the given wallets (every window). */
export async function upsertPerformance(db: Db, rows: readonly PerformanceRow[]): Promise<void> {
  if (rows.length === 0) return;
  try {
    await db
      .insert(copyPerformance)
      .values(
        rows.map((r) => ({
          wallet: r.wallet,
          timeWindow: r.window,
          stats: r.stats,
          computedAt: r.computedAt,
        })),
      )
      .onConflictDoUpdate({
        target: [copyPerformance.wallet, copyPerformance.timeWindow],
        set: { stats: sql`excluded.stats`, computedAt: sql`excluded.computed_at` },
      });
  } catch (e) {
    throw toDatabaseError(e, 'storing wallet performance');
  }
}

export async function listPerformance(db: Db, window: string): Promise<PerformanceRow[]> {
  try {
    const rows = await db
      .select()
      .from(copyPerformance)
      .where(eq(copyPerformance.timeWindow, window))
      .orderBy(asc(copyPerformance.wallet));
    return rows.map((r) => ({
      wallet: r.wallet,
      window: r.timeWindow,
      stats: r.stats,
      computedAt: r.computedAt,
    }));
  } catch (e) {
    throw toDatabaseError(e, 'reading wallet performance');
  }
}

export interface SafetyScoreRow {
  readonly mint: string;
  readonly computedAt: Date;
  readonly score: string;
  readonly tradable: boolean;
  readonly checks: unknown;
  readonly warnings: readonly string[];
}

/** Stores a safety score with its inputs; the same (mint, computed_at) twice is one row (a cached result). */
export async function recordSafetyScore(db: Db, s: SafetyScoreRow): Promise<void> {
  try {
    await db
      .insert(copySafetyScores)
      .values({ ...s, warnings: [...s.warnings] })
      .onConflictDoNothing();
  } catch (e) {
    throw toDatabaseError(e, `storing the safety score of ${s.mint}`);
  }
}

export async function listSafetyScores(db: Db, mint: string): Promise<SafetyScoreRow[]> {
  try {
    const rows = await db
      .select()
      .from(copySafetyScores)
      .where(eq(copySafetyScores.mint, mint))
      .orderBy(asc(copySafetyScores.computedAt));
    return rows.map((r) => ({ ...r, warnings: r.warnings as string[] }));
  } catch (e) {
    throw toDatabaseError(e, `reading the safety scores of ${mint}`);
  }
}
