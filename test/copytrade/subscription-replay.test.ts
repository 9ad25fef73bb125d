/**
 * The WebSocket signal source against the replay node (`oof replay-rpc`) serving a market written by the
 * project's simulator: a watched wallet's swaps arrive over `logsSubscribe`, are fetched, stored and become
 * signals; a signature the webhook stored first is not fetched again; a webhook delivery of a signature the
 * subscription recorded makes no second signal; the WebSocket dropped mid-stream (a TCP proxy between the
 * client and the node, cut) loses nothing; the subscriptions follow the watchlist.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ArchiveReader } from '../../src/chain/archive/archive-reader.ts';
import { startReplayFixture, type ReplayFixture } from '../../src/chain/replay/testing/replay-fixture.ts';
import { systemClock } from '../../src/chain/rpc/clock.ts';
import { SolanaRpc } from '../../src/chain/rpc/solana-rpc.ts';
import type { RpcCall } from '../../src/chain/rpc/rpc-transport.ts';
import { seededRandom } from '../../src/chain/rpc/testing/seeded-random.ts';
import { SolanaWsConnection } from '../../src/chain/subscriptions/solana-ws-connection.ts';
import { swapSignalOf } from '../../src/copytrade/signals/swap-signal.ts';
import { decodeTransaction, parseRpcTransaction } from '../../src/decoder/decode-transaction.ts';
import {
  copytradeSubscribeEnabled,
  createCopytradeSubscriptions,
} from '../../src/jobs/copytrade-subscription.ts';
import { createWebhookEnqueue } from '../../src/jobs/helius-webhook.queue.ts';
import { processWebhookJobs } from '../../src/jobs/helius-webhook.worker.ts';
import type { CoreServices } from '../../src/main/core-services.ts';
import { openTestServices } from '../../src/main/testing/test-services.ts';
import { insertCopyWallet, updateCopyWallet } from '../../src/store/copytrade/copy-wallets.repository.ts';
import { watchedWallet } from '../../src/store/copytrade/testing/watched-wallet.ts';
import { queryRows } from '../../src/store/query-rows.ts';
import { writeSimulatedArchive } from '../../src/simulator/archive/write-simulated-archive.ts';
import { parseWebhookBody } from '../../src/chain/helius/webhook-item.ts';
import { stringifyExact } from '../../src/core/json/stringify-exact.ts';

interface Tx {
  readonly signature: string;
  readonly raw: unknown;
  readonly swapOwners: readonly string[];
}

let root: string;
let fixture: ReplayFixture;
let services: CoreServices;
let txs: Tx[];
let proxy: { server: Server; url: string; cut(): void; cuts: number };

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
async function waitFor(
  what: string,
  cond: () => boolean | Promise<boolean>,
  timeoutMs = 8_000,
): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!(await cond())) {
    if (performance.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** A TCP relay in front of the node's WebSocket, whose live connections the test can cut. */
async function startProxy(target: URL): Promise<typeof proxy> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection({ host: target.hostname, port: Number(target.port) });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  const p = {
    server,
    url: `ws://127.0.0.1:${address.port}${target.pathname}`,
    cuts: 0,
    cut() {
      p.cuts++;
      for (const s of sockets) s.destroy();
    },
  };
  return p;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'oof-copytrade-ws-'));
  const dir = join(root, 'archive');
  await writeSimulatedArchive(
    dir,
    { seed: 'copytrade-subscription', wallets: 10, tokens: 3, days: 0.2, transactions: 90 },
    { gzip: false, partSize: 100_000, createdBy: 'copytrade subscription test' },
  );
  const reader = await ArchiveReader.open(dir);
  txs = [];
  try {
    for await (const line of reader.transactions()) {
      const raw = line.result as { meta?: { err?: unknown } };
      if (raw.meta?.err !== null && raw.meta?.err !== undefined) continue;
      const actions = decodeTransaction(parseRpcTransaction(raw), { solUsdAt: () => '150' }).actions;
      const swapOwners = actions.flatMap((a) => {
        const s = swapSignalOf(a);
        return s === null ? [] : [s.wallet];
      });
      txs.push({ signature: line.signature, raw, swapOwners });
    }
  } finally {
    await reader.close();
  }
  // The stream is paced (at most 15 ms between transactions) so the WebSocket can be cut while it plays.
  [fixture, services] = await Promise.all([
    startReplayFixture(dir, { speed: 1_000_000, maxGapMs: 15, startDelayMs: 200 }),
    openTestServices(),
  ]);
  proxy = await startProxy(new URL(fixture.server.wsUrl));
}, 60_000);
afterAll(async () => {
  await new Promise((resolve) => proxy?.server.close(resolve));
  await fixture?.close();
  await services?.close();
  rmSync(root, { recursive: true, force: true });
});

const watch = (address: string) =>
  insertCopyWallet(
    services.database.db,
    watchedWallet(address, { discoverySource: 'oof simulate' }),
    new Date(),
  );

const signalsOf = (wallet: string) =>
  queryRows<{ signature: string; n: string; source: string | null }>(
    services.database.db,
    sql`select signature, count(*) over ()::text as n, source from copy_signals where wallet = ${wallet}`,
  );

