import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../database.ts';
import { toDatabaseError } from '../database-error.ts';
import { copyOrders, type CopyMode, type OrderStatus } from '../schema/copytrade-tables.ts';
import { fromTaggedJson, toTaggedJson } from './tagged-json.ts';

/**
 * The swap queue, persisted. An order's id is the swap's client id: inserting it twice writes one row, and a
 * status moves forward only from the state named (`queued → sending → filled | failed`, or `cancelled`).
 */
export interface CopyOrder {
  readonly id: string;
  readonly positionId: string;
  readonly wallet: string;
  readonly mint: string;
  readonly kind: string;
  /** 0 = sent first (swapPriority). */
  readonly priority: number;
  readonly mode: CopyMode;
  readonly status: OrderStatus;
  readonly qtyRaw: bigint;
  /** The exit decision (or entry order) it executes. */
  readonly decision: unknown;
  readonly attempts: number;
  readonly txSignature: string | null;
  readonly lastError: string | null;
  readonly notBefore: Date;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type NewCopyOrder = Omit<CopyOrder, 'attempts' | 'txSignature' | 'lastError' | 'updatedAt'>;

/** Inserts the order unless its id exists; true when this call inserted it. */
export async function insertOrder(db: Db, o: NewCopyOrder): Promise<boolean> {
  try {
    const rows = await db
      .insert(copyOrders)
      .values({
        ...o,
        qtyRaw: o.qtyRaw.toString(),
        decision: sql`${toTaggedJson(o.decision)}::jsonb`,
        updatedAt: o.createdAt,
      })
      .onConflictDoNothing()
      .returning({ id: copyOrders.id });
    return rows.length === 1;
  } catch (e) {
    throw toDatabaseError(e, `queueing swap ${o.id}`);
  }
}

type Row = typeof copyOrders.$inferSelect;
const toOrder = (r: Row): CopyOrder => ({
  ...r,
  qtyRaw: BigInt(r.qtyRaw),
  decision: fromTaggedJson(r.decision),
});

/** Queued and in-flight orders, most urgent first (priority, then FIFO). */
export async function listOpenOrders(db: Db, limit = 500): Promise<CopyOrder[]> {
  try {
    const rows = await db
      .select()
      .from(copyOrders)
      .where(inArray(copyOrders.status, ['queued', 'sending']))
      .orderBy(asc(copyOrders.priority), asc(copyOrders.createdAt), asc(copyOrders.id))
      .limit(limit);
    return rows.map(toOrder);
  } catch (e) {
    throw toDatabaseError(e, 'reading the swap queue');
  }
}

export async function listPositionOrders(db: Db, positionId: string): Promise<CopyOrder[]> {
  try {
    const rows = await db
      .select()
      .from(copyOrders)
      .where(eq(copyOrders.positionId, positionId))
      .orderBy(asc(copyOrders.createdAt), asc(copyOrders.id));
    return rows.map(toOrder);
  } catch (e) {
    throw toDatabaseError(e, `reading the swaps of position ${positionId}`);
  }
}

export interface OrderTransition {
  readonly status: OrderStatus;
  readonly attempts?: number;
  readonly txSignature?: string | null;
  readonly lastError?: string | null;
  readonly notBefore?: Date;
}

/**
 * Moves an order from `from` to `change.status`; false when it was not in `from` (another worker moved it, or
 * it was already done): the caller then does nothing, which is what makes a retried step idempotent.
 */
export async function transitionOrder(
  db: Db,
  id: string,
  from: readonly OrderStatus[],
  change: OrderTransition,
  now: Date,
): Promise<boolean> {
  try {
    const rows = await db
      .update(copyOrders)
      .set({ ...change, updatedAt: now })
      .where(and(eq(copyOrders.id, id), inArray(copyOrders.status, [...from])))
      .returning({ id: copyOrders.id });
    return rows.length === 1;
  } catch (e) {
    throw toDatabaseError(e, `updating swap ${id}`);
  }
}
