/**
 * Analysis checkpoints (migration 0012): the saved state of a wallet's analysis at its settle time, and the
 * reads a run makes to decide whether it may resume from it — stored actions before the settle time, candles
 * changed since — so nothing settled is reused once an input under it changed.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../database.ts';
import { toDatabaseError } from '../database-error.ts';
import { queryRows } from '../query-rows.ts';

/** What a run checks before resuming (stored as JSON next to the state). */
export interface CheckpointMeta {
  /** Unix seconds: where the run's price history started (its window's first day, less the lookback). */
  readonly priceFrom: number;
  /** Stored value-moving actions in `[window from, settle time)`, per wallet (the wallet and each linked one). */
  readonly actionCounts: Readonly<Record<string, number>>;
  /** Every mint those actions touched (their candles must not have changed under the settled history). */
  readonly mints: readonly string[];
  /** The settled moments: how many, and a digest of their ids and values. */
  readonly moments: { readonly count: number; readonly digest: string };
}

export interface StoredCheckpoint {
  readonly wallet: string;
  readonly keyHash: string;
  /** Unix seconds. */
  readonly settledBefore: number;
  /** Highest candle revision stored when the run read its prices. */
  readonly priceRev: number;
  /** The encoded `AnalysisCheckpoint`. */
  readonly state: string;
  readonly meta: CheckpointMeta;
}

export async function readAnalysisCheckpoint(db: Db, wallet: string): Promise<StoredCheckpoint | null> {
  try {
    const rows = await queryRows<{
      key_hash: string;
      settled: string;
      price_rev: string;
      state: string;
      meta: string;
    }>(
      db,
      sql`SELECT key_hash, extract(epoch FROM settled_before)::bigint::text AS settled, price_rev::text AS price_rev,
                 state, meta
            FROM analysis_checkpoints WHERE wallet = ${wallet}`,
    );
    const r = rows[0];
    if (r === undefined) return null;
    return {
      wallet,
      keyHash: r.key_hash,
      settledBefore: Number(r.settled),
      priceRev: Number(r.price_rev),
      state: r.state,
      meta: JSON.parse(r.meta) as CheckpointMeta,
    };
  } catch (e) {
    throw toDatabaseError(e, `reading the analysis checkpoint of ${wallet}`);
  }
}

/** Replaces the wallet's checkpoint (call it in the transaction that saves the analysis it belongs to). */
export async function saveAnalysisCheckpoint(db: Db, c: StoredCheckpoint, now: Date): Promise<void> {
  try {
    await db.execute(sql`INSERT INTO analysis_checkpoints (wallet, key_hash, settled_before, price_rev, state, meta, saved_at)
      VALUES (${c.wallet}, ${c.keyHash}, to_timestamp(${c.settledBefore}), ${c.priceRev}, ${c.state},
              ${JSON.stringify(c.meta)}, ${now.toISOString()}::timestamptz)
      ON CONFLICT (wallet) DO UPDATE SET key_hash = excluded.key_hash, settled_before = excluded.settled_before,
        price_rev = excluded.price_rev, state = excluded.state, meta = excluded.meta, saved_at = excluded.saved_at`);
  } catch (e) {
    throw toDatabaseError(e, `saving the analysis checkpoint of ${c.wallet}`);
  }
}

export async function deleteAnalysisCheckpoint(db: Db, wallet: string): Promise<void> {
  try {
    await db.execute(sql`DELETE FROM analysis_checkpoints WHERE wallet = ${wallet}`);
  } catch (e) {
    throw toDatabaseError(e, `deleting the analysis checkpoint of ${wallet}`);
  }
}

/** The highest candle revision stored now (0 without candles). */
export async function currentPriceRev(db: Db): Promise<number> {
  try {
    const rows = await queryRows<{ rev: string | null }>(
      db,
      sql`SELECT max(rev)::text AS rev FROM token_prices`,
    );
    return Number(rows[0]?.rev ?? 0);
  } catch (e) {
    throw toDatabaseError(e, 'reading the candle revision');
  }
}

/** Unix seconds of the earliest candle of `mints` stored or changed after revision `rev`; null if none. */
export async function earliestCandleChangedSince(
  db: Db,
  mints: readonly string[],
  rev: number,
): Promise<number | null> {
  if (mints.length === 0) return null;
  try {
    const rows = await queryRows<{ t: string | null }>(
      db,
      sql`SELECT extract(epoch FROM min(bucket_start))::bigint::text AS t FROM token_prices
           WHERE rev > ${rev} AND mint = ANY(${sql.param([...mints])}::text[])`,
    );
    const t = rows[0]?.t ?? null;
    return t === null ? null : Number(t);
  } catch (e) {
    throw toDatabaseError(e, 'reading the candles changed since the checkpoint');
  }
}

/** Stored value-moving actions of `wallet` with a block time in `[from, before)` (what `loadWalletActionsSince` reads). */
export async function countWalletActionsBefore(
  db: Db,
  wallet: string,
  from: Date,
  before: number,
): Promise<number> {
  try {
    const rows = await queryRows<{ n: string }>(
      db,
      sql`SELECT count(*)::text AS n FROM actions
           WHERE owner = ${wallet} AND kind <> 'event'
             AND ts >= ${from.toISOString()}::timestamptz AND ts < to_timestamp(${before})`,
    );
    return Number(rows[0]?.n ?? 0);
  } catch (e) {
    throw toDatabaseError(e, `counting the stored actions of ${wallet}`);
  }
}
