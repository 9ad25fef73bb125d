import type { WatchedAddressSyncResult } from '../../chain/helius/watched-address-sync.ts';
import { listCopyWallets, setCopyWalletSyncStatus } from '../../store/copytrade/copy-wallets.repository.ts';
import type { Db } from '../../store/database.ts';

/** The port: make the webhook watch exactly these addresses (`HeliusWebhookClient.syncWatchedAddresses`). */
export type WatchedAddressSync = (addresses: Iterable<string>) => Promise<WatchedAddressSyncResult>;

export interface SyncWatchlistDeps {
  readonly db: Db;
  readonly sync: WatchedAddressSync;
  readonly now: () => Date;
}

export interface SyncWatchlistResult extends WatchedAddressSyncResult {
  /** Active wallets the webhook now watches. */
  readonly watched: number;
  /** Wallets whose sync status this call set to `synced`. */
  readonly marked: number;
}

/**
 * Sends the active watchlist to the Helius webhook and records, per wallet, whether the webhook reflects its row.
 *
 * The whole set travels in one edit: Helius' edit replaces the address list (up to 100,000 per webhook), so
 * batching means coalescing every watchlist change since the last sync into one call, which the watched-address
 * sync also does for overlapping calls; an unchanged set costs a read and no credits. Inactive wallets are left
 * out of the set, so their removal is what gets synced. On failure every wallet not yet synced is marked `error`
 * with the message (which never holds the API key) and the error is rethrown, so a job retries it. A wallet
 * edited while the call ran keeps `pending` for the next sync.
 */
export async function syncWatchlist(deps: SyncWatchlistDeps): Promise<SyncWatchlistResult> {
  const wallets = await listCopyWallets(deps.db);
  const active = wallets.filter((w) => w.active).map((w) => w.address);
  const unsynced = wallets
    .filter((w) => w.syncStatus !== 'synced')
    .map((w) => ({ address: w.address, updatedAt: w.updatedAt }));
  let result: WatchedAddressSyncResult;
  try {
    result = await deps.sync(active);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    await setCopyWalletSyncStatus(deps.db, unsynced, 'error', message.slice(0, 500), deps.now());
    throw e;
  }
  const marked = await setCopyWalletSyncStatus(deps.db, unsynced, 'synced', null, deps.now());
  return { ...result, watched: active.length, marked };
}
