import { sql } from 'drizzle-orm';
import type { Db } from '../database.ts';
import { toDatabaseError } from '../database-error.ts';

/** NOTIFY channels: every API process LISTENs, whichever process ran the analysis. */
export const ANALYSIS_EVENTS_CHANNEL = 'oof_analysis_events';
export const MOMENTS_CHANNEL = 'oof_moments';

/** Tells every listener that analysis `analysisId` has a new event `seq` (the row is already committed). */
export async function notifyAnalysisEvent(db: Db, analysisId: string, seq: number): Promise<void> {
  try {
    await db.execute(sql`SELECT pg_notify(${ANALYSIS_EVENTS_CHANNEL}, ${`${analysisId}:${seq}`})`);
  } catch (e) {
    throw toDatabaseError(e, 'notifying an analysis event');
  }
}

/** Tells every listener that moment `id` was stored. */
export async function notifyMoment(db: Db, id: string): Promise<void> {
  try {
    await db.execute(sql`SELECT pg_notify(${MOMENTS_CHANNEL}, ${id})`);
  } catch (e) {
    throw toDatabaseError(e, 'notifying a new moment');
  }
}
