import { and, desc, eq, gte, lt, lte, sql } from 'drizzle-orm';
import { stringifyExact } from '../../core/json/stringify-exact.ts';
import type { AmmRow, CurveRow } from '../../launch/engine/launch-radar-engine.ts';
import type { FeatureBucket } from '../../launch/events/launch-event.ts';
import type { HolderSnapshot, RiskFlag } from '../../launch/flags/risk-flag-detector.ts';
import type { Db } from '../database.ts';
import { toDatabaseError } from '../database-error.ts';
import {
  ammSnapshots,
  curveSnapshots,
  feePolicies,
  features1m,
  holderSnapshots,
  riskFlags,
} from '../schema/launch-tables.ts';

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

/** Curve states, one per mint and slot (the last state of the slot wins). */
export async function upsertCurveSnapshots(db: Db, rows: readonly CurveRow[]): Promise<void> {
  const unique = lastPerKey(rows, (r) => `${r.mint}|${r.slot}`);
  await inChunks(unique, 'storing curve snapshots', (part) =>
    db
      .insert(curveSnapshots)
      .values(part)
      .onConflictDoUpdate({
        target: [curveSnapshots.mint, curveSnapshots.slot],
        set: {
          tEventMs: sql`excluded.t_event_ms`,
          virtualSolReserves: sql`excluded.virtual_sol_reserves`,
          virtualTokenReserves: sql`excluded.virtual_token_reserves`,
          realSolReserves: sql`excluded.real_sol_reserves`,
          realTokenReserves: sql`excluded.real_token_reserves`,
          complete: sql`excluded.complete`,
          impliedPriceSol: sql`excluded.implied_price_sol`,
          soldPct: sql`excluded.sold_pct`,
          marketCapSol: sql`excluded.market_cap_sol`,
        },
      }),
  );
}

export async function upsertAmmSnapshots(db: Db, rows: readonly AmmRow[]): Promise<void> {
  const unique = lastPerKey(rows, (r) => `${r.pool}|${r.slot}`);
  await inChunks(unique, 'storing AMM snapshots', (part) =>
    db
      .insert(ammSnapshots)
      .values(part)
      .onConflictDoUpdate({
        target: [ammSnapshots.pool, ammSnapshots.slot],
        set: {
          tEventMs: sql`excluded.t_event_ms`,
          baseReserve: sql`excluded.base_reserve`,
          quoteReserve: sql`excluded.quote_reserve`,
          lpSupply: sql`excluded.lp_supply`,
          impliedPriceSol: sql`excluded.implied_price_sol`,
        },
      }),
  );
}

/** Feature buckets; a revision replaces an older one of the same minute, never a newer one. */
export async function upsertFeatureBuckets(db: Db, buckets: readonly FeatureBucket[]): Promise<void> {
  const unique = lastPerKey(buckets, (b) => `${b.mint}|${b.venue}|${b.minuteStartMs}`);
  await inChunks(unique, 'storing features_1m', (part) =>
    db
      .insert(features1m)
      .values(part.map((b) => ({ ...b, minuteStartMs: BigInt(b.minuteStartMs) })))
      .onConflictDoUpdate({
        target: [features1m.mint, features1m.venue, features1m.minuteStartMs],
        set: {
          trades: sql`excluded.trades`,
          uniqueSigners: sql`excluded.unique_signers`,
          uniqueBuyers: sql`excluded.unique_buyers`,
          solIn: sql`excluded.sol_in`,
          solOut: sql`excluded.sol_out`,
          netInflow: sql`excluded.net_inflow`,
          meanTradeSol: sql`excluded.mean_trade_sol`,
          stddevTradeSol: sql`excluded.stddev_trade_sol`,
          top5WhaleShare: sql`excluded.top5_whale_share`,
          revision: sql`excluded.revision`,
        },
        setWhere: sql`${features1m.revision} <= excluded.revision`,
      }),
  );
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
  await inChunks(unique, 'storing holder snapshots', (part) =>
    db
      .insert(holderSnapshots)
      .values(part)
      .onConflictDoUpdate({
        target: [holderSnapshots.mint, holderSnapshots.slot],
        set: {
          tEventMs: sql`excluded.t_event_ms`,
          holders: sql`excluded.holders`,
          top5Share: sql`excluded.top5_share`,
          top10Share: sql`excluded.top10_share`,
        },
      }),
  );
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
