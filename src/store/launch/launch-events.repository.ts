import { and, asc, gt, inArray, sql } from 'drizzle-orm';
import { stringifyExact } from '../../core/json/stringify-exact.ts';
import {
  launchEventMint,
  type LaunchEventBody,
  type LaunchEventKind,
  type NewLaunchEvent,
  type StoredLaunchEvent,
} from '../../launch/events/launch-event.ts';
import type { Db } from '../database.ts';
import { toDatabaseError } from '../database-error.ts';
import { queryRows } from '../query-rows.ts';
import { launchEvents } from '../schema/launch-tables.ts';

/** NOTIFY channel: payload = the last cursor appended by the committing transaction. */
export const LAUNCH_EVENTS_CHANNEL = 'launch_events';

// Appenders serialize on this transaction-scoped lock, so cursors become visible in commit order: a reader
// that saw cursor N never later finds a smaller cursor committed (the stream's gap-free promise). The first key
// is the app's constant (see migrate.ts), the second names the event log.
const APPEND_LOCK = sql`SELECT pg_advisory_xact_lock(774811, 9001)`;
const ROWS_PER_STATEMENT = 500;

/**
 * Appends events to the log in the given order. Idempotent by `dedupeKey`: an event whose key is already stored
 * (or repeated earlier in `events`) is skipped and gets `null`; the others get their new cursor, in input order.
 * Call it inside a transaction (`database.transaction`): the lock and the NOTIFY then take effect at commit, and
 * listeners are told the last cursor only once the rows are visible. Duplicates consume no cursor.
 */
export async function appendLaunchEvents(
  db: Db,
  events: readonly NewLaunchEvent[],
): Promise<(bigint | null)[]> {
  const result: (bigint | null)[] = events.map(() => null);
  if (events.length === 0) return result;
  try {
    await db.execute(APPEND_LOCK);
    const firstIndex = new Map<string, number>();
    events.forEach((e, i) => {
      if (!firstIndex.has(e.dedupeKey)) firstIndex.set(e.dedupeKey, i);
    });
    const keys = [...firstIndex.keys()];
    const existing = new Set<string>();
    for (let start = 0; start < keys.length; start += ROWS_PER_STATEMENT) {
      const part = keys.slice(start, start + ROWS_PER_STATEMENT);
      const rows = await db
        .select({ key: launchEvents.dedupeKey })
        .from(launchEvents)
        .where(inArray(launchEvents.dedupeKey, part));
      for (const r of rows) existing.add(r.key);
    }
    const fresh = [...firstIndex.entries()].filter(([key]) => !existing.has(key)).map(([, i]) => i);
    let last: bigint | null = null;
    for (let start = 0; start < fresh.length; start += ROWS_PER_STATEMENT) {
      const part = fresh.slice(start, start + ROWS_PER_STATEMENT);
      // One array parameter per column; ORDER BY the ordinality hands out the sequence in input order.
      const col = (f: (e: NewLaunchEvent) => string | null) =>
        sql`${sql.param(part.map((i) => f(events[i] as NewLaunchEvent)))}::text[]`;
      const rows = (
        await queryRows<{ cursor: string; key: string }>(
          db,
          sql`INSERT INTO launch_events (kind, mint, slot, t_event_ms, body, dedupe_key)
            SELECT kind, mint, slot::bigint, t_event_ms::bigint, body::jsonb, dedupe_key
            FROM unnest(${col((e) => e.event.kind)}, ${col((e) => launchEventMint(e.event))},
              ${col((e) => e.slot.toString())}, ${col((e) => e.tEventMs.toString())},
              ${col((e) => stringifyExact(e.event))}, ${col((e) => e.dedupeKey)})
              WITH ORDINALITY AS u(kind, mint, slot, t_event_ms, body, dedupe_key, ord)
            ORDER BY ord
            RETURNING cursor::text AS cursor, dedupe_key AS key`,
        )
      ).map((r) => ({ cursor: BigInt(r.cursor), key: r.key }));
      for (const r of rows) {
        const i = firstIndex.get(r.key);
        if (i !== undefined) result[i] = r.cursor;
        if (last === null || r.cursor > last) last = r.cursor;
      }
    }
    if (last !== null) await db.execute(sql`SELECT pg_notify(${LAUNCH_EVENTS_CHANNEL}, ${last.toString()})`);
    return result;
  } catch (e) {
    throw toDatabaseError(e, 'appending launch events');
  }
}

/** Up to `limit` events with cursor > `afterCursor`, in cursor order, optionally only of the given kinds. */
export async function readLaunchEventsAfter(
  db: Db,
  afterCursor: bigint,
  limit: number,
  kinds?: readonly LaunchEventKind[],
): Promise<StoredLaunchEvent[]> {
  try {
    const filter =
      kinds === undefined || kinds.length === 0
        ? gt(launchEvents.cursor, afterCursor)
        : and(gt(launchEvents.cursor, afterCursor), inArray(launchEvents.kind, [...kinds]));
    const rows = await db
      .select({
        cursor: launchEvents.cursor,
        tEventMs: launchEvents.tEventMs,
        slot: launchEvents.slot,
        body: launchEvents.body,
      })
      .from(launchEvents)
      .where(filter)
      .orderBy(asc(launchEvents.cursor))
      .limit(limit);
    return rows.map((r) => ({
      cursor: r.cursor,
      tEventMs: r.tEventMs,
      slot: r.slot,
      event: r.body as LaunchEventBody,
    }));
  } catch (e) {
    throw toDatabaseError(e, 'reading launch events');
  }
}

/** The newest cursor in the log (0 when empty): where a live tail starts. */
export async function lastLaunchEventCursor(db: Db): Promise<bigint> {
  try {
    const rows = await db
      .select({ max: sql<string | null>`max(${launchEvents.cursor})::text` })
      .from(launchEvents);
    const max = rows[0]?.max;
    return max === null || max === undefined ? 0n : BigInt(max);
  } catch (e) {
    throw toDatabaseError(e, 'reading the last launch event cursor');
  }
}
