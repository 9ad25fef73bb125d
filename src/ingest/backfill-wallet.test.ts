import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildTestArchive, type TestArchive } from '../chain/archive/testing/shared-data-archive.ts';
import { startReplayFixture, type ReplayFixture } from '../chain/replay/testing/replay-fixture.ts';
import type { CoreServices } from '../main/core-services.ts';
import { openTestServices } from '../main/testing/test-services.ts';
import { sharedDataAvailable } from '../../test/support/shared-data.ts';
import { backfillWallet } from './backfill-wallet.ts';

/**
 * Backfill through our RPC client against `oof replay-rpc` serving the real recordings, with every
 * getTransaction counted at the server: the dedupe rule of SPEC §3 is a number, not a promise.
 */
let archive: TestArchive;
let replay: ReplayFixture;
let services: CoreServices;
/** Distinct signatures asked for (replay answers a `json` request for a jsonParsed recording with -32602,
 * and the client asks again in jsonParsed: two calls, one transaction). */
const fetched = new Set<string>();
const resetFetched = (): void => fetched.clear();

beforeAll(async () => {
  archive = await buildTestArchive();
  replay = await startReplayFixture(archive.dir);
  services = await openTestServices();
});
afterAll(async () => {
  await services.close();
  await replay.close();
  archive.remove();
});

function countingRpc() {
  const rpc = replay.client.rpc;
  return new Proxy(rpc, {
    get(target, prop, receiver) {
      if (prop === 'getTransaction') {
        return (...args: Parameters<typeof rpc.getTransaction>) => {
          fetched.add(args[0]);
          return target.getTransaction(...args);
        };
      }
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}

describe.skipIf(!sharedDataAvailable())('backfillWallet', () => {
  test('stores a wallet once; a second backfill makes zero getTransaction calls', async () => {
    // The first manifest wallet by address: deterministic across runs.
    const wallet = [...replay.archive.manifest.wallets].sort((a, b) => a.address.localeCompare(b.address))[0]!
      .address;
    const deps = { ...services, rpc: countingRpc() };
    const first = await backfillWallet(deps, wallet);
    expect(first.signatures).toBeGreaterThan(0);
    expect(first.fetched).toBe(first.signatures);
    expect(fetched.size).toBe(first.signatures);
    expect(first.stored + first.failed.length + first.missing).toBe(first.signatures);

    resetFetched();
    const second = await backfillWallet(deps, wallet);
    expect(second).toMatchObject({ signatures: first.signatures, alreadyStored: first.stored, stored: 0 });
    expect(fetched.size).toBe(first.failed.length + first.missing); // only what could not be stored
  });

  test('an overlapping wallet fetches only the transactions it does not share', async () => {
    const wallets = replay.archive.manifest.wallets.map((w) => w.address);
    resetFetched();
    const deps = { ...services, rpc: countingRpc() };
    let listed = 0;
    let reused = 0;
    for (const w of wallets.slice(0, 15)) {
      const r = await backfillWallet(deps, w);
      listed += r.signatures;
      reused += r.alreadyStored;
      expect(r.fetched).toBe(r.signatures - r.alreadyStored);
    }
    expect(fetched.size).toBe(listed - reused);
    expect(reused).toBeGreaterThan(0);
  });
});
