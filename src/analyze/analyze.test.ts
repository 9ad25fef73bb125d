import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startReplayFixture, type ReplayFixture } from '../chain/replay/testing/replay-fixture.ts';
import type { SolanaRpc } from '../chain/rpc/solana-rpc.ts';
import { OofError } from '../core/errors/oof-error.ts';
import { claimNextAnalysisRun, runAnalyzeJob } from '../jobs/analyze.worker.ts';
import { createAnalysisDeps } from '../main/analysis-services.ts';
import type { CoreServices } from '../main/core-services.ts';
import { loadArchiveSolPrices } from '../main/load-archive-prices.ts';
import { openTestServices } from '../main/testing/test-services.ts';
import { createPriceFill } from '../main/price-history.ts';
import { writeSimulatedArchive } from '../simulator/archive/write-simulated-archive.ts';
import { queryRows } from '../store/query-rows.ts';
import { EXTREMES_TTL_MS, readCachedExtremes } from '../store/analytics/extremes.repository.ts';
import { ingest } from '../ingest/ingest.ts';
import type { AnalysisDeps } from './analysis-deps.ts';
import type { RunOutcome } from './run-analysis.ts';
import { startAnalysis } from './start-analysis.ts';

/**
 * The analysis pipeline end to end on a simulated market served by `oof replay-rpc`: plan windows, quota,
 * ceilings and continuations, the dedupe rule (getTransaction calls counted per signature), an RPC that dies.
 */
const MARKET = { seed: 'analyze-test', wallets: 24, tokens: 4, days: 1, transactions: 1_500 };
let dir: string;
let replay: ReplayFixture;
let services: CoreServices;
let marketStart: number;
/** Every getTransaction call, by signature. */
const calls = new Map<string, number>();
let failAfter = Number.POSITIVE_INFINITY;
const signaturesOf = new Map<string, { signature: string; blockTime: number | null }[]>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'oof-analyze-'));
  await writeSimulatedArchive(dir, MARKET, { gzip: false, partSize: 100_000, createdBy: 'analyze.test' });
  replay = await startReplayFixture(dir);
  services = await openTestServices();
  await loadArchiveSolPrices(replay.archive, services.database);
  marketStart = replay.archive.manifest.timeRange?.fromTime ?? 0;
  for (const w of replay.archive.manifest.wallets) {
    const list: { signature: string; blockTime: number | null }[] = [];
    for await (const s of replay.client.rpc.listSignatures(w.address)) list.push(s);
    signaturesOf.set(w.address, list);
  }
}, 120_000);
afterAll(async () => {
  await services.close();
  await replay.close();
  rmSync(dir, { recursive: true, force: true });
});

