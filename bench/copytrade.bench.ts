/**
 * Copy trading: webhook → paper decision latency under a burst of signals (SPEC §8 style; issue "Copy trading").
 *
 *   npm run bench:copytrade                       # 1,000 signals, embedded (PGlite on disk)
 *   npm run bench:copytrade -- 2000               # any N
 *   DATABASE_URL=postgres://… npm run bench:copytrade   # also on a fresh database of that server
 *
 * The signals are the swaps of a market written by the project's simulator (real pump.fun / PumpSwap / Jupiter
 * transaction formats); every wallet trading in them is watched in simulation mode. All N transactions are
 * delivered at once through the Helius webhook queue (in posts of 100, as Helius batches them); the webhook
 * worker (ingest + signal recording, up to 100 deliveries per round) and the copy-trading engine run
 * concurrently in this process, as in `oof start`. Prices come from an in-memory source (no network), token
 * safety from the real scorer over the recorded RugCheck / DexScreener data (cached per mint for the hour, as
 * in production).
 *
 * `--webhook-only` runs the webhook worker alone (the baseline: how long ingest + signal recording take).
 *
 * Reported: decision latency (signal stored → outcome recorded, `decision_ms`) and end-to-end latency
 * (webhook accepted → outcome recorded), p50 / p95 / max, and the outcomes. Figures on stdout, progress on stderr.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { configSchema } from '../src/core/config/config.ts';
import { createLogger } from '../src/core/log/logger.ts';
import { createMetrics } from '../src/core/metrics/metrics.ts';
import { runCopytradeEngine } from '../src/copytrade/engine/copytrade-engine.ts';
import { createTransactionDecoder } from '../src/ingest/transaction-decoder.ts';
import { parseWebhookBody } from '../src/chain/helius/webhook-item.ts';
import { stringifyExact } from '../src/core/json/stringify-exact.ts';
import { createWebhookEnqueue } from '../src/jobs/helius-webhook.queue.ts';
import { runWebhookWorker } from '../src/jobs/helius-webhook.worker.ts';
import { createFsObjectStore } from '../src/objectstore/fs-object-store.ts';
import { insertCopyWallet } from '../src/store/copytrade/copy-wallets.repository.ts';
import { watchedWallet } from '../src/store/copytrade/testing/watched-wallet.ts';
import { writeConfig } from '../src/store/copytrade/copytrade-config.repository.ts';
import { DEFAULT_SYSTEM_CONFIG, mergeSystemConfig } from '../src/copytrade/config/copytrade-config.ts';
import { SYSTEM_SCOPE } from '../src/copytrade/engine/engine-config.ts';
import { openDatabase } from '../src/store/open-database.ts';
import { queryRows } from '../src/store/query-rows.ts';
import { SOL_MINT } from '../src/domain/mints.ts';
import {
  engineDeps,
  recordedSafety,
  scriptedPriceSource,
  simulatedMarket,
} from '../test/copytrade/support/copytrade-harness.ts';
import { withPostgresDatabase } from './bench-support.ts';

const args = process.argv.slice(2);
/** `--webhook-only`: the baseline — the webhook worker alone (ingest + signal recording), no engine. */
const WEBHOOK_ONLY = args.includes('--webhook-only');
const N = Number(args.find((a) => /^\d+$/.test(a)) ?? 1_000);
const say = (line: string): void => void process.stderr.write(`${line}\n`);
const logger = createLogger('silent');

