import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../database.ts';
import { toDatabaseError } from '../database-error.ts';
import { queryRows } from '../query-rows.ts';
import { copyWallets, type CopyMode, type SyncStatus } from '../schema/copytrade-tables.ts';

/** A watched wallet as stored (times as `Date`). */
export interface CopyWallet {
  readonly address: string;
  readonly label: string | null;
  readonly mode: CopyMode;
  readonly strategyTemplate: string;
  /** The validated override object (see `parseStrategyOverrides`), `{}` for none. */
  readonly strategyOverrides: Readonly<Record<string, unknown>>;
  readonly discoverySource: string | null;
  readonly notes: string | null;
  readonly active: boolean;
  readonly syncStatus: SyncStatus;
  readonly syncError: string | null;
  readonly syncedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface NewCopyWallet {
  readonly address: string;
  readonly label: string | null;
  readonly mode: CopyMode;
  readonly strategyTemplate: string;
  readonly strategyOverrides: Readonly<Record<string, unknown>>;
  readonly discoverySource: string | null;
  readonly notes: string | null;
}

/** The fields a watchlist edit may change; absent fields stay. */
export interface CopyWalletChanges {
  readonly label?: string | null;
  readonly mode?: CopyMode;
  readonly strategyTemplate?: string;
  readonly strategyOverrides?: Readonly<Record<string, unknown>>;
  readonly notes?: string | null;
  readonly active?: boolean;
}

type Row = typeof copyWallets.$inferSelect;
const toWallet = (r: Row): CopyWallet => ({
  ...r,
  strategyOverrides: (r.strategyOverrides ?? {}) as Record<string, unknown>,
});

/** Every watched wallet, active or not, by address. */
export async function listCopyWallets(db: Db): Promise<CopyWallet[]> {
  try {
    const rows = await db.select().from(copyWallets).orderBy(asc(copyWallets.address));
    return rows.map(toWallet);
  } catch (e) {
    throw toDatabaseError(e, 'listing the copy-trading watchlist');
  }
}

/** One watched wallet; `forUpdate` locks its row until the caller's transaction ends (read, change, audit). */
export async function getCopyWallet(
  db: Db,
  address: string,
  options: { readonly forUpdate?: boolean } = {},
): Promise<CopyWallet | null> {
  try {
    const query = db.select().from(copyWallets).where(eq(copyWallets.address, address));
    const rows = options.forUpdate === true ? await query.for('update') : await query;
    const row = rows[0];
    return row === undefined ? null : toWallet(row);
  } catch (e) {
    throw toDatabaseError(e, `reading watched wallet ${address}`);
  }
}

/** The watched wallets among `addresses` (active or not), keyed by address: one query for a whole batch. */
export async function findCopyWallets(
  db: Db,
  addresses: readonly string[],
): Promise<Map<string, CopyWallet>> {
  const out = new Map<string, CopyWallet>();
  if (addresses.length === 0) return out;
  try {
    const rows = await db
      .select()
      .from(copyWallets)
      .where(inArray(copyWallets.address, [...new Set(addresses)]));
    for (const r of rows) out.set(r.address, toWallet(r));
    return out;
  } catch (e) {
    throw toDatabaseError(e, 'reading watched wallets');
  }
}

/** Inserts a new watched wallet (active, sync pending); null when the address is already in the watchlist. */
export async function insertCopyWallet(db: Db, wallet: NewCopyWallet, now: Date): Promise<CopyWallet | null> {
  try {
    const rows = await db
      .insert(copyWallets)
      .values({ ...wallet, active: true, syncStatus: 'pending', createdAt: now, updatedAt: now })
      .onConflictDoNothing()
      .returning();
    const row = rows[0];
    return row === undefined ? null : toWallet(row);
  } catch (e) {
    throw toDatabaseError(e, `adding ${wallet.address} to the watchlist`);
  }
}

/**
 * Applies `changes`; null when the address is not in the watchlist. A change of `active` changes the set the
 * webhook must watch, so it sets the sync status back to `pending`.
 */
export async function updateCopyWallet(
  db: Db,
  address: string,
  changes: CopyWalletChanges,
  now: Date,
): Promise<CopyWallet | null> {
  try {
    const rows = await db
      .update(copyWallets)
      .set({
        ...changes,
        ...(changes.active === undefined
          ? {}
          : {
              syncStatus: sql`CASE WHEN ${copyWallets.active} = ${changes.active} THEN ${copyWallets.syncStatus}
                                   ELSE 'pending' END`,
            }),
        updatedAt: now,
      })
      .where(eq(copyWallets.address, address))
      .returning();
    const row = rows[0];
    return row === undefined ? null : toWallet(row);
  } catch (e) {
    throw toDatabaseError(e, `updating watched wallet ${address}`);
  }
}

/** The version of a row a sync read: its status is set only if the row was not changed since. */
export interface WalletVersion {
  readonly address: string;
  readonly updatedAt: Date;
}

/**
 * Records the outcome of a webhook sync on the rows it covered. A row edited while the sync ran (its
 * `updated_at` moved) keeps its `pending` status for the next sync. Returns the number of rows set.
 */
export async function setCopyWalletSyncStatus(
  db: Db,
  versions: readonly WalletVersion[],
  status: Exclude<SyncStatus, 'pending'>,
  error: string | null,
  now: Date,
): Promise<number> {
  if (versions.length === 0) return 0;
  try {
    const rows = await queryRows<{ address: string }>(
      db,
      sql`UPDATE copy_wallets AS w
             SET sync_status = ${status}, sync_error = ${error},
                 synced_at = CASE WHEN ${status} = 'synced' THEN ${now.toISOString()}::timestamptz
                                  ELSE w.synced_at END
            FROM unnest(${sql.param(versions.map((v) => v.address))}::text[],
                        ${sql.param(versions.map((v) => v.updatedAt.toISOString()))}::timestamptz[])
              AS v(address, updated_at)
           WHERE w.address = v.address AND w.updated_at = v.updated_at
       RETURNING w.address`,
    );
    return rows.length;
  } catch (e) {
    throw toDatabaseError(e, 'recording the watchlist sync status');
  }
}
