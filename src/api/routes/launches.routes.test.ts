import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSse } from '../../../test/support/sse-client.ts';
import { createLogger } from '../../core/log/logger.ts';
import { parseRpcTransaction } from '../../decoder/decode-transaction.ts';
import { normalizeTransaction } from '../../decoder/transaction/normalized-transaction.ts';
import { LaunchProcessor } from '../../launch/executor/launch-processor.ts';
import type { CoreServices } from '../../main/core-services.ts';
import { openTestServices } from '../../main/testing/test-services.ts';
import { simulateMarket } from '../../simulator/market/market-simulator.ts';
import { launchDayOptions } from '../../simulator/scenario/launch-day.ts';
import { recordIntent, type IntentRecord } from '../../store/launch-intents/launch-intents.repository.ts';
import { buildApp } from '../app.ts';

/** The launches API in-process on a real database filled by the executor's processor from a simulated day. */
let services: CoreServices;
let app: FastifyInstance;
let processor: LaunchProcessor;
const later: ReturnType<typeof normalizeTransaction>[] = [];

interface Summary {
  mint: string;
  status: string;
  createdAtMs: string;
  curve: { soldPct: string; marketCapSol: string } | null;
  latestFeature: { trades: number } | null;
  flags: { flag: string }[];
}

beforeAll(async () => {
  services = await openTestServices();
  processor = await LaunchProcessor.open(services.database);
  const txs = [...simulateMarket(launchDayOptions({ seed: 'launch-routes', launches: 12 }))].map((t) =>
    normalizeTransaction(parseRpcTransaction(t.result)),
  );
  // Most of the day is stored before the API starts; the rest arrives while a client streams.
  const cut = Math.floor(txs.length * 0.8);
  for (let i = 0; i < cut; i += 100) await processor.process(txs.slice(i, Math.min(cut, i + 100)));
  later.push(...txs.slice(cut));
  app = await buildApp(services, createLogger('silent'));
});
afterAll(async () => {
  await app.close();
  await services.close();
});