function pct(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function run(
  label: string,
  databaseUrl: string | undefined,
  market: Awaited<ReturnType<typeof simulatedMarket>>,
) {
  const dataDir = mkdtempSync(join(tmpdir(), 'oof-bench-copytrade-'));
  const database = await openDatabase(
    { dataDir, ...(databaseUrl === undefined ? {} : { databaseUrl }) },
    logger,
    { migrate: true },
  );
  try {
    const txs = market.txs.slice(0, N);
    const wallets = [...new Set(txs.flatMap((t) => t.swaps.map((s) => s.wallet)))];
    say(`${label}: watching ${wallets.length} wallets`);
    for (const address of wallets) {
      await insertCopyWallet(database.db, watchedWallet(address, { discoverySource: 'bench' }), new Date());
    }
    // Breakers off: a burst at flat prices closes mirror exits at a small loss (fees and slippage), which would
    // soon stop every entry; the bench measures the whole path of each signal instead.
    const off = { maxDrawdown: null, minWinRate: null, maxConsecutiveLosses: null, lookbackMs: null };
    await writeConfig(
      database.db,
      SYSTEM_SCOPE,
      mergeSystemConfig(DEFAULT_SYSTEM_CONFIG, { breakers: { global: off, perWallet: off } }),
      new Date(),
    );
    const clock = (): Date => new Date();
    const prices = scriptedPriceSource('memory', clock);
    prices.set(SOL_MINT, '150');
    for (const m of market.mints) prices.set(m, '0.0001');
    const deps = engineDeps(database, clock, [prices.source], recordedSafety(clock, new Set()));
    const services = {
      config: configSchema.parse({ dataDir }),
      database,
      objects: createFsObjectStore({ root: join(dataDir, 'objects') }),
      metrics: createMetrics(),
      decoder: createTransactionDecoder(),
      logger,
    };
    const stopping = new AbortController();
    const workers = Promise.all([
      runWebhookWorker(
        { ...services, rpc: null },
        { workerId: 'bench', idleMs: 10, signal: stopping.signal },
      ),
      WEBHOOK_ONLY
        ? Promise.resolve()
        : runCopytradeEngine(deps, { workerId: 'bench', idleMs: 10, signal: stopping.signal }),
    ]);
    const enqueue = createWebhookEnqueue(database);
    const acceptedAt = new Map<string, number>();
    const started = performance.now();
    for (let i = 0; i < txs.length; i += 100) {
      const part = txs.slice(i, i + 100);
      // What the webhook route does with a POST: parse the body (a JSON array of raw transactions), enqueue.
      await enqueue(parseWebhookBody(stringifyExact(part.map((t) => t.raw))).items);
      const at = Date.now();
      for (const t of part) acceptedAt.set(t.signature, at);
    }
    say(
      `${label}: ${txs.length} deliveries accepted in ${Math.round(performance.now() - started)} ms; waiting for decisions…`,
    );
    const expected = txs.reduce((n, t) => n + t.swaps.length, 0);
    let decided = 0;
    for (;;) {
      const [row] = await queryRows<{ decided: number }>(
        database.db,
        WEBHOOK_ONLY
          ? sql`SELECT count(*)::int AS decided FROM copy_signals`
          : sql`SELECT count(*)::int AS decided FROM copy_signals WHERE outcome <> 'pending'`,
      );
      decided = row?.decided ?? 0;
      process.stderr.write(`\r${label}: ${decided}/${expected} signals decided   `);
      if (decided >= expected || performance.now() - started > 600_000) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const wallMs = performance.now() - started;
    process.stderr.write('\n');
    stopping.abort();
    await workers;
    const rows = await queryRows<{
      signature: string;
      outcome: string;
      decision_ms: number;
      decided_ms: string;
    }>(
      database.db,
      sql`SELECT signature, outcome, decision_ms, (extract(epoch FROM decided_at) * 1000)::bigint::text AS decided_ms
            FROM copy_signals`,
    );
    const decision = rows.map((r) => r.decision_ms).sort((a, b) => a - b);
    const endToEnd = rows
      .map((r) => Number(r.decided_ms) - (acceptedAt.get(r.signature) ?? NaN))
      .filter((x) => Number.isFinite(x))
      .sort((a, b) => a - b);
    const outcomes: Record<string, number> = {};
    for (const r of rows) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
    return {
      label,
      signals: rows.length,
      wallMs: Math.round(wallMs),
      perSecond: Math.round((rows.length / wallMs) * 1000),
      decision: { p50: pct(decision, 50), p95: pct(decision, 95), max: decision[decision.length - 1] },
      endToEnd: { p50: pct(endToEnd, 50), p95: pct(endToEnd, 95), max: endToEnd[endToEnd.length - 1] },
      outcomes,
    };
  } finally {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  say(`market: simulating (oof simulate) for ${N} swap transactions…`);
  const market = await simulatedMarket({
    seed: 'copytrade-bench',
    wallets: Math.max(100, Math.round(N / 6)),
    tokens: Math.max(8, Math.round(N / 80)),
    days: 1,
    transactions: Math.round(N * 1.25),
  });
  if (market.txs.length < N)
    throw new Error(`the simulated market has ${market.txs.length} swaps, fewer than ${N}`);
  const results = [await run('embedded (PGlite on disk)', undefined, market)];
  const url = process.env.DATABASE_URL;
  if (url !== undefined && url !== '') {
    results.push(await withPostgresDatabase(url, 'oof_bench_copytrade', (u) => run('postgres', u, market)));
  }
  process.stdout.write(
    WEBHOOK_ONLY
      ? `copy trading baseline: burst of ${N} webhook deliveries → signals recorded (no engine; latencies n/a)\n`
      : `copy trading: burst of ${N} webhook deliveries → paper decisions\n`,
  );
  for (const r of results) {
    if (WEBHOOK_ONLY) {
      process.stdout.write(
        `${r.label}: ${r.signals} signals recorded in ${r.wallMs} ms (${r.perSecond}/s)\n`,
      );
      continue;
    }
    process.stdout.write(
      `${r.label}: ${r.signals} signals decided in ${r.wallMs} ms (${r.perSecond}/s); ` +
        `decision latency p50 ${r.decision.p50} ms, p95 ${r.decision.p95} ms, max ${r.decision.max} ms; ` +
        `webhook → decision p50 ${r.endToEnd.p50} ms, p95 ${r.endToEnd.p95} ms, max ${r.endToEnd.max} ms\n` +
        `  outcomes: ${JSON.stringify(r.outcomes)}\n`,
    );
  }
}

await main();
