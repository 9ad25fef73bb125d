import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { CopyPosition } from '../../copytrade/positions/copy-position.ts';
import type { Fill } from '../../copytrade/positions/fill.ts';
import { OofError } from '../../core/errors/oof-error.ts';
import type { Db } from '../database.ts';
import { toDatabaseError } from '../database-error.ts';
import { copyFills, copyPositionEvents, copyPositions } from '../schema/copytrade-tables.ts';
import { trimDecimal } from '../transactions/action-row.ts';
import { fromTaggedJson, toTaggedJson } from './tagged-json.ts';

/**
 * Copy-trading positions: the current state (one row, `version` = events applied), the append-only event log
 * and the fills. Writes are optimistic: an update names the version it read and fails with
 * `POSITION_VERSION_CONFLICT` when another writer got there first (nothing is applied twice).
 */
export interface StoredPosition {
  readonly position: CopyPosition;
  readonly version: number;
  readonly lastPriceUsd: string | null;
  readonly lastPriceAt: Date | null;
}

/** An event of the log, as stored: `OPENED` (with the entry fill) or a state-machine event. */
export interface PositionLogEvent {
  readonly type: string;
  readonly atMs: number;
  readonly [k: string]: unknown;
}

/** A fill row: the entry is seq 0, exits follow; a live fill may have its paper shadow at the same seq. */
export interface FillRow {
  readonly seq: number;
  readonly source: 'paper' | 'live';
  readonly signalSignature: string | null;
  readonly reason: string;
  readonly fill: Fill;
  readonly realizedPnlUsd: string | null;
}

function columnsOf(p: CopyPosition) {
  return {
    status: p.status,
    remainingQtyRaw: p.exitState.remainingQtyRaw.toString(),
    peakPriceUsd: p.exitState.peakPriceUsd,
    remainingCostUsd: p.remainingCostUsd,
    realizedPnlUsd: p.realizedPnlUsd,
    state: sql`${toTaggedJson(p)}::jsonb`,
    updatedAt: new Date(p.updatedAtMs),
    closedAt: p.closedAtMs === null ? null : new Date(p.closedAtMs),
    errorReason: p.errorReason,
  };
}

function fillValues(positionId: string, f: FillRow) {
  return {
    positionId,
    seq: f.seq,
    source: f.source,
    signalSignature: f.signalSignature,
    side: f.fill.side,
    reason: f.reason,
    qtyRaw: f.fill.qtyRaw.toString(),
    quotePriceUsd: f.fill.quotePriceUsd,
    priceUsd: f.fill.priceUsd,
    notionalUsd: f.fill.notionalUsd,
    feesUsd: f.fill.feesUsd,
    slippageUsd: f.fill.slippageUsd,
    realizedPnlUsd: f.realizedPnlUsd,
    at: new Date(f.fill.atMs),
  };
}

/**
 * Inserts a new position with its OPENED event and entry fill(s); false when a position for the same signal
 * exists already (a re-processed signal), in which case nothing is written. Call inside a transaction.
 */
export async function insertPosition(
  db: Db,
  p: CopyPosition,
  signalSignature: string,
  fills: readonly FillRow[],
): Promise<boolean> {
  try {
    const rows = await db
      .insert(copyPositions)
      .values({
        id: p.id,
        signalSignature,
        wallet: p.wallet,
        mint: p.mint,
        decimals: p.decimals,
        mode: p.mode,
        entryPriceUsd: p.exitState.entryPriceUsd,
        originalQtyRaw: p.exitState.originalQtyRaw.toString(),
        entryCostUsd: p.entryCostUsd,
        version: 1,
        openedAt: new Date(p.openedAtMs),
        lastPriceUsd: p.entry.quotePriceUsd,
        lastPriceAt: new Date(p.entry.atMs),
        ...columnsOf(p),
      })
      .onConflictDoNothing()
      .returning({ id: copyPositions.id });
    if (rows.length === 0) return false;
    await db.insert(copyPositionEvents).values({
      positionId: p.id,
      seq: 1,
      type: 'OPENED',
      event: sql`${toTaggedJson({ type: 'OPENED', atMs: p.openedAtMs, entry: p.entry })}::jsonb`,
      at: new Date(p.openedAtMs),
    });
    if (fills.length > 0) await db.insert(copyFills).values(fills.map((f) => fillValues(p.id, f)));
    return true;
  } catch (e) {
    throw toDatabaseError(e, `opening position ${p.id}`);
  }
}

/**
 * Saves `next` (the position after `events`) over the version read; appends the events and new fills.
 * Throws `POSITION_VERSION_CONFLICT` (conflict) when the row moved since it was read.
 */
