import { and, eq, gte, lt, sql } from 'drizzle-orm';
import type { Db } from '../database.ts';
import { toDatabaseError } from '../database-error.ts';
import { queryRows } from '../query-rows.ts';
import { launchRawLogs, launchTokens, launchTrades } from '../schema/launch-tables.ts';

/** A launch as stored (launch_tokens), amounts and times as bigint. */
export interface LaunchTokenRow {
  readonly mint: string;
  readonly creator: string;
  readonly name: string;
  readonly symbol: string;
  readonly uri: string;
  readonly bondingCurve: string;
  readonly tokenProgram: string;
  readonly instruction: 'create' | 'create_v2';
  readonly tokenTotalSupply?: bigint;
  readonly createdSignature: string;
  readonly createdSlot: bigint;
  readonly createdAtMs: bigint;
}

export interface LaunchTradeRow {
  readonly signature: string;
  readonly eventIndex: number;
  readonly mint: string;
  readonly slot: bigint;
  readonly tEventMs: bigint;
  readonly signer: string;
  readonly side: 'buy' | 'sell';
  readonly venue: 'pumpfun' | 'pumpswap' | 'raydium';
  readonly solAmount: bigint;
  readonly tokenAmount: bigint;
  readonly feeLamports: bigint;
  readonly creatorFeeLamports: bigint;
  readonly virtualSolReserves: bigint;
  readonly virtualTokenReserves: bigint;
  readonly realSolReserves: bigint;
  readonly realTokenReserves: bigint;
  /** Not stored: the pool of an AMM trade, known from the migration. */
  readonly pool?: string | null;
}

export const tradeKey = (signature: string, eventIndex: number): string => `${signature}:${eventIndex}`;

const ROWS = 500;
const TRADE_ROWS = 5_000;

/** Stores launches never seen before; returns the mints this call inserted. */
export async function insertLaunchTokens(db: Db, rows: readonly LaunchTokenRow[]): Promise<Set<string>> {
  const inserted = new Set<string>();
  try {
    for (let i = 0; i < rows.length; i += ROWS) {
      const part = rows.slice(i, i + ROWS).map(({ tokenTotalSupply: _, ...r }) => r);
      const got = await db
        .insert(launchTokens)
        .values(part)
        .onConflictDoNothing()
        .returning({ mint: launchTokens.mint });
      for (const r of got) inserted.add(r.mint);
    }
    return inserted;
  } catch (e) {
    throw toDatabaseError(e, 'storing launches');
  }
}

/** Stores trades never seen before (by signature and event index); returns the keys (`tradeKey`) inserted. */
export async function insertLaunchTrades(db: Db, rows: readonly LaunchTradeRow[]): Promise<Set<string>> {
  const inserted = new Set<string>();
  try {
    for (let i = 0; i < rows.length; i += TRADE_ROWS) {
      const part = rows.slice(i, i + TRADE_ROWS);
      const col = (f: (r: LaunchTradeRow) => string) => sql`${sql.param(part.map(f))}::text[]`;
      const got = await queryRows<{ signature: string; event_index: number }>(
        db,
        sql`INSERT INTO launch_trades (signature, event_index, mint, slot, t_event_ms, signer, side, venue,
              sol_amount, token_amount, fee_lamports, creator_fee_lamports, virtual_sol_reserves,
              virtual_token_reserves, real_sol_reserves, real_token_reserves)
            SELECT signature, event_index::int, mint, slot::bigint, t_event_ms::bigint, signer, side, venue,
              sol::numeric, tok::numeric, fee::numeric, cfee::numeric, vs::numeric, vt::numeric, rs::numeric,
              rt::numeric
            FROM unnest(${col((r) => r.signature)}, ${col((r) => String(r.eventIndex))}, ${col((r) => r.mint)},
              ${col((r) => r.slot.toString())}, ${col((r) => r.tEventMs.toString())}, ${col((r) => r.signer)},
              ${col((r) => r.side)}, ${col((r) => r.venue)}, ${col((r) => r.solAmount.toString())},
              ${col((r) => r.tokenAmount.toString())}, ${col((r) => r.feeLamports.toString())},
              ${col((r) => r.creatorFeeLamports.toString())}, ${col((r) => r.virtualSolReserves.toString())},
              ${col((r) => r.virtualTokenReserves.toString())}, ${col((r) => r.realSolReserves.toString())},
              ${col((r) => r.realTokenReserves.toString())})
              AS u(signature, event_index, mint, slot, t_event_ms, signer, side, venue, sol, tok, fee, cfee, vs, vt,
                rs, rt)
            ON CONFLICT DO NOTHING
            RETURNING signature, event_index`,
      );
      for (const r of got) inserted.add(tradeKey(r.signature, Number(r.event_index)));
    }
    return inserted;
  } catch (e) {
    throw toDatabaseError(e, 'storing launch trades');
  }
}

