import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, afterAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { sharedDataAvailable } from '../../../test/support/shared-data.ts';
import { jupiterAccountHistory } from '../rpc/testing/recorded-accounts.ts';
import { ArchiveReader } from '../archive/archive-reader.ts';
import { ArchiveWriter } from '../archive/archive-writer.ts';
import { stringifyExact } from '../archive/json-text.ts';
import {
  buildTestArchive,
  tempDir,
  withoutOrdinal,
  type TestArchive,
} from '../archive/testing/shared-data-archive.ts';
import { systemClock } from '../rpc/clock.ts';
import { seededRandom } from '../rpc/testing/seeded-random.ts';
import { subscribeSignatures, type SignatureEvent } from '../subscriptions/signature-subscription.ts';
import { SolanaWsConnection } from '../subscriptions/solana-ws-connection.ts';
import { startReplayFixture, type ReplayFixture } from './testing/replay-fixture.ts';

const TOKEN_PROGRAM = 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
async function waitFor(what: string, cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!cond()) {
    if (performance.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

interface LogRow {
  readonly signature: string;
  readonly slot: number;
  readonly logs: string[];
  readonly accounts: ReadonlySet<string>;
}

let archive: TestArchive;
let rows: LogRow[];
beforeAll(async () => {
  if (!sharedDataAvailable()) return;
  archive = await buildTestArchive();
  const lines = (file: string): Record<string, unknown>[] =>
    readFileSync(join(archive.dir, file), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const accounts = new Map<string, Set<string>>();
  for (const t of lines('transactions/part-00001.jsonl')) {
    const result = t.result as {
      transaction: { message: { accountKeys: (string | { pubkey: string })[] } };
      meta: { loadedAddresses?: { writable: string[]; readonly: string[] } };
    };
    const keys = result.transaction.message.accountKeys.map((k) => (typeof k === 'string' ? k : k.pubkey));
    const loaded = result.meta.loadedAddresses;
    accounts.set(
      t.signature as string,
      new Set([...keys, ...(loaded?.writable ?? []), ...(loaded?.readonly ?? [])]),
    );
  }
  rows = lines('logs/part-00001.jsonl').map((l) => ({
    signature: l.signature as string,
    slot: Number(l.slot),
    logs: l.logs as string[],
    accounts: accounts.get(l.signature as string) ?? new Set(),
  }));
});
afterAll(() => archive?.remove());

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function replay(options: Parameters<typeof startReplayFixture>[1]): Promise<ReplayFixture> {
  const r = await startReplayFixture(archive.dir, options);
  cleanups.push(() => r.close());
  return r;
}

/** A bare pubsub client: every message it receives, in order. */
async function rawSocket(
  url: string,
): Promise<{ ws: WebSocket; messages: Record<string, unknown>[]; send(m: unknown): void }> {
  const ws = new WebSocket(url);
  const messages: Record<string, unknown>[] = [];
  ws.on('message', (d: Buffer) => messages.push(JSON.parse(d.toString('utf8')) as Record<string, unknown>));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  cleanups.push(() => ws.terminate());
  return { ws, messages, send: (m) => ws.send(JSON.stringify(m)) };
}

type Notification = {
  method: string;
  params: {
    subscription: number;
    result: { context: { slot: number }; value: { signature: string; err: unknown; logs: string[] } };
  };
};

describe.skipIf(!sharedDataAvailable())('replay-rpc logsSubscribe', () => {
  test('every log line once, in recorded order, with the node shapes (all, mentions, our subscription client)', async () => {
    const r = await replay({ startDelayMs: 300 });
    const raw = await rawSocket(r.server.wsUrl);
    raw.send({
      jsonrpc: '2.0',
      id: 1,
      method: 'logsSubscribe',
      params: ['all', { commitment: 'confirmed' }],
    });
    raw.send({ jsonrpc: '2.0', id: 2, method: 'logsSubscribe', params: [{ mentions: [TOKEN_PROGRAM] }] });
    // Our production client: logsSubscribe(mentions) plus its getSignaturesForAddress starting point.
    const connection = new SolanaWsConnection(
      { url: r.server.wsUrl },
      { clock: systemClock, random: seededRandom(1) },
    );
    cleanups.push(() => connection.close());
    const events: SignatureEvent[] = [];
    const sub = subscribeSignatures(
      connection,
      r.client.rpc,
      { address: TOKEN_PROGRAM, onEvent: (e) => events.push(e) },
      {
        clock: systemClock,
        random: seededRandom(2),
      },
    );
    cleanups.push(() => sub.close());
    await waitFor('three subscriptions', () => r.server.subscriptionCount() === 3);
    const acks = raw.messages.slice(0, 2);
    expect(acks.map((a) => [a.jsonrpc, typeof a.result, a.id])).toEqual([
      ['2.0', 'number', 1],
      ['2.0', 'number', 2],
    ]);
    const [allId, mentionsId] = acks.map((a) => a.result as number);
    expect(allId).not.toBe(mentionsId);

    const stats = await r.server.timeline();
    expect(stats).toMatchObject({ logs: rows.length, completed: true });
    const mentioning = rows.filter((row) => row.accounts.has(TOKEN_PROGRAM));
    await waitFor('every notification', () => raw.messages.length === 2 + rows.length + mentioning.length);
    await waitFor('the subscription client', () => events.length === mentioning.length);
    await sleep(50);

    const notes = raw.messages.slice(2) as unknown as Notification[];
    const of = (id: number | undefined): Notification[] => notes.filter((n) => n.params.subscription === id);
    expect(notes.every((n) => n.method === 'logsNotification')).toBe(true);
    expect(of(allId).map((n) => n.params.result.value.signature)).toEqual(rows.map((row) => row.signature));
    expect(of(allId).map((n) => n.params.result.context.slot)).toEqual(rows.map((row) => row.slot));
    expect(of(allId).map((n) => n.params.result.value.logs)).toEqual(rows.map((row) => row.logs));
    expect(of(mentionsId).map((n) => n.params.result.value.signature)).toEqual(
      mentioning.map((row) => row.signature),
    );
    expect(events.map((e) => e.signature)).toEqual(mentioning.map((row) => row.signature));
    expect(events.every((e) => e.source === 'live')).toBe(true);
    expect(raw.messages).toHaveLength(2 + rows.length + mentioning.length); // nothing twice
  });

  test('speed 1 paces by block time (gaps capped by maxGapMs); speed 0 is immediate', async () => {
    const fast = await replay({ speed: 0 });
    const a = await rawSocket(fast.server.wsUrl);
    a.send({ jsonrpc: '2.0', id: 1, method: 'logsSubscribe', params: ['all'] });
    let t0 = performance.now();
    await waitFor('the fast play', () => fast.server.timeline() !== null);
    await fast.server.timeline();
    const fastMs = performance.now() - t0;

    const paced = await replay({ speed: 1, maxGapMs: 15 });
    const b = await rawSocket(paced.server.wsUrl);
    b.send({ jsonrpc: '2.0', id: 1, method: 'logsSubscribe', params: ['all'] });
    t0 = performance.now();
    await waitFor('the paced play', () => paced.server.timeline() !== null);
    await paced.server.timeline();
    const pacedMs = performance.now() - t0;
    const reader = await ArchiveReader.open(archive.dir);
    let steps = 0;
    let previous: number | null = null;
    for (let o = 0; o < reader.transactionCount; o++) {
      const t = reader.indexed(o).blockTime;
      if (previous !== null && t !== null && t > previous) steps++;
      if (t !== null) previous = Math.max(previous ?? t, t);
    }
    await reader.close();
    expect(pacedMs).toBeGreaterThanOrEqual(steps * 15 * 0.9);
    expect(fastMs).toBeLessThan(pacedMs);
  });

  test('unsubscribe stops the stream; unknown ids and bad filters get the node errors', async () => {
    const r = await replay({ speed: 1, maxGapMs: 20 });
    const raw = await rawSocket(r.server.wsUrl);
    raw.send({ jsonrpc: '2.0', id: 1, method: 'logsSubscribe', params: ['all'] });
    await waitFor('ack', () => raw.messages.length >= 1);
    const id = raw.messages[0]?.result as number;
    await waitFor('a few notifications', () => raw.messages.length >= 4);
    raw.send({ jsonrpc: '2.0', id: 2, method: 'logsUnsubscribe', params: [id] });
    await waitFor('unsubscribed', () => raw.messages.some((m) => m.id === 2));
    expect(raw.messages.find((m) => m.id === 2)).toEqual({ jsonrpc: '2.0', result: true, id: 2 });
    const count = raw.messages.length;
    await sleep(200);
    expect(raw.messages.length).toBe(count);
    raw.send({ jsonrpc: '2.0', id: 3, method: 'logsUnsubscribe', params: [id] });
    raw.send({
      jsonrpc: '2.0',
      id: 4,
      method: 'logsSubscribe',
      params: [{ mentions: [TOKEN_PROGRAM, TOKEN_PROGRAM] }],
    });
    raw.send({ jsonrpc: '2.0', id: 5, method: 'slotSubscribe', params: [] });
    await waitFor('errors', () => raw.messages.some((m) => m.id === 5));
    const errorOf = (n: number): unknown => raw.messages.find((m) => m.id === n)?.error;
    expect(errorOf(3)).toEqual({ code: -32602, message: 'Invalid subscription id.' });
    expect(errorOf(4)).toEqual({ code: -32602, message: 'Invalid Request: Only 1 address supported' });
    expect(errorOf(5)).toEqual({ code: -32601, message: 'Method not found' });
  });

  test('accountSubscribe delivers recorded account states when the replay reaches their slot', async () => {
    const out = tempDir('oof-replay-accounts-');
    cleanups.push(out.remove);
    const source = await ArchiveReader.open(archive.dir);
    const writer = ArchiveWriter.create(out.dir);
    for await (const t of source.transactions()) {
      await writer.addTransaction(withoutOrdinal(t));
    }
    await source.close();
    const [address, states] = [...jupiterAccountHistory().entries()][0] as [
      string,
      { context: { slot: number }; value: Record<string, unknown> }[],
    ];
    const state = states[states.length - 1] as { context: { slot: number }; value: Record<string, unknown> };
    writer.addAccount({ address, slot: String(state.context.slot), encoding: 'base64', value: state.value });
    await writer.finish({
      source: 'recorded',
      createdBy: 'test',
      network: 'mainnet-beta',
      wallets: [],
      tokens: [],
      programs: [],
    });

    const r = await startReplayFixture(out.dir, { speed: 0 });
    cleanups.push(() => r.close());
    const raw = await rawSocket(r.server.wsUrl);
    raw.send({
      jsonrpc: '2.0',
      id: 1,
      method: 'accountSubscribe',
      params: [address, { encoding: 'base64', commitment: 'confirmed' }],
    });
    await r.server.timeline();
    await waitFor('the account notification', () => raw.messages.length === 2);
    expect(raw.messages[1]).toEqual({
      jsonrpc: '2.0',
      method: 'accountNotification',
      params: {
        result: {
          context: { slot: state.context.slot },
          value: JSON.parse(stringifyExact(state.value)) as unknown,
        },
        subscription: raw.messages[0]?.result,
      },
    });
    // getAccountInfo serves the same state, with the served slot as context.
    const info = await r.call('getAccountInfo', [address, { encoding: 'base64' }]);
    expect((info.result as { value: unknown }).value).toEqual(state.value);
  });
});
