/**
 * Analysis of a heavy wallet (SPEC §8): the `oof analyze` pipeline on the heavy-wallet scenario (default 50,000
 * signatures over two years, src/simulator/scenario/heavy-wallet.ts), served in-process by the replay server.
 *
 *   npm run bench:analyze                       # 50,000 events; embedded, and Postgres too when DATABASE_URL is set
 *   npm run bench:analyze -- 20000 embedded     # events, database: embedded | postgres | both
 *   BENCH_EVENTS=… BENCH_DB=… BENCH_SEED=… DATABASE_URL=postgres://… npm run bench:analyze
 *   BENCH_PRELOAD_CANDLES=1 …                   # store the archive's hourly candles before the cold run
 *   BENCH_DATA_DIR=DIR …                        # keep the embedded database in DIR: a second invocation is warm
 *
 * Per database: cold — startAnalysis → claimNextAnalysisRun → runAnalyzeJob, wired as `oof analyze` wires them
 * (backfill over replay-rpc, prices through createPriceFill pointed at the replay server, compute, save) with
 * the PRO plan, as of the scenario's asOf; warm, full — the same analysis again without the checkpoint the
 * cold run left: a full recompute from the stored actions (the walk lists nothing new and fetches nothing);
 * warm, incremental — the next day, resumed from the checkpoint (src/analyze/analysis-resume.ts); then 1,000
 * reads of the cached extremes and of the first page of moments. The archive is written once by `oof simulate --scenario heavy-wallet` in a child process
 * (so its memory is not measured) and cached in the temp folder by seed and size. Postgres runs in a fresh
 * database on the server of DATABASE_URL, dropped afterwards. Table on stdout, progress on stderr.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { heavyWalletAddresses, heavyWalletArchive, withPostgresDatabase } from './bench-support.ts';
import { startAnalysis } from '../src/analyze/start-analysis.ts';
import { ArchiveReader } from '../src/chain/archive/archive-reader.ts';
import { startReplayServer, type ReplayServer } from '../src/chain/replay/replay-server.ts';
import { createRpcClient } from '../src/chain/rpc/create-rpc-client.ts';
import type { RpcTransport } from '../src/chain/rpc/rpc-transport.ts';
import { SolanaRpc } from '../src/chain/rpc/solana-rpc.ts';
import { createProgress, type Progress } from '../src/cli/progress.ts';
import { loadConfig } from '../src/core/config/config.ts';
import { createLogger } from '../src/core/log/logger.ts';
import { claimNextAnalysisRun, runAnalyzeJob } from '../src/jobs/analyze.worker.ts';
import { createAnalysisDeps } from '../src/main/analysis-services.ts';
import { openCoreServices, type CoreServices } from '../src/main/core-services.ts';
import { createPriceFill } from '../src/main/price-history.ts';
import { HEAVY_WALLET_DEFAULTS } from '../src/simulator/scenario/heavy-wallet.ts';
import { readCachedExtremes } from '../src/store/analytics/extremes.repository.ts';
import { saveCandles, type Candle } from '../src/store/prices/candle.repository.ts';
import { queryRows } from '../src/store/query-rows.ts';

const argv = process.argv.slice(2);
const EVENTS = Number(argv[0] ?? process.env.BENCH_EVENTS ?? HEAVY_WALLET_DEFAULTS.events);
const SEED = process.env.BENCH_SEED ?? HEAVY_WALLET_DEFAULTS.seed;
const SERVER_URL = process.env.DATABASE_URL === '' ? undefined : process.env.DATABASE_URL;
const DB_CHOICE = argv[1] ?? process.env.BENCH_DB ?? (SERVER_URL === undefined ? 'embedded' : 'both');
const PRELOAD = process.env.BENCH_PRELOAD_CANDLES === '1';
const KEEP_DIR = process.env.BENCH_DATA_DIR === '' ? undefined : process.env.BENCH_DATA_DIR;
const READS = 1_000;
const AS_OF = new Date(HEAVY_WALLET_DEFAULTS.asOf);
const NEXT_DAY = new Date(AS_OF.getTime() + 86_400_000);
const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
const say = (line: string): void => void process.stderr.write(`${line}\n`);

if (!Number.isSafeInteger(EVENTS) || EVENTS < 2) throw new Error(`events must be an integer ≥ 2: ${EVENTS}`);
if (!['embedded', 'postgres', 'both'].includes(DB_CHOICE)) throw new Error(`database: ${DB_CHOICE}?`);
if (DB_CHOICE !== 'embedded' && SERVER_URL === undefined) throw new Error('postgres needs DATABASE_URL');

async function measured<T>(fn: () => Promise<T>) {
  let rss = 0;
  let heap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  };
  sample();
  const timer = setInterval(sample, 100);
  const t0 = performance.now();
  try {
    const value = await fn();
    sample();
    return { value, seconds: (performance.now() - t0) / 1000, rssMb: rss / 2 ** 20, heapMb: heap / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

function counting(transport: RpcTransport, counts: Map<string, number>): RpcTransport {
  return (call) => {
    counts.set(call.method, (counts.get(call.method) ?? 0) + 1);
    return transport(call);
  };
}

interface RunResult {
  readonly status: string;
  /** `full` or `incremental` (resumed from the wallet's checkpoint), with the reason of a full one. */
  readonly recompute: string;
  readonly runs: number;
  readonly stages: Record<string, number>;
  readonly rpc: Record<string, number>;
  readonly counts: unknown;
  readonly moments: number;
}