export async function savePosition(
  db: Db,
  readVersion: number,
  next: CopyPosition,
  events: readonly PositionLogEvent[],
  fills: readonly FillRow[] = [],
  lastPrice: { readonly priceUsd: string; readonly at: Date } | null = null,
): Promise<number> {
  const version = readVersion + events.length;
  let updated: number;
  try {
    const rows = await db
      .update(copyPositions)
      .set({
        ...columnsOf(next),
        version,
        ...(lastPrice === null ? {} : { lastPriceUsd: lastPrice.priceUsd, lastPriceAt: lastPrice.at }),
      })
      .where(and(eq(copyPositions.id, next.id), eq(copyPositions.version, readVersion)))
      .returning({ id: copyPositions.id });
    updated = rows.length;
    if (updated === 1 && events.length > 0) {
      await db.insert(copyPositionEvents).values(
        events.map((e, i) => ({
          positionId: next.id,
          seq: readVersion + 1 + i,
          type: e.type,
          event: sql`${toTaggedJson(e)}::jsonb`,
          at: new Date(e.atMs),
        })),
      );
    }
    if (updated === 1 && fills.length > 0) {
      await db.insert(copyFills).values(fills.map((f) => fillValues(next.id, f)));
    }
  } catch (e) {
    throw toDatabaseError(e, `saving position ${next.id}`);
  }
  if (updated === 0) {
    throw new OofError(
      'INVARIANT_BROKEN',
      `position ${next.id} changed since version ${readVersion} was read (POSITION_VERSION_CONFLICT)`,
      { positionId: next.id, readVersion },
    );
  }
  return version;
}

type Row = typeof copyPositions.$inferSelect;
const toStored = (r: Row): StoredPosition => ({
  position: fromTaggedJson(r.state) as CopyPosition,
  version: r.version,
  lastPriceUsd: r.lastPriceUsd === null ? null : trimDecimal(r.lastPriceUsd),
  lastPriceAt: r.lastPriceAt,
});

export async function getPosition(db: Db, id: string): Promise<StoredPosition | null> {
  try {
    const rows = await db.select().from(copyPositions).where(eq(copyPositions.id, id));
    return rows[0] === undefined ? null : toStored(rows[0]);
  } catch (e) {
    throw toDatabaseError(e, `reading position ${id}`);
  }
}

export interface PositionQuery {
  readonly statuses?: readonly CopyPosition['status'][];
  readonly wallet?: string;
  /** Positions of any of these source wallets. */
  readonly wallets?: readonly string[];
  readonly mint?: string;
  readonly limit?: number;
}

/** Positions by status (newest opened first), for the engine (open ones) and the API. */
export async function listPositions(db: Db, q: PositionQuery = {}): Promise<StoredPosition[]> {
  const where: SQL[] = [];
  if (q.statuses !== undefined) where.push(inArray(copyPositions.status, [...q.statuses]));
  if (q.wallet !== undefined) where.push(eq(copyPositions.wallet, q.wallet));
  if (q.wallets !== undefined)
    where.push(inArray(copyPositions.wallet, q.wallets.length === 0 ? [''] : [...q.wallets]));
  if (q.mint !== undefined) where.push(eq(copyPositions.mint, q.mint));
  try {
    const query = db
      .select()
      .from(copyPositions)
      .where(where.length === 0 ? undefined : and(...where))
      .orderBy(desc(copyPositions.openedAt), asc(copyPositions.id));
    const rows = q.limit === undefined ? await query : await query.limit(q.limit);
    return rows.map(toStored);
  } catch (e) {
    throw toDatabaseError(e, 'listing copy-trading positions');
  }
}

/** Closed positions as the breakers and the performance read them, closed after `since` (all when null). */
export async function listClosedTrades(
  db: Db,
  since: Date | null,
): Promise<{ positionId: string; wallet: string; closedAtMs: number; realizedPnlUsd: string }[]> {
  try {
    const rows = await db
      .select({
        id: copyPositions.id,
        wallet: copyPositions.wallet,
        closedAt: copyPositions.closedAt,
        pnl: copyPositions.realizedPnlUsd,
      })
      .from(copyPositions)
      .where(
        and(
          eq(copyPositions.status, 'closed'),
          since === null ? undefined : sql`${copyPositions.closedAt} > ${since.toISOString()}::timestamptz`,
        ),
      )
      .orderBy(asc(copyPositions.closedAt), asc(copyPositions.id));
    return rows.map((r) => ({
      positionId: r.id,
      wallet: r.wallet,
      closedAtMs: (r.closedAt ?? new Date(0)).getTime(),
      realizedPnlUsd: trimDecimal(r.pnl),
    }));
  } catch (e) {
    throw toDatabaseError(e, 'reading closed positions');
  }
}

export async function listPositionEvents(db: Db, positionId: string): Promise<PositionLogEvent[]> {
  try {
    const rows = await db
      .select()
      .from(copyPositionEvents)
      .where(eq(copyPositionEvents.positionId, positionId))
      .orderBy(asc(copyPositionEvents.seq));
    return rows.map((r) => fromTaggedJson(r.event) as PositionLogEvent);
  } catch (e) {
    throw toDatabaseError(e, `reading the events of position ${positionId}`);
  }
}

