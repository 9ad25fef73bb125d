import { and, asc, desc, eq, gte, inArray, or, lt, sql, type SQL } from 'drizzle-orm';
import type { Action } from '../../decoder/action.ts';
import type { Db } from '../database.ts';
import { toDatabaseError } from '../database-error.ts';
import { actions } from '../schema/core-tables.ts';
import { rowToAction } from './action-row.ts';
import { queryRows } from '../query-rows.ts';

/** Position after which the next page starts: the last row's `(slot, sig, idx)`, newest first. */
export interface ActionCursor {
  readonly slot: bigint;
  readonly sig: string;
  readonly idx: number;
}

/**
 * A wallet's actions newest first, keyset-paginated on `(slot, sig, idx)` (served by the
 * `actions_owner_slot_idx` index): stable under concurrent inserts, no OFFSET scans.
 */
export async function listWalletActions(
  db: Db,
  wallet: string,
  options: { limit: number; after?: ActionCursor },
): Promise<{ actions: Action[]; next: ActionCursor | null }> {
  const after = options.after;
  let where: SQL | undefined = eq(actions.owner, wallet);
  if (after !== undefined) {
    where = and(
      where,
      or(
        lt(actions.slot, after.slot),
        and(eq(actions.slot, after.slot), lt(actions.sig, after.sig)),
        and(eq(actions.slot, after.slot), eq(actions.sig, after.sig), lt(actions.idx, after.idx)),
      ),
    );
  }
  try {
    const rows = await db
      .select()
      .from(actions)
      .where(where)
      .orderBy(desc(actions.slot), desc(actions.sig), desc(actions.idx))
      .limit(options.limit + 1);
    const page = rows.slice(0, options.limit);
    const last = page[page.length - 1];
    return {
      actions: page.map(rowToAction),
      next: rows.length > options.limit && last ? { slot: last.slot, sig: last.sig, idx: last.idx } : null,
    };
  } catch (e) {
    throw toDatabaseError(e, `listing the actions of ${wallet}`);
  }
}

/**
 * Every action of `wallet` with a block time at or after `from` (the analysis window), in ledger order
 * `(slot, sig, idx)`. Served by `actions_owner_slot_idx`.
 */
export async function loadWalletActionsSince(db: Db, wallet: string, from: Date): Promise<Action[]> {
  try {
    const rows = await db
      .select()
      .from(actions)
      .where(and(eq(actions.owner, wallet), gte(actions.ts, from)))
      .orderBy(asc(actions.slot), asc(actions.sig), asc(actions.idx));
    return rows.map(rowToAction);
  } catch (e) {
    throw toDatabaseError(e, `loading the actions of ${wallet}`);
  }
}

/**
 * Priced swaps of other wallets than `wallet` buying or selling `mint` in the minute starting at `minute` (unix
 * s), for each `(mint, minute)` asked: the fills a BadRoute benchmark compares with (the wallet's own fills the
 * caller already holds). Uses the `(mint_in|mint_out, ts)` indexes.
 */
export async function loadMinuteFills(
  db: Db,
  wallet: string,
  minutes: ReadonlyArray<{ readonly mint: string; readonly minute: number }>,
): Promise<Action[]> {
  if (minutes.length === 0) return [];
  const mints = minutes.map((m) => m.mint);
  const starts = minutes.map((m) => new Date(m.minute * 1000).toISOString());
  try {
    const keys = await queryRows<{ sig: string; idx: number }>(
      db,
      sql`
      WITH m(mint, t0) AS (SELECT * FROM unnest(${sql.param(mints)}::text[], ${sql.param(starts)}::timestamptz[]))
      SELECT a.sig, a.idx FROM m JOIN actions a
        ON a.kind = 'swap' AND a.side = 'buy' AND a.mint_out = m.mint
       AND a.ts >= m.t0 AND a.ts < m.t0 + interval '1 minute' AND a.usd_in IS NOT NULL
       AND a.owner IS DISTINCT FROM ${wallet}
      UNION
      SELECT a.sig, a.idx FROM m JOIN actions a
        ON a.kind = 'swap' AND a.side = 'sell' AND a.mint_in = m.mint
       AND a.ts >= m.t0 AND a.ts < m.t0 + interval '1 minute' AND a.usd_out IS NOT NULL
       AND a.owner IS DISTINCT FROM ${wallet}`,
    );
    if (keys.length === 0) return [];
    const wanted = new Set(keys.map((k) => `${k.sig}:${k.idx}`));
    const rows = await db
      .select()
      .from(actions)
      .where(and(inArray(actions.sig, [...new Set(keys.map((k) => k.sig))]), eq(actions.kind, 'swap')));
    return rows.filter((r) => wanted.has(`${r.sig}:${r.idx}`)).map(rowToAction);
  } catch (e) {
    throw toDatabaseError(e, 'loading the fills of the minutes traded');
  }
}