/** One `oof analyze <wallet> --plan PRO --as-of AS_OF --follow`, with stage times and RPC calls counted. */
async function analyzeOnce(
  core: CoreServices,
  url: string,
  wallet: string,
  linked: string,
  asOf: Date,
): Promise<RunResult> {
  const clock = () => asOf;
  const client = createRpcClient({ endpoints: [{ url }], slotProbeIntervalMs: 0 }, { logger });
  const rpcCounts = new Map<string, number>();
  const rpc = new SolanaRpc(counting(client.transport, rpcCounts));
  const market = {
    ...core.config.market,
    geckoterminalUrl: url,
    jupiterUrl: url,
    dexscreenerUrl: url,
    birdeyeUrl: url,
  };
  const fill = createPriceFill(core, market, logger);
  const deps = createAnalysisDeps(core, { rpc, prices: fill, clock });
  const stages: Record<string, number> = {};
  let stage = '';
  let stageAt = performance.now();
  const ui: { bar: Progress | null } = { bar: null };
  const enter = (next: string) => {
    const now = performance.now();
    if (stage !== '') stages[stage] = (stages[stage] ?? 0) + (now - stageAt) / 1000;
    if (next !== stage) {
      ui.bar?.finish();
      ui.bar = next === 'backfill' ? createProgress('bench: backfill (signatures)', EVENTS) : null;
      if (next !== 'backfill' && next !== '') say(`  stage ${next}…`);
    }
    stage = next;
    stageAt = now;
  };
  try {
    const started = await startAnalysis(core.database, {
      wallet,
      planCode: 'PRO',
      subject: 'bench',
      linkedWallets: [linked],
      now: clock(),
    });
    let runs = 0;
    for (;;) {
      const job = await claimNextAnalysisRun(deps, started.analysis.id, 'bench');
      if (job === null) throw new Error(`analysis ${started.analysis.id} has no run waiting`);
      const outcome = await runAnalyzeJob(deps, job, 'bench', {
        onEvent: (e) => {
          const d = e.data as Record<string, unknown> | null;
          if (e.kind === 'progress' && d !== null && typeof d.stage === 'string') {
            if (d.stage !== stage) enter(d.stage);
            if (d.stage === 'backfill' && typeof d.signatures === 'number')
              ui.bar?.update(d.signatures, `${typeof d.fetched === 'number' ? d.fetched : 0} fetched`);
          } else if (e.kind === 'done') {
            enter('');
          }
        },
      });
      runs += 1;
      if (!outcome.continuation) {
        const r = outcome.document.recompute;
        return {
          status: outcome.document.status,
          recompute:
            r.mode === 'full' ? `full (${r.reason ?? ''})` : `incremental from ${r.settledBefore ?? '?'}`,
          runs,
          stages,
          rpc: Object.fromEntries(rpcCounts),
          counts: outcome.analysis.counts,
          moments: outcome.analysis.moments.length,
        };
      }
      say(`  run ${runs} was cut by a ceiling; continuing`);
    }
  } finally {
    ui.bar?.finish();
    client.close();
  }
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function latencies(fn: () => Promise<unknown>) {
  for (let i = 0; i < 20; i += 1) await fn(); // warm-up: plans and caches
  const ms: number[] = [];
  for (let i = 0; i < READS; i += 1) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p95: percentile(ms, 95), p99: percentile(ms, 99) };
}