/** Records the curve's completion once (the first CompleteEvent wins). */
export async function markLaunchComplete(db: Db, mint: string, slot: bigint, atMs: bigint): Promise<void> {
  try {
    await db
      .update(launchTokens)
      .set({ completeSlot: slot, completeAtMs: atMs })
      .where(and(eq(launchTokens.mint, mint), sql`${launchTokens.completeSlot} IS NULL`));
  } catch (e) {
    throw toDatabaseError(e, 'marking a launch complete');
  }
}

/** CURVE → MIGRATED, once; true when this call made the change. */
export async function markLaunchMigrated(
  db: Db,
  m: {
    mint: string;
    venue: 'pumpswap' | 'raydium';
    pool: string;
    signature: string;
    slot: bigint;
    atMs: bigint;
  },
): Promise<boolean> {
  try {
    const rows = await db
      .update(launchTokens)
      .set({
        status: 'MIGRATED',
        migratedVenue: m.venue,
        migratedPool: m.pool,
        migratedSignature: m.signature,
        migratedSlot: m.slot,
        migratedAtMs: m.atMs,
      })
      .where(and(eq(launchTokens.mint, m.mint), eq(launchTokens.status, 'CURVE')))
      .returning({ mint: launchTokens.mint });
    return rows.length > 0;
  } catch (e) {
    throw toDatabaseError(e, 'marking a launch migrated');
  }
}

/** What the executor needs after a restart: the launched mints and the pools they migrated to. */
export async function loadLaunchLookups(db: Db): Promise<{ mints: Set<string>; pools: Map<string, string> }> {
  try {
    const rows = await db
      .select({ mint: launchTokens.mint, pool: launchTokens.migratedPool })
      .from(launchTokens);
    const pools = new Map<string, string>();
    for (const r of rows) if (r.pool !== null) pools.set(r.pool, r.mint);
    return { mints: new Set(rows.map((r) => r.mint)), pools };
  } catch (e) {
    throw toDatabaseError(e, 'loading the launch lookups');
  }
}

export async function launchToken(db: Db, mint: string): Promise<LaunchTokenRow | undefined> {
  try {
    const rows = await db.select().from(launchTokens).where(eq(launchTokens.mint, mint));
    return rows[0];
  } catch (e) {
    throw toDatabaseError(e, 'reading a launch');
  }
}

/** Launches created in [fromMs, toMs), in creation order. */
export async function launchesBetween(db: Db, fromMs: bigint, toMs: bigint): Promise<LaunchTokenRow[]> {
  try {
    const rows = await db
      .select()
      .from(launchTokens)
      .where(and(gte(launchTokens.createdAtMs, fromMs), lt(launchTokens.createdAtMs, toMs)))
      .orderBy(launchTokens.createdSlot, launchTokens.createdSignature, launchTokens.mint);
    return rows.map((r) => ({ ...r, instruction: r.instruction }));
  } catch (e) {
    throw toDatabaseError(e, 'reading launches');
  }
}

/** Migrations in [fromMs, toMs). */
export async function migrationsBetween(
  db: Db,
  fromMs: bigint,
  toMs: bigint,
): Promise<
  {
    mint: string;
    venue: 'pumpswap' | 'raydium';
    pool: string;
    signature: string;
    slot: bigint;
    atMs: bigint;
  }[]
> {
  try {
    const rows = await db
      .select()
      .from(launchTokens)
      .where(and(gte(launchTokens.migratedAtMs, fromMs), lt(launchTokens.migratedAtMs, toMs)));
    return rows.flatMap((r) =>
      r.migratedVenue === null ||
      r.migratedPool === null ||
      r.migratedSignature === null ||
      r.migratedSlot === null ||
      r.migratedAtMs === null
        ? []
        : [
            {
              mint: r.mint,
              venue: r.migratedVenue,
              pool: r.migratedPool,
              signature: r.migratedSignature,
              slot: r.migratedSlot,
              atMs: r.migratedAtMs,
            },
          ],
    );
  } catch (e) {
    throw toDatabaseError(e, 'reading migrations');
  }
}

const toTradeRow = (r: typeof launchTrades.$inferSelect): LaunchTradeRow => ({
  signature: r.signature,
  eventIndex: r.eventIndex,
  mint: r.mint,
  slot: r.slot,
  tEventMs: r.tEventMs,
  signer: r.signer,
  side: r.side,
  venue: r.venue,
  solAmount: BigInt(r.solAmount),
  tokenAmount: BigInt(r.tokenAmount),
  feeLamports: BigInt(r.feeLamports),
  creatorFeeLamports: BigInt(r.creatorFeeLamports),
  virtualSolReserves: BigInt(r.virtualSolReserves),
  virtualTokenReserves: BigInt(r.virtualTokenReserves),
  realSolReserves: BigInt(r.realSolReserves),
  realTokenReserves: BigInt(r.realTokenReserves),
});

