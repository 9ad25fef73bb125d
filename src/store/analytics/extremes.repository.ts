import { sql } from 'drizzle-orm';
import type { Db } from '../database.ts';
import { toDatabaseError } from '../database-error.ts';
import type { JsonValue } from '../jobs/jobs.repository.ts';
import { queryRows } from '../query-rows.ts';

/** Default time a cached `wallet_extremes` row is served before it is recomputed. */
export const EXTREMES_TTL_MS = 15 * 60_000;

export interface CachedExtremes {
  readonly extremes: unknown;
  readonly computedAt: Date;
  readonly expiresAt: Date;
}

/** The cached extremes of a wallet, or null when absent, expired, or invalidated by an ingest. */
export async function readCachedExtremes(db: Db, wallet: string, now: Date): Promise<CachedExtremes | null> {
  try {
    const rows = await queryRows<{
      extremes: unknown;
      computed_at: string | Date;
      expires_at: string | Date;
    }>(
      db,
      sql`SELECT extremes, computed_at, expires_at FROM wallet_extremes
          WHERE wallet = ${wallet} AND expires_at > ${now.toISOString()}::timestamptz`,
    );
    const r = rows[0];
    if (r === undefined) return null;
    return { extremes: r.extremes, computedAt: new Date(r.computed_at), expiresAt: new Date(r.expires_at) };
  } catch (e) {
    throw toDatabaseError(e, `reading the cached extremes of ${wallet}`);
  }
}

export async function writeCachedExtremes(
  db: Db,
  wallet: string,
  extremes: JsonValue,
  now: Date,
  ttlMs = EXTREMES_TTL_MS,
): Promise<void> {
  try {
    await db.execute(sql`INSERT INTO wallet_extremes (wallet, extremes, computed_at, expires_at)
      VALUES (${wallet}, ${JSON.stringify(extremes)}::jsonb, ${now.toISOString()}::timestamptz,
              ${new Date(now.getTime() + ttlMs).toISOString()}::timestamptz)
      ON CONFLICT (wallet) DO UPDATE SET extremes = excluded.extremes, computed_at = excluded.computed_at,
        expires_at = excluded.expires_at`);
  } catch (e) {
    throw toDatabaseError(e, `caching the extremes of ${wallet}`);
  }
}

/** Drops the cached extremes of wallets that just received new transactions (called by ingest). */
export async function invalidateCachedExtremes(db: Db, wallets: readonly string[]): Promise<void> {
  if (wallets.length === 0) return;
  try {
    await db.execute(sql`DELETE FROM wallet_extremes WHERE wallet = ANY(${sql.param([...wallets])}::text[])`);
  } catch (e) {
    throw toDatabaseError(e, 'invalidating cached extremes');
  }
}