/** Raises the PRO plan's per-run ceilings that would cut a run of `EVENTS` signatures; says what it did. */
async function raiseCeilings(core: CoreServices): Promise<string> {
  const db = core.database.db;
  const [before] = await queryRows<Record<string, number>>(
    db,
    sql`SELECT max_signatures, max_tx_fetches, max_cpu_ms, max_candle_reads FROM plans WHERE code = 'PRO'`,
  );
  const need = EVENTS + 1_000;
  await db.execute(sql`UPDATE plans SET max_signatures = GREATEST(max_signatures, ${need}),
    max_tx_fetches = GREATEST(max_tx_fetches, ${need}), max_cpu_ms = GREATEST(max_cpu_ms, 3600000)
    WHERE code = 'PRO'`);
  const [after] = await queryRows<Record<string, number>>(
    db,
    sql`SELECT max_signatures, max_tx_fetches, max_cpu_ms, max_candle_reads FROM plans WHERE code = 'PRO'`,
  );
  const changed = Object.keys(after ?? {})
    .filter((k) => Number(before?.[k]) !== Number(after?.[k]))
    .map((k) => `${k} ${before?.[k]} → ${after?.[k]}`);
  return changed.length === 0 ? 'PRO ceilings unchanged' : `PRO ceilings raised: ${changed.join(', ')}`;
}

async function preloadCandles(core: CoreServices, archive: ArchiveReader): Promise<number> {
  let total = 0;
  for (const mint of archive.priceMints()) {
    const batch: Candle[] = [];
    for await (const l of archive.prices(mint)) {
      batch.push({
        mint: l.mint,
        resolution: l.resolution,
        bucketStart: new Date(l.bucketStart * 1000),
        open: l.open,
        high: l.high,
        low: l.low,
        close: l.close,
        volumeUsd: l.volumeUsd,
        source: l.source,
      });
    }
    await saveCandles(core.database.db, batch);
    total += batch.length;
  }
  return total;
}

interface DbFigures {
  readonly label: string;
  readonly note: string;
  readonly baselineRssMb: number;
  readonly cold: Awaited<ReturnType<typeof measured<RunResult>>>;
  readonly warmFull: Awaited<ReturnType<typeof measured<RunResult>>>;
  readonly warm: Awaited<ReturnType<typeof measured<RunResult>>>;
  readonly candles: number;
  readonly preloaded: number;
  readonly extremes: Awaited<ReturnType<typeof latencies>>;
  readonly moments: Awaited<ReturnType<typeof latencies>>;
  readonly momentRows: number;
}

async function benchDatabase(
  label: string,
  env: Record<string, string | undefined>,
  server: ReplayServer,
  archive: ArchiveReader,
  wallet: string,
  linked: string,
): Promise<DbFigures> {
  say(`== ${label}`);
  const config = loadConfig({ ...process.env, ...env } as NodeJS.ProcessEnv);
  const core = await openCoreServices(config, logger);
  try {
    const note = await raiseCeilings(core);
    say(`  ${note}`);
    const preloaded = PRELOAD ? await preloadCandles(core, archive) : 0;
    if (PRELOAD) say(`  preloaded ${preloaded} archive candles into token_prices`);
    const baselineRssMb = process.memoryUsage().rss / 2 ** 20;
    say('  cold analysis…');
    const cold = await measured(() => analyzeOnce(core, server.url, wallet, linked, AS_OF));
    say(`  cold: ${cold.seconds.toFixed(1)} s, ${cold.value.status}, ${cold.value.recompute}`);
    // A full recompute from the stored actions: the same analysis without its checkpoint (nothing is fetched).
    say('  warm analysis, full recompute (checkpoint removed)…');
    await core.database.db.execute(sql`DELETE FROM analysis_checkpoints WHERE wallet = ${wallet}`);
    const warmFull = await measured(() => analyzeOnce(core, server.url, wallet, linked, AS_OF));
    say(`  warm full: ${warmFull.seconds.toFixed(2)} s, ${warmFull.value.recompute}`);
    // The next day (the plan window slid by a day), resumed from the checkpoint the previous run left.
    say('  warm analysis, the next day (incremental)…');
    const warm = await measured(() => analyzeOnce(core, server.url, wallet, linked, NEXT_DAY));
    say(`  warm: ${warm.seconds.toFixed(2)} s, ${warm.value.recompute}`);
    const db = core.database.db;
    const [c] = await queryRows<{ n: number | string }>(db, sql`SELECT count(*) AS n FROM token_prices`);
    const [m] = await queryRows<{ n: number | string }>(
      db,
      sql`SELECT count(*) AS n FROM oof_moments WHERE wallet = ${wallet}`,
    );
    if ((await readCachedExtremes(db, wallet, AS_OF)) === null) throw new Error('no cached extremes');
    say(`  ${READS} reads of the cached extremes and of the first page of moments…`);
    const extremes = await latencies(() => readCachedExtremes(db, wallet, AS_OF));
    const moments = await latencies(() =>
      queryRows(
        db,
        sql`SELECT id, kind, mint, source_event, detector_version, t_event, usd, pct, severity, status, sig_ref,
              slot_ref, price_source, confidence, explain, preview_png_url
            FROM oof_moments WHERE wallet = ${wallet} ORDER BY t_event DESC, id DESC LIMIT 50`,
      ),
    );
    return {
      label,
      note,
      baselineRssMb,
      cold,
      warmFull,
      warm,
      candles: Number(c?.n ?? 0),
      preloaded,
      extremes,
      moments,
      momentRows: Number(m?.n ?? 0),
    };
  } finally {
    await core.close();
  }
}