describe('copy-trading signals over the WebSocket (replay node)', () => {
  test('a watched wallet’s swaps become signals once, across a webhook and a dropped WebSocket', async () => {
    // The wallet with the most swaps in the market.
    const counts = new Map<string, number>();
    for (const t of txs) for (const w of new Set(t.swapOwners)) counts.set(w, (counts.get(w) ?? 0) + 1);
    const [wallet] = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]!;
    const walletTxs = txs.filter((t) => t.swapOwners.includes(wallet));
    expect(walletTxs.length).toBeGreaterThanOrEqual(6);
    await watch(wallet);

    // One of its swaps reached us by webhook before the subscription starts.
    const viaWebhook = walletTxs[walletTxs.length - 1]!;
    await createWebhookEnqueue(services.database)(parseWebhookBody(stringifyExact([viaWebhook.raw])).items);
    expect(await processWebhookJobs({ ...services, rpc: null }, { workerId: 'ws-test' })).toMatchObject({
      stored: 1,
    });

    const fetched: string[] = [];
    const rpc = new SolanaRpc(<T>(call: RpcCall<T>): Promise<T> => {
      if (call.method === 'getTransaction') fetched.push(String(call.params[0]));
      return fixture.client.transport(call);
    });
    const statuses: string[] = [];
    const connection = new SolanaWsConnection(
      { url: proxy.url, reconnect: { baseMs: 20, maxMs: 100 } },
      { clock: systemClock, random: seededRandom(7), onStatus: (s) => statuses.push(s.state) },
    );
    const subs = createCopytradeSubscriptions({
      ...services,
      rpc,
      connection,
      clock: systemClock,
      random: seededRandom(8),
      retryMs: 50,
    });
    try {
      expect(await subs.sync()).toEqual({ added: [wallet], removed: [] });
      // Cut the WebSocket once a few of the wallet's swaps have come in live, while the rest still plays.
      await waitFor('the first swaps', () => subs.stats.received >= 3);
      proxy.cut();
      const timeline = fixture.server.timeline();
      expect(timeline).not.toBeNull();
      expect(await timeline).toMatchObject({ completed: true });
      await waitFor('every swap of the wallet', () => subs.stats.received >= walletTxs.length);
      await subs.drain();

      expect(proxy.cuts).toBe(1);
      expect(statuses).toContain('reconnecting');
      // Nothing lost, nothing twice: one signal per swap transaction of the wallet.
      const signals = await signalsOf(wallet);
      expect(signals.map((s) => s.signature).sort()).toEqual(walletTxs.map((t) => t.signature).sort());
      // Each signal says where it came from: the one the webhook delivered first, the rest the WebSocket.
      for (const s of signals)
        expect(s.source).toBe(s.signature === viaWebhook.signature ? 'helius_webhook' : 'ws_subscription');
      // The webhook's transaction was read from the store, not fetched again; the others were fetched once.
      expect(fetched).not.toContain(viaWebhook.signature);
      expect(new Set(fetched).size).toBe(fetched.length);
      expect(subs.stats).toMatchObject({ alreadyStored: 1, failed: 0, signals: walletTxs.length - 1 });

      // A webhook delivery of signatures the subscription recorded: stored once, no second signal.
      const again = walletTxs.slice(0, 3);
      await createWebhookEnqueue(services.database)(
        parseWebhookBody(stringifyExact(again.map((t) => t.raw))).items,
      );
      expect(await processWebhookJobs({ ...services, rpc: null }, { workerId: 'ws-test' })).toMatchObject({
        taken: 3,
        stored: 0,
        parked: 0,
      });
      expect((await signalsOf(wallet)).length).toBe(walletTxs.length);

      // The subscriptions follow the watchlist: a new wallet is added, a deactivated one dropped.
      const other = [...counts.keys()].find((w) => w !== wallet)!;
      await watch(other);
      expect(await subs.sync()).toEqual({ added: [other], removed: [] });
      await updateCopyWallet(services.database.db, wallet, { active: false }, new Date());
      expect(await subs.sync()).toEqual({ added: [], removed: [wallet] });
      expect(subs.watching()).toEqual([other]);
    } finally {
      subs.close();
      await connection.close();
    }
  }, 30_000);
});

describe('OOF_COPYTRADE_SUBSCRIBE', () => {
  test('1/true on, 0/false off, unset → the default, anything else a clear error', () => {
    expect(copytradeSubscribeEnabled('1', false)).toBe(true);
    expect(copytradeSubscribeEnabled('true', false)).toBe(true);
    expect(copytradeSubscribeEnabled('0', true)).toBe(false);
    expect(copytradeSubscribeEnabled('false', true)).toBe(false);
    expect(copytradeSubscribeEnabled(undefined, true)).toBe(true);
    expect(copytradeSubscribeEnabled('', false)).toBe(false);
    expect(() => copytradeSubscribeEnabled('yes', false)).toThrow(
      /OOF_COPYTRADE_SUBSCRIBE="yes".*set it to 1/,
    );
  });
});