describe('GET /v1/launches', () => {
  it('lists launches newest first in keyset pages, with status, curve progress, features and flags', async () => {
    const seen: Summary[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/v1/launches?limit=5${cursor === null ? '' : `&cursor=${cursor}`}`;
      const res = await app.inject({ url });
      expect(res.statusCode).toBe(200);
      const body = res.json<{ launches: Summary[]; next: string | null }>();
      expect(body.launches.length).toBeLessThanOrEqual(5);
      seen.push(...body.launches);
      cursor = body.next;
    } while (cursor !== null);
    expect(new Set(seen.map((l) => l.mint)).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThan(5);
    const times = seen.map((l) => BigInt(l.createdAtMs));
    expect(times).toEqual([...times].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));
    const traded = seen.find((l) => l.curve !== null && l.latestFeature !== null);
    expect(traded?.curve?.soldPct).toMatch(/^\d+(\.\d+)?$/);
    expect(Number(traded?.curve?.marketCapSol)).toBeGreaterThan(27);
    expect(seen.some((l) => l.flags.length > 0)).toBe(true);
  });

  it('filters by status and refuses a cursor it did not issue', async () => {
    const curve = await app.inject({ url: '/v1/launches?status=CURVE&limit=200' });
    expect(curve.json<{ launches: Summary[] }>().launches.every((l) => l.status === 'CURVE')).toBe(true);
    const bad = await app.inject({ url: '/v1/launches?cursor=nonsense' });
    expect([bad.statusCode, bad.json<{ error: string }>().error]).toEqual([400, 'CURSOR_INVALID']);
  });
});

describe('GET /v1/launches/:mint', () => {
  it('returns the token, its curve snapshots, features series, flags and trades pages', async () => {
    const list = (await app.inject({ url: '/v1/launches?limit=200' })).json<{ launches: Summary[] }>();
    const busiest = list.launches.find((l) => (l.latestFeature?.trades ?? 0) > 0) as Summary;
    const res = await app.inject({ url: `/v1/launches/${busiest.mint}?trades_limit=3` });
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      launch: Summary;
      curveSnapshots: { slot: string }[];
      features: { minuteStartMs: string; trades: number }[];
      trades: { signature: string; tEventMs: string }[];
      tradesNext: string | null;
    }>();
    expect(body.launch.mint).toBe(busiest.mint);
    expect(body.curveSnapshots.length).toBeGreaterThan(0);
    expect(body.features.length).toBeGreaterThan(0);
    const totalTrades = body.features.reduce((s, f) => s + f.trades, 0);
    let pages = body.trades.length;
    let next = body.tradesNext;
    while (next !== null) {
      const page = (
        await app.inject({ url: `/v1/launches/${busiest.mint}?trades_limit=3&trades_cursor=${next}` })
      ).json<{ trades: unknown[]; tradesNext: string | null }>();
      pages += page.trades.length;
      next = page.tradesNext;
    }
    expect(pages).toBeGreaterThanOrEqual(totalTrades);
  });

  it("lists the strategy intents about the mint, newest decision first, with the executor's answer", async () => {
    const list = (await app.inject({ url: '/v1/launches?limit=200' })).json<{ launches: Summary[] }>();
    const [a, b] = list.launches;
    if (a === undefined || b === undefined) throw new Error('the simulated day has fewer than two launches');
    const intent = (id: string, mint: string, t: bigint, side: 'buy' | 'sell'): IntentRecord => ({
      intentId: id,
      strategyId: 'flow-v1',
      clientId: 'routes-test',
      mint,
      venue: 'pumpfun',
      side,
      size: 250_000_000n,
      maxSlippageBps: 300,
      ttlMs: 5_000n,
      reasonCodes: side === 'buy' ? ['NET_INFLOW_ACCEL', 'BUYER_GROWTH'] : ['EXIT_FLOW_REVERSAL'],
      basedOnCursor: t,
      tDecisionMs: t,
    });
    const answer = {
      status: 'REJECTED' as const,
      errorCode: 'TRADING_DISABLED',
      message: 'trading is disabled',
    };
    const at = new Date('2025-04-02T00:00:00Z');
    await recordIntent(services.database.db, intent('i-entry', a.mint, 1_000n, 'buy'), answer, at);
    await recordIntent(services.database.db, intent('i-exit', a.mint, 2_000n, 'sell'), answer, at);
    await recordIntent(services.database.db, intent('i-other', b.mint, 3_000n, 'buy'), answer, at);

    const body = (await app.inject({ url: `/v1/launches/${a.mint}` })).json<{
      intents: { intentId: string; side: string; size: string; reasonCodes: string[]; errorCode: string }[];
    }>();
    expect(body.intents.map((i) => i.intentId)).toEqual(['i-exit', 'i-entry']);
    expect(body.intents[1]).toMatchObject({
      side: 'buy',
      size: '250000000',
      reasonCodes: ['NET_INFLOW_ACCEL', 'BUYER_GROWTH'],
      errorCode: 'TRADING_DISABLED',
    });
    const one = (await app.inject({ url: `/v1/launches/${a.mint}?intents_limit=1` })).json<{
      intents: { intentId: string }[];
    }>();
    expect(one.intents.map((i) => i.intentId)).toEqual(['i-exit']);
  });

  it('answers 404 for a mint it never saw and 400 for a malformed one', async () => {
    const missing = await app.inject({ url: '/v1/launches/11111111111111111111111111111111' });
    expect([missing.statusCode, missing.json<{ error: string }>().error]).toEqual([404, 'OBJECT_NOT_FOUND']);
    expect((await app.inject({ url: '/v1/launches/not-a-mint!' })).statusCode).toBe(400);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await app.inject({ url: '/v1/openapi.json' })).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/launches', '/v1/launches/{mint}', '/v1/stream/launches']),
    );
  });
});

describe('GET /v1/stream/launches', () => {
  it('streams new events as the executor stores them, each with its cursor as the SSE id', async () => {
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const reading = readSse(
      `${address}/v1/stream/launches?kinds=trade_observed,tokenLaunched`,
      {},
      (_, all) => all.some((e) => e.event === 'tradeObserved'),
      20_000,
    );
    await new Promise((r) => setTimeout(r, 200));
    await processor.process(later);
    const events = await reading;
    const trade = events.find((e) => e.event === 'tradeObserved');
    expect(trade?.id).toMatch(/^\d+$/);
    expect(trade?.data).toMatchObject({ kind: 'tradeObserved', cursor: trade?.id });
    expect(events.every((e) => e.event === 'tradeObserved' || e.event === 'tokenLaunched')).toBe(true);
  });
});
