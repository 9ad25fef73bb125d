/**
 * Incremental recompute end to end (SPEC §3 "cheap to recompute"): a heavy wallet (the bench's scenario, smaller)
 * on the real hourly closes, served by `oof replay-rpc`, prices through the GeckoTerminal protocol of the same
 * server. It is analysed at T1 (full run, checkpoint), four hours later (resumed: only the tail is recomputed),
 * and at that time again from scratch on the same store: the documents and every stored ledger and moment row
 * must be the same. Then what must force a full recompute does: a changed candle under the settled history,
 * a settled action that changed, other detector thresholds.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SHARED_DATA } from '../../test/support/shared-data.ts';
import { settleTimeAt } from '../analytics/analysis/analysis-checkpoint.ts';
import { startReplayFixture, type ReplayFixture } from '../chain/replay/testing/replay-fixture.ts';
import { createLogger } from '../core/log/logger.ts';
import { claimNextAnalysisRun, runAnalyzeJob } from '../jobs/analyze.worker.ts';
import { createAnalysisDeps } from '../main/analysis-services.ts';
import type { CoreServices } from '../main/core-services.ts';
import { createPriceFill } from '../main/price-history.ts';
import { openTestServices } from '../main/testing/test-services.ts';
import { HEAVY_WALLET_DEFAULTS, writeHeavyWalletArchive } from '../simulator/scenario/heavy-wallet.ts';
import { HOURLY_CLOSES_DIR } from '../simulator/scenario/write-scenario-archive.ts';
import { readAnalysisCheckpoint } from '../store/analytics/analysis-checkpoint.repository.ts';
import { saveCandles } from '../store/prices/candle.repository.ts';
import { queryRows } from '../store/query-rows.ts';
import type { AnalysisDeps } from './analysis-deps.ts';
import type { AnalysisDocument } from './analysis-report.ts';
import { startAnalysis } from './start-analysis.ts';

const hasCloses = existsSync(join(SHARED_DATA, HOURLY_CLOSES_DIR, 'SOLUSDT.csv'));
/** 75 days before the scenario's end, at 11:00 UTC; LATER is 4 hours on, the same day. */
const T1 = new Date(Date.parse(HEAVY_WALLET_DEFAULTS.asOf) - 75 * 86_400_000);
const LATER = new Date(T1.getTime() + 4 * 3_600_000);
/** The next day. */
const NEXT_DAY = new Date(LATER.getTime() + 86_400_000);

let dir: string;
let replay: ReplayFixture;
let a: CoreServices;
let wallet: string;
let linked: string;

beforeAll(async () => {
  if (!hasCloses) return;
  dir = mkdtempSync(join(tmpdir(), 'oof-incremental-'));
  await writeHeavyWalletArchive(join(dir, 'archive'), {
    events: 1_200,
    seed: 'incremental-test',
    sharedDataDir: SHARED_DATA,
    gzip: false,
  });
  replay = await startReplayFixture(join(dir, 'archive'));
  const role = (r: string) => replay.archive.manifest.wallets.find((w) => w.roles.includes(r))?.address ?? '';
  wallet = role('watched');
  linked = role('linked');
  a = await openTestServices();
}, 180_000);
afterAll(async () => {
  if (!hasCloses) return;
  await a.close();
  await replay.close();
  rmSync(dir, { recursive: true, force: true });
});

function deps(core: CoreServices, now: Date, detectors?: AnalysisDeps['detectors']): AnalysisDeps {
  const url = replay.server.url;
  const market = { ...core.config.market, geckoterminalUrl: url, jupiterUrl: url, dexscreenerUrl: url };
  const d = createAnalysisDeps(core, {
    rpc: replay.client.rpc,
    prices: createPriceFill(core, market, createLogger('silent')),
    clock: () => now,
  });
  return detectors === undefined ? d : { ...d, detectors };
}