export interface StoredFill {
  readonly seq: number;
  readonly source: 'paper' | 'live';
  readonly signalSignature: string | null;
  readonly side: 'buy' | 'sell';
  readonly reason: string;
  readonly qtyRaw: string;
  readonly quotePriceUsd: string;
  readonly priceUsd: string;
  readonly notionalUsd: string;
  readonly feesUsd: string;
  readonly slippageUsd: string;
  readonly realizedPnlUsd: string | null;
  readonly at: string;
}

export async function listFills(db: Db, positionId: string): Promise<StoredFill[]> {
  try {
    const rows = await db
      .select()
      .from(copyFills)
      .where(eq(copyFills.positionId, positionId))
      .orderBy(asc(copyFills.seq), asc(copyFills.source));
    return rows.map((r) => ({
      seq: r.seq,
      source: r.source,
      signalSignature: r.signalSignature,
      side: r.side,
      reason: r.reason,
      qtyRaw: r.qtyRaw,
      quotePriceUsd: trimDecimal(r.quotePriceUsd),
      priceUsd: trimDecimal(r.priceUsd),
      notionalUsd: trimDecimal(r.notionalUsd),
      feesUsd: trimDecimal(r.feesUsd),
      slippageUsd: trimDecimal(r.slippageUsd),
      realizedPnlUsd: r.realizedPnlUsd === null ? null : trimDecimal(r.realizedPnlUsd),
      at: r.at.toISOString(),
    }));
  } catch (e) {
    throw toDatabaseError(e, `reading the fills of position ${positionId}`);
  }
}

/** The mints of the open positions (cheap: the price monitor asks every round). */
export async function listOpenMints(db: Db): Promise<string[]> {
  try {
    const rows = await db
      .selectDistinct({ mint: copyPositions.mint })
      .from(copyPositions)
      .where(eq(copyPositions.status, 'open'));
    return rows.map((r) => r.mint).sort();
  } catch (e) {
    throw toDatabaseError(e, 'reading the mints of open positions');
  }
}

/** The open positions of some mints. */
export async function listOpenPositionsOf(db: Db, mints: readonly string[]): Promise<StoredPosition[]> {
  if (mints.length === 0) return [];
  try {
    const rows = await db
      .select()
      .from(copyPositions)
      .where(and(eq(copyPositions.status, 'open'), inArray(copyPositions.mint, [...mints])))
      .orderBy(asc(copyPositions.id));
    return rows.map(toStored);
  } catch (e) {
    throw toDatabaseError(e, 'reading open positions');
  }
}

/** The last price seen for every open position of a mint, in one statement (no event: a mark, not a change). */
export async function markOpenPositions(db: Db, mint: string, priceUsd: string, at: Date): Promise<void> {
  try {
    await db
      .update(copyPositions)
      .set({ lastPriceUsd: priceUsd, lastPriceAt: at })
      .where(and(eq(copyPositions.status, 'open'), eq(copyPositions.mint, mint)));
  } catch (e) {
    throw toDatabaseError(e, `marking the open positions of ${mint}`);
  }
}

/** The fills with both a live and a paper record (same position and seq): paper-vs-live per signal. */
export async function listPaperLivePairs(
  db: Db,
  limit: number,
): Promise<{ positionId: string; seq: number; signalSignature: string | null; paper: Fill; live: Fill }[]> {
  try {
    const rows = await db
      .select()
      .from(copyFills)
      .where(
        sql`(position_id, seq) IN (SELECT position_id, seq FROM copy_fills GROUP BY position_id, seq
                                    HAVING count(DISTINCT source) = 2)`,
      )
      .orderBy(desc(copyFills.at), asc(copyFills.positionId), asc(copyFills.seq))
      .limit(limit * 2);
    const byKey = new Map<
      string,
      { positionId: string; seq: number; signalSignature: string | null; paper?: Fill; live?: Fill }
    >();
    for (const r of rows) {
      const key = `${r.positionId}:${r.seq}`;
      const e = byKey.get(key) ?? {
        positionId: r.positionId,
        seq: r.seq,
        signalSignature: r.signalSignature,
      };
      const fill: Fill = {
        side: r.side,
        source: r.source,
        qtyRaw: BigInt(r.qtyRaw),
        quotePriceUsd: trimDecimal(r.quotePriceUsd),
        priceUsd: trimDecimal(r.priceUsd),
        notionalUsd: trimDecimal(r.notionalUsd),
        swapFeeUsd: '0',
        networkFeeUsd: '0',
        feesUsd: trimDecimal(r.feesUsd),
        slippageUsd: trimDecimal(r.slippageUsd),
        atMs: r.at.getTime(),
      };
      if (r.source === 'paper') e.paper = fill;
      else e.live = fill;
      byKey.set(key, e);
    }
    return [...byKey.values()].flatMap((e) =>
      e.paper !== undefined && e.live !== undefined
        ? [
            {
              positionId: e.positionId,
              seq: e.seq,
              signalSignature: e.signalSignature,
              paper: e.paper,
              live: e.live,
            },
          ]
        : [],
    );
  } catch (e) {
    throw toDatabaseError(e, 'reading paper and live fills');
  }
}
