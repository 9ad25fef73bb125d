import { and, desc, eq, or, lt, type SQL } from 'drizzle-orm';
import type { Action } from '../../decoder/action.ts';
import type { Db } from '../database.ts';
import { toDatabaseError } from '../database-error.ts';
import { actions } from '../schema/core-tables.ts';
import { rowToAction } from './action-row.ts';

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