/** Trades with block time in [fromMs, toMs), in chain order (slot, then transaction and event), paged. */
export async function* tradesBetween(
  db: Db,
  fromMs: bigint,
  toMs: bigint,
  pageSize = 5_000,
): AsyncGenerator<LaunchTradeRow[]> {
  let after: { slot: bigint; signature: string; eventIndex: number } | null = null;
  for (;;) {
    let rows: (typeof launchTrades.$inferSelect)[];
    try {
      rows = await db
        .select()
        .from(launchTrades)
        .where(
          and(
            gte(launchTrades.tEventMs, fromMs),
            lt(launchTrades.tEventMs, toMs),
            after === null
              ? undefined
              : sql`(${launchTrades.slot}, ${launchTrades.signature}, ${launchTrades.eventIndex}) > (${after.slot}, ${after.signature}, ${after.eventIndex})`,
          ),
        )
        .orderBy(launchTrades.slot, launchTrades.signature, launchTrades.eventIndex)
        .limit(pageSize);
    } catch (e) {
      throw toDatabaseError(e, 'reading launch trades');
    }
    if (rows.length === 0) return;
    yield rows.map(toTradeRow);
    const last = rows[rows.length - 1] as typeof launchTrades.$inferSelect;
    after = { slot: last.slot, signature: last.signature, eventIndex: last.eventIndex };
    if (rows.length < pageSize) return;
  }
}

/** Every stored trade of one minute of one mint and venue (to fold a late trade into an evicted minute). */
export async function tradesOfMinute(
  db: Db,
  mint: string,
  venue: string,
  minuteStartMs: bigint,
): Promise<LaunchTradeRow[]> {
  try {
    const rows = await db
      .select()
      .from(launchTrades)
      .where(
        and(
          eq(launchTrades.mint, mint),
          eq(launchTrades.venue, venue as LaunchTradeRow['venue']),
          gte(launchTrades.tEventMs, minuteStartMs),
          lt(launchTrades.tEventMs, minuteStartMs + 60_000n),
        ),
      );
    return rows.map(toTradeRow);
  } catch (e) {
    throw toDatabaseError(e, 'reading the trades of a minute');
  }
}

/** Minutes in [fromMs, toMs) with stored trades and no features_1m row (left open by a stopped executor). */
export async function minutesWithoutFeatures(
  db: Db,
  fromMs: bigint,
  toMs: bigint,
): Promise<{ mint: string; venue: LaunchTradeRow['venue']; minuteStartMs: bigint }[]> {
  try {
    const rows = await queryRows<{ mint: string; venue: LaunchTradeRow['venue']; minute: string }>(
      db,
      sql`SELECT DISTINCT t.mint, t.venue, (t.t_event_ms - t.t_event_ms % 60000)::text AS minute
          FROM launch_trades t
          WHERE t.t_event_ms >= ${fromMs} AND t.t_event_ms < ${toMs}
            AND NOT EXISTS (SELECT 1 FROM features_1m f WHERE f.mint = t.mint AND f.venue = t.venue
              AND f.minute_start_ms = t.t_event_ms - t.t_event_ms % 60000)
          ORDER BY 3, 1, 2`,
    );
    return rows.map((r) => ({ mint: r.mint, venue: r.venue, minuteStartMs: BigInt(r.minute) }));
  } catch (e) {
    throw toDatabaseError(e, 'finding minutes without features');
  }
}

/** Logs notifications as received (once per signature); `resolved` once the transaction is stored. */
export async function insertRawLogs(
  db: Db,
  rows: readonly { signature: string; slot: bigint; failed: boolean; logs: readonly string[] }[],
): Promise<void> {
  if (rows.length === 0) return;
  try {
    await db
      .insert(launchRawLogs)
      .values(rows.map((r) => ({ ...r, logs: [...r.logs] })))
      .onConflictDoNothing();
  } catch (e) {
    throw toDatabaseError(e, 'storing logs notifications');
  }
}

export async function markRawLogsResolved(db: Db, signatures: readonly string[]): Promise<void> {
  if (signatures.length === 0) return;
  try {
    await db.execute(
      sql`UPDATE launch_raw_logs SET resolved = true WHERE signature = ANY(${sql.param([...signatures])}::text[])`,
    );
  } catch (e) {
    throw toDatabaseError(e, 'marking logs resolved');
  }
}

/** Signatures whose logs were stored but whose transaction was not (yet): the executor resolves them first. */
export async function unresolvedRawLogs(
  db: Db,
  limit: number,
): Promise<{ signature: string; slot: bigint }[]> {
  try {
    return await db
      .select({ signature: launchRawLogs.signature, slot: launchRawLogs.slot })
      .from(launchRawLogs)
      .where(eq(launchRawLogs.resolved, false))
      .orderBy(launchRawLogs.slot)
      .limit(limit);
  } catch (e) {
    throw toDatabaseError(e, 'reading unresolved logs');
  }
}
