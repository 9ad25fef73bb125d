import { sql } from 'drizzle-orm';
import type { Db } from '../database.ts';
import { toDatabaseError } from '../database-error.ts';
import { queryRows } from '../query-rows.ts';

/**
 * What of a wallet's signature history is stored: every signature between `oldestSig` (time `fromTs`) and
 * `newestSig` (time `toTs`), both included, has been listed and its transaction stored — one contiguous
 * stretch, extended at either end by later backfills (SPEC §2.3 `wallet_cursors`).
 */
export interface WalletCursor {
  readonly wallet: string;
  readonly fromTs: Date | null;
  readonly toTs: Date | null;
  readonly oldestSig: string | null;
  readonly newestSig: string | null;
}

export async function readWalletCursor(db: Db, wallet: string): Promise<WalletCursor | null> {
  try {
    const rows = await queryRows<{
      from_ts: string | Date | null;
      to_ts: string | Date | null;
      oldest_sig: string | null;
      newest_sig: string | null;
    }>(db, sql`SELECT from_ts, to_ts, oldest_sig, newest_sig FROM wallet_cursors WHERE wallet = ${wallet}`);
    const r = rows[0];
    if (r === undefined) return null;
    return {
      wallet,
      fromTs: r.from_ts === null ? null : new Date(r.from_ts),
      toTs: r.to_ts === null ? null : new Date(r.to_ts),
      oldestSig: r.oldest_sig,
      newestSig: r.newest_sig,
    };
  } catch (e) {
    throw toDatabaseError(e, `reading the history cursor of ${wallet}`);
  }
}

export async function writeWalletCursor(db: Db, cursor: WalletCursor, now: Date): Promise<void> {
  const ts = (d: Date | null) => (d === null ? null : d.toISOString());
  try {
    await db.execute(sql`INSERT INTO wallet_cursors (wallet, from_ts, to_ts, oldest_sig, newest_sig, updated_at)
      VALUES (${cursor.wallet}, ${ts(cursor.fromTs)}::timestamptz, ${ts(cursor.toTs)}::timestamptz,
              ${cursor.oldestSig}, ${cursor.newestSig}, ${now.toISOString()}::timestamptz)
      ON CONFLICT (wallet) DO UPDATE SET from_ts = excluded.from_ts, to_ts = excluded.to_ts,
        oldest_sig = excluded.oldest_sig, newest_sig = excluded.newest_sig, updated_at = excluded.updated_at`);
  } catch (e) {
    throw toDatabaseError(e, `saving the history cursor of ${cursor.wallet}`);
  }
}