function countingRpc(): SolanaRpc {
  const rpc = replay.client.rpc;
  return new Proxy(rpc, {
    get(target, prop, receiver) {
      if (prop === 'getTransaction') {
        return (...args: Parameters<typeof rpc.getTransaction>) => {
          const total = [...calls.values()].reduce((a, b) => a + b, 0);
          if (total >= failAfter) {
            return Promise.reject(
              new OofError('RPC_UNAVAILABLE', 'every endpoint failed (test: the node died)'),
            );
          }
          calls.set(args[0], (calls.get(args[0]) ?? 0) + 1);
          return target.getTransaction(...args);
        };
      }
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}

function deps(now: Date): AnalysisDeps {
  return createAnalysisDeps(services, {
    rpc: countingRpc(),
    prices: (mints, _f, _t, _m, onProgress) => {
      onProgress?.(mints.length, mints.length);
      return Promise.resolve({ candleReads: 0, ceilingHit: false, errors: [] });
    },
    clock: () => now,
  });
}

/** What `oof analyze --follow` does: start (or resume), then run every queued run of the analysis. */
async function analyzeToEnd(
  d: AnalysisDeps,
  wallet: string,
  plan: string,
  subject: string,
): Promise<RunOutcome[]> {
  const started = await startAnalysis(d.database, { wallet, planCode: plan, subject, now: d.clock() });
  const out: RunOutcome[] = [];
  for (;;) {
    const job = await claimNextAnalysisRun(d, started.analysis.id, 'test');
    if (job === null) break;
    const outcome = await runAnalyzeJob(d, job, 'test');
    out.push(outcome);
    if (!outcome.continuation) break;
  }
  return out;
}

const storedCount = async (sigs: readonly string[]): Promise<number> =>
  (
    await queryRows<{ n: number }>(
      services.database.db,
      sql`SELECT count(*)::int AS n FROM tx_raw WHERE sig = ANY(${sql.param([...sigs])}::text[])`,
    )
  )[0]?.n ?? 0;

/** Wallets by number of signatures, most first. */
const busiest = (): string[] =>
  [...signaturesOf].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1)).map(([w]) => w);

const inMarket = (hours: number) => new Date((marketStart + hours * 3600) * 1000);
const DAY_MS = 86_400_000;

describe('oof analyze pipeline', () => {
  test('an invalid address or an unknown plan is refused before anything is written', async () => {
    const d = deps(inMarket(30));
    await expect(
      startAnalysis(d.database, { wallet: 'not-a-wallet', planCode: 'PRO', subject: 's0', now: d.clock() }),
    ).rejects.toMatchObject({ code: 'WALLET_INVALID_ADDRESS' });
    await expect(
      startAnalysis(d.database, { wallet: busiest()[0]!, planCode: 'GOLD', subject: 's0', now: d.clock() }),
    ).rejects.toMatchObject({
      code: 'PLAN_UNKNOWN',
      message: expect.stringContaining('FREE, LITE, PRO') as string,
    });
    const rows = await queryRows<{ n: number }>(
      services.database.db,
      sql`SELECT count(*)::int AS n FROM analyses`,
    );
    expect(rows[0]?.n).toBe(0);
  });

  test('FREE quota: a third new wallet the same day is QUOTA_EXCEEDED and leaves nothing behind', async () => {
    const d = deps(inMarket(30));
    const [a, b, c] = busiest().slice(-3);
    await startAnalysis(d.database, { wallet: a!, planCode: 'FREE', subject: 'quota', now: d.clock() });
    await startAnalysis(d.database, { wallet: b!, planCode: 'FREE', subject: 'quota', now: d.clock() });
    const again = await startAnalysis(d.database, {
      wallet: a!,
      planCode: 'FREE',
      subject: 'quota',
      now: d.clock(),
    });
    expect(again.resumed).toBe(true);
    const refused = await startAnalysis(d.database, {
      wallet: c!,
      planCode: 'FREE',
      subject: 'quota',
      now: d.clock(),
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(OofError);
    const quotaError = refused as OofError;
    expect([quotaError.code, quotaError.kind, quotaError.context]).toMatchObject([
      'QUOTA_EXCEEDED',
      'limited',
      { limit: 2, used: 2, plan: 'FREE' },
    ]);
    const rows = await queryRows<{ n: number }>(
      services.database.db,
      sql`SELECT count(*)::int AS n FROM analyses WHERE subject = 'quota'`,
    );
    expect(rows[0]?.n).toBe(2);
    // The next UTC day the quota is fresh.
    const tomorrow = deps(new Date(inMarket(30).getTime() + DAY_MS));
    await expect(
      startAnalysis(tomorrow.database, {
        wallet: c!,
        planCode: 'FREE',
        subject: 'quota',
        now: tomorrow.clock(),
      }),
    ).resolves.toMatchObject({ resumed: false, quota: { charged: true, used: 1 } });
  });

  test('ceilings cut a run; its continuations finish the history, charging the quota once, fetching each transaction once', async () => {
    const wallet = busiest()[0]!;
    const sigs = signaturesOf.get(wallet)!;
    expect(sigs.length).toBeGreaterThan(60);
    await services.database.db.execute(sql`UPDATE plans SET max_signatures = 25 WHERE code = 'FREE'`);
    try {
      calls.clear();
      const d = deps(inMarket(30));
      const runs = await analyzeToEnd(d, wallet, 'FREE', 'ceilings');
      // The wallet's address, then its token accounts (their signatures count against the ceiling too).
      expect(runs.length).toBeGreaterThanOrEqual(Math.ceil(sigs.length / 25));
      expect(runs.slice(0, -1).every((r) => r.document.status === 'partial')).toBe(true);
      expect(runs.at(-1)!.document.status).toBe('done');
      expect(runs[0]!.document.backfill).toMatchObject({ signatures: 25, ceiling: 'max_signatures' });
      // Every signature fetched exactly once over all runs, all stored.
      expect([...calls.values()].every((n) => n === 1)).toBe(true);
      expect(calls.size).toBe(sigs.length);
      expect(await storedCount(sigs.map((s) => s.signature))).toBe(sigs.length);
      const charged = await queryRows<{ n: number }>(
        services.database.db,
        sql`SELECT count(*)::int AS n FROM quota_usage WHERE subject = 'ceilings'`,
      );
      expect(charged[0]?.n).toBe(1);
      // The partial results were real: the last run saw every trade.
      expect(runs.at(-1)!.document.trades).toBeGreaterThanOrEqual(runs[0]!.document.trades);
      const events = await queryRows<{ kind: string; n: number }>(
        services.database.db,
        sql`SELECT kind, count(*)::int AS n FROM analysis_events e JOIN analyses a ON a.id = e.analysis_id
            WHERE a.subject = 'ceilings' GROUP BY kind ORDER BY kind`,
      );
      expect(events.find((e) => e.kind === 'done')?.n).toBe(runs.length);
      expect(events.find((e) => e.kind === 'progress')?.n).toBeGreaterThan(runs.length);
    } finally {
      await services.database.db.execute(sql`UPDATE plans SET max_signatures = 10000 WHERE code = 'FREE'`);
    }
  });

  test('dedupe: analysing again, or a wallet sharing transactions, makes no getTransaction call for stored ones', async () => {
    const first = busiest()[0]!; // stored by the previous test
    calls.clear();
    const again = await analyzeToEnd(deps(inMarket(31)), first, 'PRO', 'dedupe');
    expect(again.at(-1)!.document.status).toBe('done');
    expect(calls.size).toBe(0);

    const firstSigs = new Set(signaturesOf.get(first)!.map((s) => s.signature));
    const [other, shared] = busiest()
      .slice(1)
      .map((w) => [w, signaturesOf.get(w)!.filter((s) => firstSigs.has(s.signature)).length] as const)
      .sort((a, b) => b[1] - a[1])[0]!;
    expect(shared).toBeGreaterThan(0);
    calls.clear();
    await analyzeToEnd(deps(inMarket(31)), other, 'PRO', 'dedupe');
    const otherSigs = signaturesOf.get(other)!;
    expect([...calls.keys()].filter((s) => firstSigs.has(s))).toEqual([]);
    expect(calls.size).toBe(otherSigs.filter((s) => !firstSigs.has(s.signature)).length);
  });

  test('the plan window: FREE goes back 180 days and fetches nothing older', async () => {
    const wallet = busiest()[3]!;
    // As of 180 days and 12 hours after the market opened: the window starts in its middle.
    const now = new Date(inMarket(12).getTime() + 180 * DAY_MS);
    calls.clear();
    const runs = await analyzeToEnd(deps(now), wallet, 'FREE', 'window');
    const doc = runs.at(-1)!.document;
    expect(doc.status).toBe('done');
    expect(doc.window.from).toBe(inMarket(12).toISOString());
    const from = inMarket(12).getTime() / 1000;
    const inWindow = signaturesOf.get(wallet)!.filter((s) => s.blockTime === null || s.blockTime >= from);
    expect(inWindow.length).toBeGreaterThan(0);
    expect(inWindow.length).toBeLessThan(signaturesOf.get(wallet)!.length);
    const byTime = new Map(signaturesOf.get(wallet)!.map((s) => [s.signature, s.blockTime]));
    expect([...calls.keys()].every((s) => (byTime.get(s) ?? from) >= from)).toBe(true);
  });

  test('an RPC that dies mid-backfill: a clear error, nothing half-written, the retried run completes', async () => {
    const wallet = busiest()[5]!;
    const sigs = signaturesOf.get(wallet)!;
    const storedBefore = await storedCount(sigs.map((s) => s.signature));
    expect(sigs.length - storedBefore).toBeGreaterThan(20);
    calls.clear();
    failAfter = 10;
    const d = deps(inMarket(30));
    const error = await analyzeToEnd(d, wallet, 'PRO', 'dies').then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'RPC_UNAVAILABLE' });
    // No call starts after the node died (the ones in flight finish).
    expect([...calls.values()].reduce((a, b) => a + b, 0)).toBe(10);
    const state = await queryRows<{ status: string; error: { error: string } | null; job: string }>(
      services.database.db,
      sql`SELECT a.status, a.error, j.status AS job FROM analyses a JOIN jobs j ON j.singleton_key = 'analyze:' || a.id || ':1'
          WHERE a.subject = 'dies'`,
    );
    expect(state[0]).toMatchObject({ status: 'partial', error: { error: 'RPC_UNAVAILABLE' }, job: 'queued' });
    failAfter = Number.POSITIVE_INFINITY;
    const runs = await analyzeToEnd(d, wallet, 'PRO', 'dies');
    expect(runs.at(-1)!.document.status).toBe('done');
    expect(await storedCount(sigs.map((s) => s.signature))).toBe(sigs.length);
    // The chunk the failure cut was not stored (one transaction per chunk): only its 10 fetched are asked twice.
    expect([...calls.values()].filter((n) => n > 1).length).toBe(10);
    expect(calls.size).toBe(sigs.length - storedBefore);
  });
});

describe('cached extremes', () => {
  test('are cached with a TTL after a run and dropped when a transaction of the wallet is ingested', async () => {
    const wallet = busiest()[7]!;
    const sigs = signaturesOf.get(wallet)!;
    await services.database.db.execute(sql`UPDATE plans SET max_signatures = 10 WHERE code = 'LITE'`);
    try {
      const d = deps(inMarket(30));
      const started = await startAnalysis(d.database, {
        wallet,
        planCode: 'LITE',
        subject: 'extremes',
        now: d.clock(),
      });
      const job = await claimNextAnalysisRun(d, started.analysis.id, 'test');
      const first = await runAnalyzeJob(d, job!, 'test');
      expect(first.document.status).toBe('partial');
      const cached = await readCachedExtremes(services.database.db, wallet, d.clock());
      expect(cached?.extremes).toEqual(first.document.extremes);
      expect(cached!.expiresAt.getTime() - cached!.computedAt.getTime()).toBe(EXTREMES_TTL_MS);
      // Expired: not served.
      expect(
        await readCachedExtremes(
          services.database.db,
          wallet,
          new Date(d.clock().getTime() + EXTREMES_TTL_MS),
        ),
      ).toBeNull();
      // A transaction of the wallet arrives (webhook, backfill of another wallet...): the cache is dropped.
      const unstored = [];
      for (const s of sigs) if ((await storedCount([s.signature])) === 0) unstored.push(s.signature);
      expect(unstored.length).toBeGreaterThan(0);
      const raw = await replay.client.rpc.getTransaction(unstored[0]!, { encoding: 'json' });
      expect((await ingest(services, [raw])).stored).toBe(1);
      expect(await readCachedExtremes(services.database.db, wallet, d.clock())).toBeNull();
    } finally {
      await services.database.db.execute(sql`UPDATE plans SET max_signatures = 40000 WHERE code = 'LITE'`);
    }
  });
});

describe('a price source that answers garbage', () => {
  test('the run completes; each mint it could not price is a warning naming the code; nothing is written for it', async () => {
    const garbage = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"data": "this is not what GeckoTerminal sends"}');
    });
    await new Promise<void>((resolve) => garbage.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(garbage.address() as AddressInfo).port}`;
    try {
      const wallet = busiest()[9]!;
      const d = createAnalysisDeps(services, {
        rpc: countingRpc(),
        prices: createPriceFill(services, { geckoterminalUrl: url }, services.logger),
        clock: () => inMarket(30),
      });
      const runs = await analyzeToEnd(d, wallet, 'PRO', 'garbage-prices');
      const doc = runs.at(-1)!.document;
      expect(doc.status).toBe('done');
      expect(doc.warnings.length).toBeGreaterThan(0);
      expect(doc.warnings.every((w) => w.includes('PRICE_RESPONSE_INVALID'))).toBe(true);
      const coverage = await queryRows<{ n: number }>(
        services.database.db,
        sql`SELECT count(*)::int AS n FROM price_coverage WHERE source = 'geckoterminal'`,
      );
      expect(coverage[0]?.n).toBe(0);
    } finally {
      await new Promise((resolve) => garbage.close(resolve));
    }
  });
});
