/**
 * The seed acceptance of SPEC §3, end to end through HTTP: the golden multi-year wallet (real hourly closes,
 * served by the replay node) analysed through `POST /v1/analyze` by a signed-in PRO user, followed over SSE
 * (progress and moments within 60 s), its moments paginated with provenance and equal to the hand derivation,
 * stable extremes, and a card that renders, decodes as a PNG and is served again without re-rendering.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionTokens } from '../../src/api/access/session-tokens.ts';
import { buildApp } from '../../src/api/app.ts';
import { startReplayFixture, type ReplayFixture } from '../../src/chain/replay/testing/replay-fixture.ts';
import { createLogger } from '../../src/core/log/logger.ts';
import { runAnalyzeWorker } from '../../src/jobs/analyze.worker.ts';
import { createAnalysisDeps } from '../../src/main/analysis-services.ts';
import type { CoreServices } from '../../src/main/core-services.ts';
import { createPriceFill } from '../../src/main/price-history.ts';
import { openTestServices } from '../../src/main/testing/test-services.ts';
import { writeGoldenWalletArchive } from '../../src/simulator/scenario/golden-wallet.ts';
import type { ScenarioArchiveResult } from '../../src/simulator/scenario/write-scenario-archive.ts';
import { setSubjectPlan } from '../../src/store/access/user-plans.repository.ts';
import { SHARED_DATA } from '../support/shared-data.ts';
import { readSse } from '../support/sse-client.ts';

interface Expected {
  readonly asOf: string;
  readonly realizedPnlUsd: string;
  readonly moments: readonly { kind: string; usd: string; pct: string; event: number }[];
}
const HERE = fileURLToPath(new URL('./analyze-golden-wallet/', import.meta.url));
const expected = JSON.parse(readFileSync(join(HERE, 'expected.json'), 'utf8')) as Expected;
const hasCloses = existsSync(join(SHARED_DATA, 'mark6-binance-hourly-closes/data/SOLUSDT.csv'));
const SECRET = 'golden-http-test-session-secret-0123456789';
const USER = '9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM';

describe.runIf(hasCloses)('golden wallet over HTTP', () => {
  let dir: string;
  let archive: ScenarioArchiveResult;
  let replay: ReplayFixture;
  let services: CoreServices;
  let app: FastifyInstance;
  let base: string;
  let auth: Record<string, string>;
  const stop = new AbortController();
  let worker: Promise<void>;
  const asOf = new Date(expected.asOf);
  const clock = () => asOf;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'oof-golden-http-'));
    archive = await writeGoldenWalletArchive(dir, { sharedDataDir: SHARED_DATA });
    replay = await startReplayFixture(dir);
    services = await openTestServices();
    const config = { ...services.config, access: { ...services.config.access, sessionSecret: SECRET } };
    app = await buildApp({ ...services, config }, createLogger('silent'), { rpc: replay.client.rpc, clock });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    await setSubjectPlan(services.database.db, `wallet:${USER}`, 'PRO', asOf);
    auth = {
      authorization: `Bearer ${(await createSessionTokens({ secret: SECRET, ttlSec: 3600 }).issue(USER, asOf)).token}`,
    };
    const deps = createAnalysisDeps(services, {
      rpc: replay.client.rpc,
      prices: createPriceFill(services, { geckoterminalUrl: replay.server.url }, services.logger),
      clock,
    });
    worker = runAnalyzeWorker(deps, { workerId: 'golden-http', idleMs: 50, signal: stop.signal });
  }, 120_000);

  afterAll(async () => {
    stop.abort();
    await worker;
    await app.close();
    await services.close();
    await replay.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('streams progress and moments within 60 s; moments, extremes and a card match the hand derivation', async () => {
    const started = await app.inject({
      method: 'POST',
      url: '/v1/analyze',
      headers: auth,
      payload: { wallets: [archive.wallets.main], linkedWallets: [archive.wallets.linked] },
    });
    expect(started.statusCode).toBe(202);
    const jobId = started.json<{ jobId: string }>().jobId;

    // SSE until the final `done`.
    const t0 = performance.now();
    const events = await readSse(
      `${base}/v1/analyze/${jobId}/stream`,
      {},
      (e) => e.event === 'done' && (e.data as { status?: string }).status === 'done',
    );
    expect(performance.now() - t0).toBeLessThan(60_000);
    const kinds = events.map((e) => e.event);
    expect(kinds).toContain('progress');
    expect(kinds).toContain('moment');

    // Every moment, paged by 2, equals the hand derivation (kind, USD, pct), with provenance.
    const got: { kind: string; usd: string; pct: string; sigRef: string; priceSource: string; id: string }[] =
      [];
    let cursor: string | null = null;
    do {
      const page: LightMyRequestResponse = await app.inject({
        method: 'GET',
        url: `/v1/moments?wallet=${archive.wallets.main}&limit=2${cursor === null ? '' : `&cursor=${cursor}`}`,
      });
      const body: { moments: typeof got; next: string | null } = page.json();
      got.push(...body.moments);
      cursor = body.next;
    } while (cursor !== null);
    const key = (m: { kind: string; usd: string; pct: string }) => `${m.kind} ${m.usd} ${m.pct}`;
    expect(got.map(key).sort()).toEqual(expected.moments.map(key).sort());
    for (const m of got) {
      expect(m.sigRef).toMatch(/^[1-9A-HJ-NP-Za-km-z]{64,88}$/);
      expect(m.priceSource.length).toBeGreaterThan(0);
    }
    const summary = await app.inject({ method: 'GET', url: `/v1/wallets/${archive.wallets.main}/summary` });
    expect(summary.json()).toMatchObject({ realizedPnlUsd: expected.realizedPnlUsd });

    // Extremes: the same answer twice, the second from the cache.
    const e1 = await app.inject({ method: 'GET', url: `/v1/wallets/${archive.wallets.main}/extremes` });
    const e2 = await app.inject({ method: 'GET', url: `/v1/wallets/${archive.wallets.main}/extremes` });
    expect(e2.json<{ extremes: unknown }>().extremes).toEqual(e1.json<{ extremes: unknown }>().extremes);
    expect(e2.json<{ cached: boolean }>().cached).toBe(true);
    expect(e1.json<{ extremes: { topS2e: { usd: string } } }>().extremes.topS2e.usd).toBe(
      expected.moments.find((m) => m.kind === 's2e')!.usd,
    );

    // A card of the top moment: a 1200×630 PNG, then the same bytes from the store.
    const top = got.reduce((a, b) => (Number(a.usd) >= Number(b.usd) ? a : b));
    const url = `/v1/cards/moment/${encodeURIComponent(top.id)}.png`;
    const c1 = await app.inject({ method: 'GET', url });
    const c2 = await app.inject({ method: 'GET', url });
    const png = c1.rawPayload;
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]);
    expect(c1.headers['x-card-cache']).toBe('miss');
    expect(c2.headers['x-card-cache']).toBe('hit');
    expect(c2.rawPayload.equals(png)).toBe(true);
  }, 120_000);
});
