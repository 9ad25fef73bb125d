import { Registry } from 'prom-client';
import { afterEach, describe, expect, test } from 'vitest';
import { systemClock } from '../rpc/clock.ts';
import { createRpcClient, type RpcClient } from '../rpc/create-rpc-client.ts';
import { closeAll, startLedgerNodes, type LedgerNode } from '../rpc/testing/ledger-nodes.ts';
import {
  recordedChain,
  sharedDataAvailable,
  TOKEN_PROGRAM,
  type ChainTx,
} from '../rpc/testing/recorded-chain.ts';
import { seededRandom } from '../rpc/testing/seeded-random.ts';
import {
  subscribeSignatures,
  type SignatureEvent,
  type SignatureSubscription,
} from './signature-subscription.ts';
import { SolanaWsConnection } from './solana-ws-connection.ts';
import type { ConnectionStatus } from './subscription-spec.ts';
import {
  startPubsubServer,
  type ConnectionFault,
  type PubsubTestServer,
} from './testing/pubsub-test-server.ts';
import { wsMetrics } from './ws-metrics.ts';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function waitFor(what: string, cond: () => boolean, timeoutMs = 8000): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!cond()) {
    if (performance.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

interface Scenario {
  readonly node: LedgerNode;
  readonly pubsub: PubsubTestServer;
  readonly client: RpcClient;
  readonly connection: SolanaWsConnection;
  readonly sub: SignatureSubscription;
  readonly events: SignatureEvent[];
  readonly statuses: ConnectionStatus[];
  readonly registry: Registry;
  /** Appends the rest of the recorded chain, one transaction at a time: history first, then notification. */
  publishRest(gapMs: number): Promise<void>;
  /** Signatures mentioning the address from `from` on, in chain order. */
  expected(from: number): string[];
}

const PREFIX = 20;

async function scenario(
  faults: (n: number) => ConnectionFault,
  options: { readonly stallTimeoutMs?: number; readonly since?: string } = {},
): Promise<Scenario> {
  const chain = recordedChain();
  const address = TOKEN_PROGRAM;
  const [node] = (await startLedgerNodes(1)) as [LedgerNode];
  cleanup.push(() => closeAll([node]));
  const upTo = (i: number): void => {
    node.view = { ...node.view, chain: chain.slice(0, i), slot: (chain[i - 1] as ChainTx).slot };
  };
  upTo(PREFIX);
  const pubsub = await startPubsubServer(faults);
  cleanup.push(() => pubsub.close());
  const client = createRpcClient(
    { endpoints: [{ url: node.server.url, timeoutMs: 2000 }], slotProbeIntervalMs: 0 },
    { random: seededRandom(1) },
  );
  cleanup.push(() => Promise.resolve(client.close()));
  const registry = new Registry();
  const metrics = wsMetrics(registry);
  const statuses: ConnectionStatus[] = [];
  const connection = new SolanaWsConnection(
    {
      url: pubsub.url,
      heartbeatIntervalMs: 50,
      silenceTimeoutMs: 250,
      connectTimeoutMs: 1000,
      reconnect: { baseMs: 20, maxMs: 100 },
      ...(options.stallTimeoutMs === undefined ? {} : { stallTimeoutMs: options.stallTimeoutMs }),
    },
    { clock: systemClock, random: seededRandom(2), metrics, onStatus: (s) => statuses.push(s) },
  );
  cleanup.push(() => connection.close());
  const events: SignatureEvent[] = [];
  const sub = subscribeSignatures(
    connection,
    client.rpc,
    { address, backfillPageSize: 7, ...(options.since === undefined ? {} : { since: options.since }) },
    { clock: systemClock, random: seededRandom(3), metrics },
  );
  cleanup.push(() => Promise.resolve(sub.close()));
  void (async () => {
    for await (const e of sub) events.push(e);
  })();
  // Subscribed, and the starting point is known (the first getSignaturesForAddress has been answered).
  await waitFor('the first subscription', () => pubsub.subscribed() === 1);
  await waitFor('the starting point', () =>
    node.server.requests.some((r) => r.methods[0] === 'getSignaturesForAddress'),
  );
  await sleep(20);
  return {
    node,
    pubsub,
    client,
    connection,
    sub,
    events,
    statuses,
    registry,
    publishRest: async (gapMs) => {
      for (let i = PREFIX; i < chain.length; i++) {
        upTo(i + 1);
        pubsub.publish(chain[i] as ChainTx);
        await sleep(gapMs);
      }
    },
    expected: (from) =>
      chain
        .slice(from)
        .filter((t) => t.accounts.has(address))
        .map((t) => t.signature),
  };
}

async function metric(registry: Registry, name: string): Promise<number> {
  const m = (await registry.getMetricsAsJSON()).find((x) => x.name === name);
  return (m?.values ?? []).reduce((sum, v) => sum + v.value, 0);
}

describe.skipIf(!sharedDataAvailable())('logsSubscribe with reconnect and gap backfill', () => {
  test('a healthy stream delivers every signature once, live, in chain order', async () => {
    const s = await scenario(() => ({ kind: 'normal' }));
    await s.publishRest(1);
    const expected = s.expected(PREFIX);
    await waitFor('all signatures', () => s.events.length >= expected.length);
    await sleep(100);
    expect(s.events.map((e) => e.signature)).toEqual(expected);
    expect(s.events.every((e) => e.source === 'live')).toBe(true);
    expect(s.events[0]?.logs?.length).toBeGreaterThan(0);
  }, 20_000);

  test('silent peer, mid-stream drop, refused reconnects: every signature exactly once, in order', async () => {
    const plan: ConnectionFault[] = [
      { kind: 'silent', after: 5 }, // stops answering anything, pings included
      { kind: 'drop', after: 10 }, // socket destroyed mid-stream
      { kind: 'refuse' },
      { kind: 'refuse' },
      { kind: 'drop', after: 15 },
    ];
    const s = await scenario((n) => plan[n] ?? { kind: 'normal' });
    await s.publishRest(6);
    const expected = s.expected(PREFIX);
    await waitFor('all signatures', () => s.events.length >= expected.length, 15_000);
    await sleep(300);
    expect(s.events.map((e) => e.signature)).toEqual(expected);
    // The faults really happened and the backfill, not the stream, delivered the missed signatures.
    expect(s.pubsub.connections()).toBeGreaterThanOrEqual(5);
    expect(s.statuses.filter((x) => x.state === 'reconnecting').map((x) => x.reason)).toEqual(
      expect.arrayContaining(['silent', expect.stringMatching(/^closed/)]),
    );
    expect(s.events.some((e) => e.source === 'backfill')).toBe(true);
    expect(await metric(s.registry, 'oof_ws_reconnects_total')).toBeGreaterThanOrEqual(4);
    expect(await metric(s.registry, 'oof_ws_backfilled_signatures_total')).toBe(
      s.events.filter((e) => e.source === 'backfill').length,
    );
  }, 30_000);

  test('a stalled stream (pings answered, no notifications) is detected and the gap backfilled', async () => {
    const s = await scenario((n) => (n === 0 ? { kind: 'stall', after: 4 } : { kind: 'normal' }), {
      stallTimeoutMs: 200,
    });
    await s.publishRest(6);
    const expected = s.expected(PREFIX);
    await waitFor('all signatures', () => s.events.length >= expected.length, 15_000);
    await sleep(200);
    expect(s.events.map((e) => e.signature)).toEqual(expected);
    expect(s.statuses.some((x) => x.reason === 'stalled')).toBe(true);
    expect(s.events.some((e) => e.source === 'backfill')).toBe(true);
  }, 30_000);

  test('since: resumes after a known signature, then follows the stream', async () => {
    const chain = recordedChain();
    const earlier = chain.slice(0, PREFIX).filter((t) => t.accounts.has(TOKEN_PROGRAM));
    const since = earlier[2]?.signature as string;
    const s = await scenario(() => ({ kind: 'normal' }), { since });
    await s.publishRest(1);
    const expected = [...earlier.slice(3).map((t) => t.signature), ...s.expected(PREFIX)];
    await waitFor('all signatures', () => s.events.length >= expected.length);
    await sleep(100);
    expect(s.events.map((e) => e.signature)).toEqual(expected);
    expect(s.events.slice(0, earlier.length - 3).every((e) => e.source === 'backfill')).toBe(true);
  }, 20_000);

  test('close() ends the iteration and unsubscribes', async () => {
    const s = await scenario(() => ({ kind: 'normal' }));
    s.sub.close();
    await s.connection.close();
    await waitFor('unsubscribed', () => s.pubsub.subscribed() === 0);
    expect(s.statuses.at(-1)?.state).toBe('closed');
    expect(() => s.connection.add({} as never)).toThrow(/closed/);
  }, 20_000);
});
