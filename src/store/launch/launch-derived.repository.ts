import { and, desc, eq, gte, lt, lte, sql } from 'drizzle-orm';
import { stringifyExact } from '../../core/json/stringify-exact.ts';
import type { AmmRow, CurveRow } from '../../launch/engine/launch-radar-engine.ts';
import type { FeatureBucket } from '../../launch/events/launch-event.ts';
import type { HolderSnapshot, RiskFlag } from '../../launch/flags/risk-flag-detector.ts';
import type { Db } from '../database.ts';
import { toDatabaseError } from '../database-error.ts';
import { upsertUnnest, type UpsertColumn } from './upsert-unnest.ts';
import { feePolicies, features1m, holderSnapshots, riskFlags } from '../schema/launch-tables.ts';

const ROWS = 500;

/** The last row per key: one statement may not upsert the same row twice. */
function lastPerKey<T>(rows: readonly T[], key: (r: T) => string): T[] {
  const map = new Map<string, T>();
  for (const r of rows) {
    const k = key(r);
    map.delete(k);
    map.set(k, r);
  }
  return [...map.values()];
}

async function inChunks<T>(
  rows: readonly T[],
  what: string,
  write: (part: T[]) => Promise<unknown>,
): Promise<void> {
  try {
    for (let i = 0; i < rows.length; i += ROWS) await write(rows.slice(i, i + ROWS));
  } catch (e) {
    throw toDatabaseError(e, what);
  }
}

const U64 = 'numeric(20,0)';
const DEC = 'numeric(38,18)';
const col = (name: string, type = 'text'): UpsertColumn => ({ name, type });

/** Curve states, one per mint and slot (the last state of the slot wins). */
export async function upsertCurveSnapshots(db: Db, rows: readonly CurveRow[]): Promise<void> {
  const unique = lastPerKey(rows, (r) => `${r.mint}|${r.slot}`);
  const columns = [
    col('mint'),
    col('slot', 'bigint'),
    col('t_event_ms', 'bigint'),
    col('bonding_curve'),
    col('virtual_sol_reserves', U64),
    col('virtual_token_reserves', U64),
    col('real_sol_reserves', U64),
    col('real_token_reserves', U64),
    col('token_total_supply', U64),
    col('complete', 'boolean'),
    col('implied_price_sol', DEC),
    col('sold_pct', DEC),
    col('market_cap_sol', DEC),
  ];
  try {
    await upsertUnnest(
      db,
      'curve_snapshots',
      columns,
      unique.map((r) => [
        r.mint,
        r.slot.toString(),
        r.tEventMs.toString(),
        r.bondingCurve,
        r.virtualSolReserves,
        r.virtualTokenReserves,
        r.realSolReserves,
        r.realTokenReserves,
        r.tokenTotalSupply,
        String(r.complete),
        r.impliedPriceSol,
        r.soldPct,
        r.marketCapSol,
      ]),
      ['mint', 'slot'],
      columns.slice(2).map((c) => c.name),
    );
  } catch (e) {
    throw toDatabaseError(e, 'storing curve snapshots');
  }
}

export async function upsertAmmSnapshots(db: Db, rows: readonly AmmRow[]): Promise<void> {
  const unique = lastPerKey(rows, (r) => `${r.pool}|${r.slot}`);
  const columns = [
    col('pool'),
    col('slot', 'bigint'),
    col('t_event_ms', 'bigint'),
    col('mint'),
    col('venue'),
    col('base_reserve', U64),
    col('quote_reserve', U64),
    col('lp_supply', U64),
    col('implied_price_sol', DEC),
  ];
  try {
    await upsertUnnest(
      db,
      'amm_snapshots',
      columns,
      unique.map((r) => [
        r.pool,
        r.slot.toString(),
        r.tEventMs.toString(),
        r.mint,
        r.venue,
        r.baseReserve,
        r.quoteReserve,
        r.lpSupply,
        r.impliedPriceSol,
      ]),
      ['pool', 'slot'],
      columns.slice(2).map((c) => c.name),
    );
  } catch (e) {
    throw toDatabaseError(e, 'storing AMM snapshots');
  }
}

/** Feature buckets; a revision replaces an older one of the same minute, never a newer one. */
export async function upsertFeatureBuckets(db: Db, buckets: readonly FeatureBucket[]): Promise<void> {
  const unique = lastPerKey(buckets, (b) => `${b.mint}|${b.venue}|${b.minuteStartMs}`);
  const columns = [
    col('mint'),
    col('venue'),
    col('minute_start_ms', 'bigint'),
    col('trades', 'integer'),
    col('unique_signers', 'integer'),
    col('unique_buyers', 'integer'),
    col('sol_in', 'numeric(30,0)'),
    col('sol_out', 'numeric(30,0)'),
    col('net_inflow', 'numeric(31,0)'),
    col('mean_trade_sol', DEC),
    col('stddev_trade_sol', DEC),
    col('top5_whale_share', DEC),
    col('revision', 'integer'),
  ];
  try {
    await upsertUnnest(
      db,
      'features_1m',
      columns,
      unique.map((b) => [
        b.mint,
        b.venue,
        b.minuteStartMs,
        String(b.trades),
        String(b.uniqueSigners),
        String(b.uniqueBuyers),
        b.solIn,
        b.solOut,
        b.netInflow,
        b.meanTradeSol,
        b.stddevTradeSol,
        b.top5WhaleShare,
        String(b.revision),
      ]),
      ['mint', 'venue', 'minute_start_ms'],
      columns.slice(3).map((c) => c.name),
      sql`features_1m.revision <= excluded.revision`,
    );
  } catch (e) {
    throw toDatabaseError(e, 'storing features_1m');
  }
}