async function analyze(d: AnalysisDeps, planCode = 'PRO'): Promise<AnalysisDocument> {
  const started = await startAnalysis(d.database, {
    wallet,
    planCode,
    subject: `test-${d.clock().toISOString()}-${Math.random()}`,
    linkedWallets: [linked],
    now: d.clock(),
  });
  for (;;) {
    const job = await claimNextAnalysisRun(d, started.analysis.id, 'test');
    if (job === null) throw new Error('no run waiting');
    const outcome = await runAnalyzeJob(d, job, 'test');
    if (!outcome.continuation) return outcome.document;
  }
}

/** Everything a document says about the wallet (not which run it was). */
function essence(d: AnalysisDocument): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(d).filter(([k]) => !['analysisId', 'backfill', 'recompute'].includes(k)),
  );
}

async function storedRows(core: CoreServices) {
  const db = core.database.db;
  const rows = (q: ReturnType<typeof sql>) => queryRows<Record<string, unknown>>(db, q);
  return {
    lots: await rows(sql`SELECT id, mint, qty_raw::text, open_qty_raw::text, cost_usd::text, open_cost_usd::text,
      unit_cost_usd::text, opened_sig, opened_at::text, basis_source, episode_id FROM lots WHERE wallet = ${wallet} ORDER BY id`),
    trades: await rows(sql`SELECT id, lot_id, episode_id, qty_raw::text, cost_usd::text, proceeds_usd::text,
      pnl_usd::text, exit_sig, exit_at::text, exit_kind FROM realized_trades WHERE wallet = ${wallet} ORDER BY id`),
    episodes: await rows(sql`SELECT id, n, opened_sig, closed_sig, qty_in_raw::text, qty_out_raw::text,
      realized_pnl_usd::text, unpriced_trades FROM episodes WHERE wallet = ${wallet} ORDER BY id`),
    flags: await rows(sql`SELECT seq, code, mint, sig, idx, qty_raw::text, cost_usd::text, counterparty
      FROM ledger_flags WHERE wallet = ${wallet} ORDER BY seq`),
    moments: await rows(sql`SELECT id, usd::text, pct::text, severity::text, status, price_source,
      confidence::text, explain FROM oof_moments WHERE wallet = ${wallet} ORDER BY id`),
  };
}

