import { afterEach, describe, expect, test } from 'vitest';
import { systemClock } from '../rpc/clock.ts';
import { createRpcClient } from '../rpc/create-rpc-client.ts';
import { closeAll, startLedgerNodes, type LedgerNode } from '../rpc/testing/ledger-nodes.ts';
import { jupiterAccountHistory, mintState, type RecordedAccount } from '../rpc/testing/recorded-accounts.ts';
import { sharedDataAvailable } from '../rpc/testing/recorded-chain.ts';
import { seededRandom } from '../rpc/testing/seeded-random.ts';
import { subscribeAccount, type AccountEvent } from './account-subscription.ts';
import { SolanaWsConnection } from './solana-ws-connection.ts';
import type { ConnectionStatus } from './subscription-spec.ts';
import { startPubsubServer } from './testing/pubsub-test-server.ts';

const USDC = 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v';
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

describe.skipIf(!sharedDataAvailable())('accountSubscribe with reconnect and resync', () => {
  test('a state changed while disconnected is read back after the reconnect; no state twice', async () => {
    // USDC's mint, recorded at two slots (two real supplies).
    const [older, newer] = jupiterAccountHistory().get(USDC) as [RecordedAccount, RecordedAccount];
    expect(newer.context.slot).toBeGreaterThan(older.context.slot);
    const [node] = (await startLedgerNodes(1)) as [LedgerNode];
    cleanup.push(() => closeAll([node]));
    node.view = { ...node.view, accounts: new Map([[USDC, older]]) };
    // The first connection is destroyed right after its first notification.
    const pubsub = await startPubsubServer((n) =>
      n === 0 ? { kind: 'drop', after: 1 } : { kind: 'normal' },
    );
    cleanup.push(() => pubsub.close());
    const client = createRpcClient({ endpoints: [{ url: node.server.url }], slotProbeIntervalMs: 0 });
    cleanup.push(() => Promise.resolve(client.close()));
    const statuses: ConnectionStatus[] = [];
    const connection = new SolanaWsConnection(
      {
        url: pubsub.url,
        heartbeatIntervalMs: 50,
        silenceTimeoutMs: 250,
        reconnect: { baseMs: 20, maxMs: 100 },
      },
      { clock: systemClock, random: seededRandom(5), onStatus: (s) => statuses.push(s) },
    );
    cleanup.push(() => connection.close());
    const events: AccountEvent[] = [];
    const sub = subscribeAccount(
      connection,
      client.rpc,
      { address: USDC },
      { clock: systemClock, random: seededRandom(6) },
    );
    cleanup.push(() => Promise.resolve(sub.close()));
    void (async () => {
      for await (const e of sub) events.push(e);
    })();

    await waitFor('the first resync', () => events.length === 1);
    // The node notifies the state the resync already delivered, then the connection dies; meanwhile the
    // account changes and nobody is told.
    node.view = { ...node.view, accounts: new Map([[USDC, newer]]) };
    pubsub.publishAccount(USDC, older);
    await waitFor('the reconnect', () => statuses.some((s) => s.state === 'reconnecting'));
    await waitFor('the second resync', () => events.length === 2);
    // After the reconnect the node notifies the same newer state: already delivered.
    pubsub.publishAccount(USDC, newer);
    await sleep(150);

    const supply = (e: AccountEvent | undefined): bigint | undefined => {
      const data = e?.account?.data;
      if (data?.encoding !== 'base64') return undefined;
      return Buffer.from(data.bytes).readBigUInt64LE(36);
    };
    expect(events.map((e) => [e.source, e.slot])).toEqual([
      ['resync', BigInt(older.context.slot)],
      ['resync', BigInt(newer.context.slot)],
    ]);
    expect(supply(events[0])).toBe(mintState(older)?.supply);
    expect(supply(events[1])).toBe(mintState(newer)?.supply);
    expect(supply(events[1])).not.toBe(supply(events[0]));
  }, 20_000);
});