/** The stored revision of a minute (-1 when none). */
export async function featureRevision(
  db: Db,
  mint: string,
  venue: string,
  minuteStartMs: bigint,
): Promise<number> {
  try {
    const rows = await db
      .select({ revision: features1m.revision })
      .from(features1m)
      .where(
        and(
          eq(features1m.mint, mint),
          eq(features1m.venue, venue),
          eq(features1m.minuteStartMs, minuteStartMs),
        ),
      );
    return rows[0]?.revision ?? -1;
  } catch (e) {
    throw toDatabaseError(e, 'reading a feature revision');
  }
}

export async function insertRiskFlags(db: Db, flags: readonly RiskFlag[]): Promise<void> {
  await inChunks(flags, 'storing risk flags', (part) =>
    db
      .insert(riskFlags)
      .values(
        part.map((f) => ({
          mint: f.mint,
          flag: f.flag,
          observation: f.observation,
          severity: f.severity,
          value: f.value,
          threshold: f.threshold,
          details: sql`${stringifyExact(f.details)}::jsonb`,
          slot: f.slot,
          tEventMs: f.tEventMs,
        })),
      )
      .onConflictDoNothing(),
  );
}

export async function upsertHolderSnapshots(db: Db, rows: readonly HolderSnapshot[]): Promise<void> {
  const unique = lastPerKey(rows, (r) => `${r.mint}|${r.slot}`);
  const columns = [
    col('mint'),
    col('slot', 'bigint'),
    col('t_event_ms', 'bigint'),
    col('holders', 'integer'),
    col('top5_share', DEC),
    col('top10_share', DEC),
  ];
  try {
    await upsertUnnest(
      db,
      'holder_snapshots',
      columns,
      unique.map((r) => [
        r.mint,
        r.slot.toString(),
        r.tEventMs.toString(),
        String(r.holders),
        r.top5Share,
        r.top10Share,
      ]),
      ['mint', 'slot'],
      columns.slice(2).map((c) => c.name),
    );
  } catch (e) {
    throw toDatabaseError(e, 'storing holder snapshots');
  }
}

/**
 * Clears what a replay of [fromMs, toMs) recomputes — features of the minutes starting in it, flags and holder
 * snapshots raised in it — so the replay writes them afresh (same inputs → the same rows).
 */
export async function deleteDerivedBetween(db: Db, fromMs: bigint, toMs: bigint): Promise<void> {
  try {
    await db
      .delete(features1m)
      .where(and(gte(features1m.minuteStartMs, fromMs), lt(features1m.minuteStartMs, toMs)));
    await db.delete(riskFlags).where(and(gte(riskFlags.tEventMs, fromMs), lt(riskFlags.tEventMs, toMs)));
    await db
      .delete(holderSnapshots)
      .where(and(gte(holderSnapshots.tEventMs, fromMs), lt(holderSnapshots.tEventMs, toMs)));
  } catch (e) {
    throw toDatabaseError(e, 'clearing the replayed period');
  }
}

export interface FeePolicy {
  readonly venue: 'pumpfun' | 'pumpswap' | 'raydium';
  readonly effectiveFromMs: bigint;
  readonly protocolFeeBps: bigint;
  readonly creatorFeeBps: bigint;
  readonly lpFeeBps: bigint;
  readonly networkFeeLamports: bigint;
  readonly source: string;
}

/** The fee policy of a venue in force at `atMs` (the newest row effective at or before it). */
export async function feePolicyAt(
  db: Db,
  venue: FeePolicy['venue'],
  atMs: bigint,
): Promise<FeePolicy | undefined> {
  try {
    const rows = await db
      .select()
      .from(feePolicies)
      .where(and(eq(feePolicies.venue, venue), lte(feePolicies.effectiveFromMs, atMs)))
      .orderBy(desc(feePolicies.effectiveFromMs))
      .limit(1);
    const r = rows[0];
    return r === undefined
      ? undefined
      : {
          venue: r.venue,
          effectiveFromMs: r.effectiveFromMs,
          protocolFeeBps: BigInt(r.protocolFeeBps),
          creatorFeeBps: BigInt(r.creatorFeeBps),
          lpFeeBps: BigInt(r.lpFeeBps),
          networkFeeLamports: BigInt(r.networkFeeLamports),
          source: r.source,
        };
  } catch (e) {
    throw toDatabaseError(e, 'reading fee policies');
  }
}
