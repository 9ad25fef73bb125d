import { asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../database.ts';
import { toDatabaseError } from '../database-error.ts';
import { copyBreakerEvents, copytradeState } from '../schema/copytrade-tables.ts';
import { fromTaggedJson, toTaggedJson } from './tagged-json.ts';

/** A named document of the engine (breaker state, heartbeat); null when never written. */
export async function readState<T>(db: Db, key: string): Promise<{ value: T; updatedAt: Date } | null> {
  try {
    const rows = await db.select().from(copytradeState).where(eq(copytradeState.key, key));
    const r = rows[0];
    return r === undefined ? null : { value: fromTaggedJson(r.value) as T, updatedAt: r.updatedAt };
  } catch (e) {
    throw toDatabaseError(e, `reading copy-trading state ${key}`);
  }
}

export async function writeState(db: Db, key: string, value: unknown, now: Date): Promise<void> {
  try {
    const json = sql`${toTaggedJson(value)}::jsonb`;
    await db
      .insert(copytradeState)
      .values({ key, value: json, updatedAt: now })
      .onConflictDoUpdate({ target: copytradeState.key, set: { value: json, updatedAt: now } });
  } catch (e) {
    throw toDatabaseError(e, `writing copy-trading state ${key}`);
  }
}

export interface StoredBreakerEvent {
  readonly id: string;
  readonly type: 'BREAKER_ACTIVATED' | 'BREAKER_DEACTIVATED';
  readonly kind: string;
  readonly wallet: string | null;
  readonly metric: string;
  readonly threshold: string;
  readonly sampleSize: number;
  readonly at: string;
}

export async function appendBreakerEvents(
  db: Db,
  events: readonly Omit<StoredBreakerEvent, 'id' | 'at'>[],
  at: Date,
): Promise<void> {
  if (events.length === 0) return;
  try {
    await db.insert(copyBreakerEvents).values(events.map((e) => ({ ...e, at })));
  } catch (e) {
    throw toDatabaseError(e, 'recording circuit-breaker events');
  }
}

/** The latest breaker events, newest first. */
export async function listBreakerEvents(db: Db, limit: number): Promise<StoredBreakerEvent[]> {
  try {
    const rows = await db
      .select()
      .from(copyBreakerEvents)
      .orderBy(desc(copyBreakerEvents.at), desc(copyBreakerEvents.id))
      .limit(limit);
    return rows.map((r) => ({ ...r, id: r.id.toString(), at: r.at.toISOString() }));
  } catch (e) {
    throw toDatabaseError(e, 'reading circuit-breaker events');
  }
}

/** Every breaker event, oldest first (tests and replays). */
export async function listAllBreakerEvents(db: Db): Promise<StoredBreakerEvent[]> {
  try {
    const rows = await db.select().from(copyBreakerEvents).orderBy(asc(copyBreakerEvents.id));
    return rows.map((r) => ({ ...r, id: r.id.toString(), at: r.at.toISOString() }));
  } catch (e) {
    throw toDatabaseError(e, 'reading circuit-breaker events');
  }
}
