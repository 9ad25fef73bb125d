import { and, asc, eq, gte, lte } from 'drizzle-orm';
import type { Action } from '../../decoder/action.ts';
import type { Db } from '../database.ts';
import { toDatabaseError } from '../database-error.ts';
import { actions } from '../schema/core-tables.ts';
import { rowToAction } from '../transactions/action-row.ts';

/**
 * Stored swaps that moved `mint` (either side) with a block time in `[from, to]`, in `(slot, sig, idx)` order:
 * the fills a local VWAP is built from. Two queries so each side uses its `(mint, ts)` index.
 */
export async function loadSwapsOfMint(db: Db, mint: string, from: Date, to: Date): Promise<Action[]> {
  try {
    const side = (column: typeof actions.mintIn | typeof actions.mintOut) =>
      db
        .select()
        .from(actions)
        .where(and(eq(column, mint), eq(actions.kind, 'swap'), gte(actions.ts, from), lte(actions.ts, to)))
        .orderBy(asc(actions.slot), asc(actions.sig), asc(actions.idx));
    const seen = new Set<string>();
    const out: Action[] = [];
    for (const row of [...(await side(actions.mintIn)), ...(await side(actions.mintOut))]) {
      const key = `${row.sig}\u0000${row.idx}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(rowToAction(row));
    }
    return out.sort((a, b) =>
      a.slot !== b.slot
        ? (a.slot ?? 0n) < (b.slot ?? 0n)
          ? -1
          : 1
        : a.signature !== b.signature
          ? a.signature < b.signature
            ? -1
            : 1
          : a.index - b.index,
    );
  } catch (e) {
    throw toDatabaseError(e, `loading the swaps of ${mint}`);
  }
}