function table(f: readonly DbFigures[], wallet: string, archiveDir: string): string {
  const mb = (x: number) => x.toFixed(0);
  const ms = (x: number) => x.toFixed(2);
  const stages = (r: RunResult) =>
    Object.entries(r.stages)
      .map(([k, v]) => `${k} ${v.toFixed(1)}`)
      .join(', ');
  const rpc = (r: RunResult) =>
    Object.entries(r.rpc)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ') || 'none';
  const lines = [
    `analyze bench: heavy wallet, ${EVENTS} signatures over 2 years (seed ${SEED}), PRO plan as of ${AS_OF.toISOString()}`,
    `machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}; replay server in-process`,
    `wallet ${wallet}; archive ${archiveDir.replace(tmpdir(), '$TMPDIR')}`,
    '',
    '| database | run | wall s | signatures/s | peak RSS MB | peak heap MB | stages (s) | RPC calls | status | recompute |',
    '|---|---|---:|---:|---:|---:|---|---|---|---|',
  ];
  for (const d of f) {
    for (const [name, r] of [
      ['cold', d.cold],
      ['warm, full', d.warmFull],
      ['warm, incremental', d.warm],
    ] as const) {
      lines.push(
        `| ${d.label} | ${name} | ${r.seconds.toFixed(2)} | ${Math.round(EVENTS / r.seconds)} | ${mb(r.rssMb)} | ${mb(r.heapMb)} | ${stages(r.value)} | ${rpc(r.value)} | ${r.value.status}, ${r.value.runs} run(s) | ${r.value.recompute} |`,
      );
    }
  }
  lines.push('', `| database | read (${READS}×) | p50 ms | p95 ms | p99 ms |`, '|---|---|---:|---:|---:|');
  for (const d of f) {
    lines.push(
      `| ${d.label} | cached extremes | ${ms(d.extremes.p50)} | ${ms(d.extremes.p95)} | ${ms(d.extremes.p99)} |`,
    );
    lines.push(
      `| ${d.label} | moments page 1 (50) | ${ms(d.moments.p50)} | ${ms(d.moments.p95)} | ${ms(d.moments.p99)} |`,
    );
  }
  lines.push('');
  for (const d of f) {
    lines.push(
      `- ${d.label}: ${d.note}; RSS before the cold run ${mb(d.baselineRssMb)} MB (replay server and archive index included); ` +
        `${d.momentRows} moments stored, counts ${JSON.stringify(d.cold.value.counts)}; ` +
        `${d.candles} candles in token_prices after the runs${PRELOAD ? ` (${d.preloaded} preloaded from the archive: BENCH_PRELOAD_CANDLES=1)` : ''}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const dir = heavyWalletArchive(EVENTS, SEED);
  const { wallet, linked } = heavyWalletAddresses(dir);
  const archive = await ArchiveReader.open(dir);
  const server = await startReplayServer({ archive, port: 0, speed: 0 });
  const results: DbFigures[] = [];
  const work = mkdtempSync(join(tmpdir(), 'oof-analyze-bench-'));
  try {
    if (DB_CHOICE !== 'postgres') {
      results.push(
        await benchDatabase(
          'embedded (PGlite on disk)',
          { DATABASE_URL: undefined, OOF_DATA_DIR: KEEP_DIR ?? join(work, 'data') },
          server,
          archive,
          wallet,
          linked,
        ),
      );
    }
    if (DB_CHOICE !== 'embedded') {
      results.push(
        await withPostgresDatabase(SERVER_URL ?? '', 'oof_bench', (url) =>
          benchDatabase(
            'postgres (fresh database)',
            { DATABASE_URL: url, OOF_DATA_DIR: join(work, 'data-pg') },
            server,
            archive,
            wallet,
            linked,
          ),
        ),
      );
    }
  } finally {
    await server.close();
    await archive.close();
    rmSync(work, { recursive: true, force: true });
  }
  process.stdout.write(table(results, wallet, dir));
}

await main();
