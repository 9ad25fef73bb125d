/**
 * The engine keeps the Helius webhook in step with the watchlist: pending changes are sent in one coalesced
 * call (the active addresses), at most every 10 s, and each row's sync status says whether it went through.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineRunner } from '../../src/copytrade/engine/copytrade-engine.ts';
import type { WatchedAddressSync } from '../../src/copytrade/signals/sync-watchlist.ts';
import {
  getCopyWallet,
  insertCopyWallet,
  updateCopyWallet,
} from '../../src/store/copytrade/copy-wallets.repository.ts';
import { watchedWallet } from '../../src/store/copytrade/testing/watched-wallet.ts';
import { openTestDatabase, type TestDatabase } from '../../src/store/testing/test-database.ts';
import { engineDeps, recordedSafety, scriptedPriceSource, testClock } from './support/copytrade-harness.ts';

const A = '4DdrfiDHpmx55i4SPssxVzS9ZaKLb8qr45NKY9Er9nNh';
const B = 'Gh6D6DZcASQLc2XoLpctT74KbRr4nrHF8wNptweckHoA';
let database: TestDatabase;
const clock = testClock(new Date('2025-11-06T00:00:00Z'));
const calls: string[][] = [];
let failNext = false;
const sync: WatchedAddressSync = (addresses) => {
  const list = [...addresses].sort();
  calls.push(list);
  if (failNext) {
    failNext = false;
    return Promise.reject(new Error('Helius answered HTTP 503'));
  }
  return Promise.resolve({ action: 'updated', webhookId: 'w1', added: list.length, removed: 0 });
};

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.dispose());

const add = (address: string) => insertCopyWallet(database.db, watchedWallet(address), clock.now());

describe('watchlist → Helius webhook', () => {
  it('sends the active set once per batch of changes, records synced / error per wallet', async () => {
    const deps = {
      ...engineDeps(
        database,
        clock.now,
        [scriptedPriceSource('p', clock.now).source],
        recordedSafety(clock.now, new Set()),
      ),
      watchlistSync: sync,
    };
    const runner = createEngineRunner(deps, 'sync-test');
    await add(A);
    await add(B);
    clock.advance(11_000);
    await runner.round();
    expect(calls).toEqual([[A, B].sort()]);
    expect((await getCopyWallet(database.db, A))?.syncStatus).toBe('synced');
    // Nothing pending: no call.
    clock.advance(11_000);
    await runner.round();
    expect(calls).toHaveLength(1);
    // A removal fails to sync: the error is on the row, the next round tries again.
    await updateCopyWallet(database.db, B, { active: false }, clock.now());
    failNext = true;
    clock.advance(11_000);
    await runner.round();
    expect(calls[1]).toEqual([A]);
    const failed = await getCopyWallet(database.db, B);
    expect(failed?.syncStatus).toBe('error');
    expect(failed?.syncError).toContain('503');
    clock.advance(11_000);
    await runner.round();
    expect(calls[2]).toEqual([A]);
    expect((await getCopyWallet(database.db, B))?.syncStatus).toBe('synced');
  });
});