describe.skipIf(!hasCloses)('incremental recompute', () => {
  test('a later run of the day resumes from the checkpoint and equals a full recompute: document and rows', async () => {
    const first = await analyze(deps(a, T1));
    expect(first.recompute).toEqual({ mode: 'full', settledBefore: null, reason: 'no checkpoint yet' });
    const checkpoint = await readAnalysisCheckpoint(a.database.db, wallet);
    const s1 = settleTimeAt(Math.floor(T1.getTime() / 1000), deps(a, T1).detectors);
    expect(checkpoint?.settledBefore).toBe(s1);

    const inc = await analyze(deps(a, LATER));
    expect(inc.recompute).toEqual({
      mode: 'incremental',
      settledBefore: new Date(s1 * 1000).toISOString(),
      reason: null,
    });
    const incRows = await storedRows(a);
    // The same run from scratch, on the same store.
    await a.database.db.execute(sql`DELETE FROM analysis_checkpoints WHERE wallet = ${wallet}`);
    const full = await analyze(deps(a, LATER));
    expect(full.recompute).toEqual({ mode: 'full', settledBefore: null, reason: 'no checkpoint yet' });

    // Not a vacuous comparison: a real history with moments of several kinds on both sides of the settle time.
    expect(full.trades).toBeGreaterThan(100);
    expect(full.moments.length).toBeGreaterThan(50);
    expect(full.moments.filter((m) => Date.parse(m.tEvent) / 1000 < s1).length).toBeGreaterThan(20);
    expect(full.moments.filter((m) => Date.parse(m.tEvent) / 1000 >= s1).length).toBeGreaterThan(0);
    expect(Object.values(full.counts).filter((n) => n > 0).length).toBeGreaterThanOrEqual(3);
    expect(essence(inc)).toEqual(essence(full));
    expect(incRows).toEqual(await storedRows(a));

    // And again from the newer checkpoint the full run left.
    const again = await analyze(deps(a, LATER));
    expect(again.recompute.mode).toBe('incremental');
    expect(essence(again)).toEqual(essence(full));
    expect(await storedRows(a)).toEqual(incRows);
  }, 300_000);

  test('the next day the window slid past nothing the settled history read: resumed; a shorter plan window is not', async () => {
    const doc = await analyze(deps(a, NEXT_DAY));
    expect(doc.recompute.mode).toBe('incremental');
    // LITE looks back 365 days: its window starts after the wallet's first transactions.
    const lite = await analyze(deps(a, NEXT_DAY), 'LITE');
    expect(lite.recompute.mode).toBe('full');
    expect(lite.recompute.reason).toMatch(
      /^the price history of .* before its first lot starts later than the checkpoint saw$/,
    );
    const pro = await analyze(deps(a, NEXT_DAY));
    expect(pro.recompute).toMatchObject({
      mode: 'full',
      reason: 'the price history starts earlier than the checkpoint saw',
    });
    expect(essence(pro)).toEqual(essence(doc));
  }, 120_000);

  test('a candle changed under the settled history forces a full recompute, which says why', async () => {
    const saved = await readAnalysisCheckpoint(a.database.db, wallet);
    const settled = saved?.settledBefore ?? 0;
    const [candle] = await queryRows<{ mint: string; t: string; close: string }>(
      a.database.db,
      sql`SELECT mint, extract(epoch FROM bucket_start)::bigint::text AS t, close::text AS close FROM token_prices
           WHERE resolution = '1h' AND bucket_start < to_timestamp(${settled - 30 * 86_400})
             AND mint = ANY(${sql.param([...(saved?.meta.mints ?? [])])}::text[])
           ORDER BY bucket_start DESC LIMIT 1`,
    );
    expect(candle).toBeDefined();
    const px = candle?.close ?? '1';
    await saveCandles(a.database.db, [
      {
        mint: candle?.mint ?? '',
        resolution: '1h',
        bucketStart: new Date(Number(candle?.t) * 1000),
        open: px,
        high: px,
        low: px,
        close: (Number(px) * 1.01).toFixed(12),
        volumeUsd: null,
        source: 'test-correction',
      },
    ]);
    const doc = await analyze(deps(a, NEXT_DAY));
    expect(doc.recompute.mode).toBe('full');
    expect(doc.recompute.reason).toMatch(/^candles at .* changed since the checkpoint$/);
    // The same candle written again with the same values is no change: the next run resumes.
    const next = await analyze(deps(a, NEXT_DAY));
    expect(next.recompute.mode).toBe('incremental');
  }, 120_000);

  test('a settled action that is not stored any more, or other thresholds, force a full recompute', async () => {
    const saved = await readAnalysisCheckpoint(a.database.db, wallet);
    await a.database.db.execute(sql`DELETE FROM actions WHERE ctid = (SELECT ctid FROM actions
      WHERE owner = ${wallet} AND kind = 'fee' AND ts < to_timestamp(${saved?.settledBefore ?? 0}) LIMIT 1)`);
    const doc = await analyze(deps(a, NEXT_DAY));
    expect(doc.recompute.mode).toBe('full');
    expect(doc.recompute.reason).toMatch(/^stored actions of .* before the checkpoint changed/);

    const base = deps(a, NEXT_DAY).detectors;
    const stricter = { ...base, s2e: { ...base.s2e, minPct: '0.5', version: 's2e@test' } };
    const other = await analyze(deps(a, NEXT_DAY, stricter));
    expect(other.recompute).toMatchObject({
      mode: 'full',
      reason: 'the checkpoint was taken for other inputs',
    });
  }, 120_000);
});
