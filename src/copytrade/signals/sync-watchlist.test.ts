import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHeliusWebhookClient } from '../../chain/helius/helius-webhook-client.ts';
import { FakeHeliusWebhookApi, json } from '../../chain/helius/testing/fake-helius-webhook-api.ts';
import { isOofError } from '../../core/errors/oof-error.ts';
import {
  getCopyWallet,
  insertCopyWallet,
  listCopyWallets,
  updateCopyWallet,
} from '../../store/copytrade/copy-wallets.repository.ts';
import { watchedWallet } from '../../store/copytrade/testing/watched-wallet.ts';
import { openTestDatabase, type TestDatabase } from '../../store/testing/test-database.ts';
import { syncWatchlist, type SyncWatchlistDeps } from './sync-watchlist.ts';

// Real wallets of the recorded pump.fun transactions (valid base58 public keys).
const A = '4DdrfiDHpmx55i4SPssxVzS9ZaKLb8qr45NKY9Er9nNh';
const B = 'Gh6D6DZcASQLc2XoLpctT74KbRr4nrHF8wNptweckHoA';
const C = '7SPkzf8DSxdemSKMEEKquRKEYrdDjcuHaQwac5nvnB4b';
const HOOK_URL = 'https://oof.example.com/webhooks/helius';

let clock = 0;
const now = (): Date => new Date(Date.UTC(2026, 0, 5) + ++clock * 1000);
let api: FakeHeliusWebhookApi;
let deps: SyncWatchlistDeps;

/** One database and one (fake) Helius account for the file: the tests build on each other's watchlist. */
let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
  api = new FakeHeliusWebhookApi();
  const client = createHeliusWebhookClient({
    apiKey: 'test-api-key-not-real',
    fetch: api.fetch,
    watch: { webhookURL: HOOK_URL },
  });
  deps = { db: database.db, sync: client.syncWatchedAddresses, now };
});
afterAll(() => database.dispose());

const add = (address: string) => insertCopyWallet(database.db, watchedWallet(address), now());
const statuses = async () =>
  Object.fromEntries((await listCopyWallets(database.db)).map((w) => [w.address, w.syncStatus]));

describe('syncWatchlist', () => {
  it('sends the active wallets in one edit, then records failure and recovery per wallet', async () => {
    await add(A);
    await add(B);
    await add(C);
    await updateCopyWallet(database.db, C, { active: false }, now());
    expect(await statuses()).toEqual({ [A]: 'pending', [B]: 'pending', [C]: 'pending' });

    const first = await syncWatchlist(deps);
    expect(first).toMatchObject({ action: 'created', added: 2, watched: 2, marked: 3 });
    expect(api.routes()).toEqual(['GET /v0/webhooks', 'POST /v0/webhooks']);
    expect(api.webhooks.get('wh-1')?.accountAddresses).toEqual([A, B].sort());
    expect(await statuses()).toEqual({ [A]: 'synced', [B]: 'synced', [C]: 'synced' });
    expect((await getCopyWallet(database.db, A))?.syncedAt).toBeInstanceOf(Date);

    // Nothing changed: one read, no edit.
    api.calls.length = 0;
    expect(await syncWatchlist(deps)).toMatchObject({ action: 'unchanged', marked: 0 });
    expect(api.routes()).toEqual(['GET /v0/webhooks', 'GET /v0/webhooks/wh-1']);

    // Reactivating C makes it pending; Helius is down: C is marked error with the message, the others stay synced.
    await updateCopyWallet(database.db, C, { active: true }, now());
    // A label edit does not change the watched set: it stays synced.
    await updateCopyWallet(database.db, A, { label: 'whale' }, now());
    expect(await statuses()).toEqual({ [A]: 'synced', [B]: 'synced', [C]: 'pending' });
    api.failures.push(json({ error: 'upstream down' }, 503));
    await expect(syncWatchlist(deps)).rejects.toSatisfy((e) => isOofError(e, 'HELIUS_API_UNAVAILABLE'));
    const failed = await getCopyWallet(database.db, C);
    expect(failed).toMatchObject({ syncStatus: 'error' });
    expect(failed?.syncError).toContain('503');
    expect(failed?.syncError).not.toContain('test-api-key-not-real');
    expect(await statuses()).toEqual({ [A]: 'synced', [B]: 'synced', [C]: 'error' });

    // The retry succeeds: C is watched and synced, its error cleared.
    expect(await syncWatchlist(deps)).toMatchObject({ action: 'updated', added: 1, removed: 0, marked: 1 });
    expect(api.webhooks.get('wh-1')?.accountAddresses).toEqual([A, B, C].sort());
    expect(await getCopyWallet(database.db, C)).toMatchObject({ syncStatus: 'synced', syncError: null });
  });

  it('leaves a wallet edited during the call pending for the next sync', async () => {
    await updateCopyWallet(database.db, B, { active: false }, now());
    const edited: SyncWatchlistDeps = {
      ...deps,
      sync: async (addresses) => {
        const r = await deps.sync(addresses);
        // B is reactivated while the edit that removed it is in flight.
        await updateCopyWallet(database.db, B, { active: true }, now());
        return r;
      },
    };
    expect(await syncWatchlist(edited)).toMatchObject({ removed: 1, marked: 0 });
    expect((await statuses())[B]).toBe('pending');
    expect(await syncWatchlist(deps)).toMatchObject({ added: 1, marked: 1 });
    expect((await statuses())[B]).toBe('synced');
  });
});
