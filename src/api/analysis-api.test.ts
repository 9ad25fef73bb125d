import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReplayFixture, type ReplayFixture } from '../chain/replay/testing/replay-fixture.ts';
import { createLogger } from '../core/log/logger.ts';
import { runAnalyzeWorker } from '../jobs/analyze.worker.ts';
import { createAnalysisDeps } from '../main/analysis-services.ts';
import type { CoreServices } from '../main/core-services.ts';
import { createPriceFill } from '../main/price-history.ts';
import { openTestServices } from '../main/testing/test-services.ts';
import { writeSimulatedArchive } from '../simulator/archive/write-simulated-archive.ts';
import { setSubjectPlan } from '../store/access/user-plans.repository.ts';
import { createSessionTokens } from './access/session-tokens.ts';
import { buildApp } from './app.ts';
import { readSse, type SseEvent } from '../../test/support/sse-client.ts';

/**
 * Product A over HTTP, end to end: a simulated market served by the replay node, the API on a real port, the
 * analyze worker running beside it. Analyses are started over HTTP, followed over SSE (with resume), and their
 * moments, extremes and summaries read back with the errors a client can meet.
 */
const MARKET = { seed: 'api-test', wallets: 16, tokens: 4, days: 1, transactions: 1_200 };
let dir: string;
let replay: ReplayFixture;
let services: CoreServices;
let app: FastifyInstance;
let base: string;
const stopWorker = new AbortController();
let worker: Promise<void>;
let wallets: string[];
const SESSION_SECRET = 'analysis-api-test-session-secret-0123456789';
const PRO_USER = '9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM';
const CNFT_TREE = 'Ccc1NrzN6KeSKuD6JMgXo6ue4Qq7E4mnBvk5rTkCBbJt';
let pro: Record<string, string>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'oof-api-'));
  await writeSimulatedArchive(dir, MARKET, {
    gzip: false,
    partSize: 100_000,
    createdBy: 'analysis-api.test',
  });
  replay = await startReplayFixture(dir);
  services = await openTestServices();
  const config = {
    ...services.config,
    access: { ...services.config.access, sessionSecret: SESSION_SECRET },
    cnft: { tree: CNFT_TREE },
  };
  app = await buildApp({ ...services, config }, createLogger('silent'), { rpc: replay.client.rpc });
  // A signed-in PRO user (wallet sign-in session) for the analyses below.
  await setSubjectPlan(services.database.db, `wallet:${PRO_USER}`, 'PRO', new Date());
  const token = await createSessionTokens({ secret: SESSION_SECRET, ttlSec: 3600 }).issue(
    PRO_USER,
    new Date(),
  );
  pro = { authorization: `Bearer ${token.token}` };
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const deps = createAnalysisDeps(services, {
    rpc: replay.client.rpc,
    prices: createPriceFill(services, { geckoterminalUrl: replay.server.url }, services.logger),
  });
  worker = runAnalyzeWorker(deps, { workerId: 'api-test', idleMs: 50, signal: stopWorker.signal });
  const counts = new Map<string, number>();
  for (const w of replay.archive.manifest.wallets) {
    let n = 0;
    for await (const s of replay.client.rpc.listSignatures(w.address)) if (s.signature !== '') n++;
    counts.set(w.address, n);
  }
  wallets = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w]) => w);
}, 120_000);
afterAll(async () => {
  stopWorker.abort();
  await worker;
  await app.close();
  await services.close();
  await replay.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (body: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/v1/analyze', payload: body as object, headers });

describe('POST /v1/analyze', () => {
  it('refuses bad input with the error format and the right status', async () => {
    const bad = await post({ wallets: ['not-a-wallet'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'WALLET_INVALID_ADDRESS' });
    const plan = await post({ wallets: [wallets[0]], planCode: 'GOLD' });
    expect(plan.statusCode).toBe(400);
    expect(plan.json()).toMatchObject({ error: 'REQUEST_INVALID' });
    const none = await post({ wallets: [] });
    expect(none.statusCode).toBe(400);
  });

  it('anonymous callers are FREE: the third new wallet of the day is 429 QUOTA_EXCEEDED, a deeper plan is refused', async () => {
    const ip = { 'x-forwarded-for': '203.0.113.7' };
    const ask = (w: string) =>
      app.inject({
        method: 'POST',
        url: '/v1/analyze',
        payload: { wallets: [w] },
        remoteAddress: '203.0.113.7',
        headers: ip,
      });
    expect((await ask(wallets[10]!)).statusCode).toBe(202);
    expect((await ask(wallets[11]!)).statusCode).toBe(202);
    const third = await ask(wallets[12]!);
    expect(third.statusCode).toBe(429);
    expect(third.json()).toMatchObject({
      error: 'QUOTA_EXCEEDED',
      details: { limit: 2, used: 2, plan: 'FREE' },
    });
    const deeper = await app.inject({
      method: 'POST',
      url: '/v1/analyze',
      payload: { wallets: [wallets[13]], planCode: 'PRO' },
      remoteAddress: '203.0.113.8',
    });
    expect(deeper.statusCode).toBe(400);
    expect(deeper.json()).toMatchObject({ error: 'PLAN_NOT_ALLOWED' });
  });
});

describe('analysis over SSE, then its moments, extremes and summary', () => {
  let wallet: string;
  let jobId: string;
  let streamed: SseEvent[];

  it('streams progress and moments, then done, within 60 s; a reconnect resumes after Last-Event-ID', async () => {
    wallet = wallets[0]!;
    const started = await app.inject({
      method: 'POST',
      url: '/v1/analyze',
      payload: { wallets: [wallet] },
      headers: pro,
    });
    expect(started.statusCode).toBe(202);
    jobId = started.json<{ jobId: string }>().jobId;
    const t0 = performance.now();
    streamed = await readSse(
      `${base}/v1/analyze/${jobId}/stream`,
      {},
      (e) => e.event === 'done' && (e.data as { status: string }).status === 'done',
    );
    expect(performance.now() - t0).toBeLessThan(60_000);
    const kinds = streamed.map((e) => e.event);
    expect(kinds).toContain('progress');
    expect(kinds).toContain('moment');
    expect(kinds.at(-1)).toBe('done');
    const ids = streamed.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    // Resume: only what came after the given id.
    const from = ids[Math.floor(ids.length / 2)]!;
    const resumed = await readSse(
      `${base}/v1/analyze/${jobId}/stream`,
      { 'last-event-id': String(from) },
      (e) => e.event === 'done',
    );
    expect(resumed.map((e) => Number(e.id))).toEqual(ids.filter((i) => i > from));
    const state = await app.inject({ method: 'GET', url: `/v1/analyze/${jobId}` });
    expect(state.json()).toMatchObject({ jobId, wallet, status: 'done' });
  }, 90_000);

  it('moments paginate on (t_event, id) with string decimals and provenance', async () => {
    const seen: Record<string, unknown>[] = [];
    let cursor: string | null = null;
    do {
      const res: LightMyRequestResponse = await app.inject({
        method: 'GET',
        url: `/v1/moments?wallet=${wallet}&limit=3${cursor === null ? '' : `&cursor=${cursor}`}`,
      });
      expect([res.statusCode, res.body.slice(0, 300)]).toEqual([200, expect.any(String)]);
      const page = res.json<{ moments: Record<string, unknown>[]; next: string | null }>();
      expect(page.moments.length).toBeLessThanOrEqual(3);
      seen.push(...page.moments);
      cursor = page.next;
    } while (cursor !== null);
    const streamedMoments = streamed.filter((e) => e.event === 'moment').length;
    expect(seen.length).toBe(streamedMoments);
    expect(new Set(seen.map((m) => m.id)).size).toBe(seen.length);
    const order = seen.map((m) => [m.tEvent as string, m.id as string] as const);
    expect(order).toEqual(
      [...order].sort((a, b) => (a[0] !== b[0] ? (a[0] < b[0] ? 1 : -1) : a[1] < b[1] ? 1 : -1)),
    );
    for (const m of seen) {
      expect(typeof m.usd).toBe('string');
      expect(m.usd).toMatch(/^-?\d+(\.\d+)?$/);
      expect(m).toHaveProperty('sigRef');
      expect(m).toHaveProperty('priceSource');
      expect(m).toHaveProperty('detectorVersion');
    }
    const one = await app.inject({
      method: 'GET',
      url: `/v1/moments/${encodeURIComponent(seen[0]!.id as string)}`,
    });
    expect(one.json()).toMatchObject({
      id: seen[0]!.id,
      sigRef: seen[0]!.sigRef,
      confidence: expect.any(Number) as number,
    });
    const kinds = await app.inject({ method: 'GET', url: `/v1/moments?wallet=${wallet}&kinds=s2e,bhd` });
    expect(
      kinds.json<{ moments: { kind: string }[] }>().moments.every((m) => ['s2e', 'bhd'].includes(m.kind)),
    ).toBe(true);
  });

  it('refuses bad queries: unknown kind, bad cursor, limit out of range, invalid wallet, unknown moment', async () => {
    const cases: Array<[string, number, string]> = [
      ['/v1/moments?kinds=moon', 400, 'REQUEST_INVALID'],
      ['/v1/moments?cursor=bm90LWEtY3Vyc29y', 400, 'CURSOR_INVALID'],
      ['/v1/moments?limit=0', 400, 'REQUEST_INVALID'],
      ['/v1/moments?limit=201', 400, 'REQUEST_INVALID'],
      ['/v1/moments?wallet=xyz', 400, 'WALLET_INVALID_ADDRESS'],
      ['/v1/moments/nope', 404, 'MOMENT_NOT_FOUND'],
      ['/v1/wallets/xyz/extremes', 400, 'WALLET_INVALID_ADDRESS'],
      ['/v1/analyze/00000000-0000-4000-8000-000000000000/stream', 404, 'ANALYSIS_NOT_FOUND'],
    ];
    for (const [url, status, code] of cases) {
      const res = await app.inject({ method: 'GET', url });
      expect([url, res.statusCode, res.json<{ error: string }>().error]).toEqual([url, status, code]);
    }
  });

  it('extremes are stable: computed once, then served from the cache, equal', async () => {
    const a = await app.inject({ method: 'GET', url: `/v1/wallets/${wallet}/extremes` });
    const b = await app.inject({ method: 'GET', url: `/v1/wallets/${wallet}/extremes` });
    expect(a.statusCode).toBe(200);
    expect(b.json<{ cached: boolean }>().cached).toBe(true);
    expect(b.json<{ extremes: unknown }>().extremes).toEqual(a.json<{ extremes: unknown }>().extremes);
    const summary = await app.inject({ method: 'GET', url: `/v1/wallets/${wallet}/summary` });
    expect(summary.json()).toMatchObject({
      wallet,
      lastAnalysis: { id: jobId, status: 'done', plan: 'PRO' },
    });
    expect(summary.json<{ realizedPnlUsd: string }>().realizedPnlUsd).toMatch(/^-?\d+(\.\d+)?$/);
  });

  it('serves stored candles and a leaderboard', async () => {
    const sol = 'So11111111111111111111111111111111111111112';
    const prices = await app.inject({ method: 'GET', url: `/v1/tokens/${sol}/prices?tf=1h` });
    expect(prices.statusCode).toBe(200);
    const candles = prices.json<{ candles: { t: string; close: string }[] }>().candles;
    expect(candles.length).toBeGreaterThan(0);
    expect(candles[0]!.close).toMatch(/^\d+(\.\d+)?$/);
    const board = await app.inject({ method: 'GET', url: '/v1/leaderboard?period=30d' });
    expect(board.statusCode).toBe(200);
    expect(board.json()).toMatchObject({ period: '30d' });
  });
});

describe('GET /v1/stream/moments', () => {
  it('sends the moments of an analysis started after the client connected', async () => {
    const wallet = wallets[1]!;
    const reading = readSse(`${base}/v1/stream/moments`, {}, (_e, all) => all.length >= 1, 60_000);
    await new Promise((r) => setTimeout(r, 300));
    const started = await app.inject({
      method: 'POST',
      url: '/v1/analyze',
      payload: { wallets: [wallet] },
      headers: pro,
    });
    expect(started.statusCode).toBe(202);
    const events = await reading;
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(events[0]).toMatchObject({ event: 'moment', data: { wallet } });
  }, 90_000);
});

describe('moment cards and operations', () => {
  const pngSize = (b: Buffer): [number, number] => {
    expect(b.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(b.subarray(12, 16).toString('ascii')).toBe('IHDR');
    return [b.readUInt32BE(16), b.readUInt32BE(20)];
  };

  it('renders a card once, then serves it from the store with the same ETag (304 when unchanged)', async () => {
    const list = await app.inject({ method: 'GET', url: '/v1/moments?limit=1' });
    const id = list.json<{ moments: { id: string }[] }>().moments[0]!.id;
    const url = `/v1/cards/moment/${encodeURIComponent(id)}.png`;
    const first = await app.inject({ method: 'GET', url });
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toBe('image/png');
    expect(pngSize(first.rawPayload)).toEqual([1200, 630]);
    expect(first.headers['x-card-cache']).toBe('miss');
    const again = await app.inject({ method: 'GET', url });
    expect(again.headers['x-card-cache']).toBe('hit');
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.rawPayload.equals(first.rawPayload)).toBe(true);
    const notModified = await app.inject({
      method: 'GET',
      url,
      headers: { 'if-none-match': String(first.headers.etag) },
    });
    expect(notModified.statusCode).toBe(304);
    const square = await app.inject({ method: 'GET', url: `${url}?theme=light&size=square` });
    expect(pngSize(square.rawPayload)).toEqual([1080, 1080]);
    const moment = await app.inject({ method: 'GET', url: `/v1/moments/${encodeURIComponent(id)}` });
    expect(moment.json<{ previewPngUrl: string }>().previewPngUrl).toBe(url);
    const missing = await app.inject({ method: 'GET', url: '/v1/cards/moment/nope.png' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: 'MOMENT_NOT_FOUND' });
  });

  it('builds an unsigned cNFT mint transaction for the owner to sign, with its metadata served', async () => {
    const list = await app.inject({ method: 'GET', url: '/v1/moments?limit=1' });
    const id = list.json<{ moments: { id: string }[] }>().moments[0]!.id;
    const res = await app.inject({
      method: 'POST',
      url: `/v1/cards/moment/${encodeURIComponent(id)}/mint`,
      payload: { owner: PRO_USER },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ transaction: string; signers: string[] }>();
    const bytes = Buffer.from(body.transaction, 'base64');
    expect(bytes[0]).toBe(1); // one signature slot (the owner), left empty for the wallet
    expect(bytes.subarray(1, 65).every((b) => b === 0)).toBe(true);
    expect(body.signers).toEqual([PRO_USER]);
    const meta = await app.inject({
      method: 'GET',
      url: `/v1/cards/moment/${encodeURIComponent(id)}/metadata.json`,
    });
    expect(meta.json()).toMatchObject({
      symbol: 'OOF',
      image: `/v1/cards/moment/${encodeURIComponent(id)}.png`,
    });
    const bad = await app.inject({
      method: 'POST',
      url: `/v1/cards/moment/${encodeURIComponent(id)}/mint`,
      payload: { owner: 'x' },
    });
    expect(bad.json()).toMatchObject({ error: 'WALLET_INVALID_ADDRESS' });
  });

  it('exposes detector counts, analysis runs, queue depth and lag, render latency and HTTP latency', async () => {
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    for (const series of [
      'oof_moments_detected_total{kind=',
      'oof_analysis_runs_total{status="done"}',
      'oof_queue_depth',
      'oof_queue_lag_seconds',
      'oof_card_render_seconds_count',
      'oof_http_request_seconds_bucket{',
    ]) {
      expect(res.body).toContain(series);
    }
  });
});
