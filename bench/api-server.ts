/**
 * The API bench's data and server (bench/api.bench.ts).
 *
 * Imported: `heavyWalletArchive` (the heavy-wallet archive, written once by `oof simulate --scenario heavy-wallet`
 * in a child process and cached in the temp folder by seed and size) and `analyseHeavyWallet` (one `oof analyze
 * <wallet> --plan PRO --as-of <asOf>` into the configured database, wired as bench/analyze.bench.ts wires it:
 * startAnalysis → claimNextAnalysisRun → runAnalyzeJob with createAnalysisDeps and createPriceFill pointed at the
 * replay server).
 *
 * Run as a script (`node --import tsx bench/api-server.ts`): serves `buildApp` on 127.0.0.1:0 from the database
 * of the environment (OOF_DATA_DIR's PGlite, or DATABASE_URL), prints the port on stdout (one line), and closes
 * cleanly on SIGTERM/SIGINT. The per-IP rate limit is raised to BENCH_RATE_LIMIT_IP_MAX (default 10^9 per
 * minute) so the load measures the API, not the limiter. Logs at LOG_LEVEL (default warn: no per-request lines).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/api/app.ts';
import { startAnalysis } from '../src/analyze/start-analysis.ts';
import { createRpcClient } from '../src/chain/rpc/create-rpc-client.ts';
import { SolanaRpc } from '../src/chain/rpc/solana-rpc.ts';
import { loadConfig, type Config } from '../src/core/config/config.ts';
import { createLogger } from '../src/core/log/logger.ts';
import { claimNextAnalysisRun, runAnalyzeJob } from '../src/jobs/analyze.worker.ts';
import { createAnalysisDeps } from '../src/main/analysis-services.ts';
import { openCoreServices } from '../src/main/core-services.ts';
import { createPriceFill } from '../src/main/price-history.ts';
import { queryRows } from '../src/store/query-rows.ts';

const say = (line: string): void => void process.stderr.write(`${line}\n`);

/** Default per-IP limit of the bench server: 10^9 requests per window, i.e. never reached. */
export { heavyWalletArchive } from './bench-support.ts';

export const BENCH_RATE_LIMIT_IP_MAX = 1_000_000_000;

export interface AnalysisOutcome {
  readonly status: string;
  readonly runs: number;
  readonly seconds: number;
  readonly moments: number;
  readonly ceilings: string;
}

/**
 * Analyses `wallet` with the PRO plan as of `asOf` into the database of `config` (migrated on open), with the
 * chain and the price vendors served by the replay server at `replayUrl`. PRO's per-run ceilings are raised to
 * `events + 1000` signatures so one run covers the whole history (continuations are followed anyway).
 */
export async function analyseHeavyWallet(
  config: Config,
  replayUrl: string,
  wallet: string,
  linked: string,
  events: number,
  asOf: Date,
): Promise<AnalysisOutcome> {
  const logger = createLogger(config.logLevel);
  const core = await openCoreServices(config, logger);
  const client = createRpcClient({ endpoints: [{ url: replayUrl }], slotProbeIntervalMs: 0 }, { logger });
  try {
    const db = core.database.db;
    const need = events + 1_000;
    const [before] = await queryRows<{ s: number; f: number }>(
      db,
      sql`SELECT max_signatures AS s, max_tx_fetches AS f FROM plans WHERE code = 'PRO'`,
    );
    await db.execute(sql`UPDATE plans SET max_signatures = GREATEST(max_signatures, ${need}),
      max_tx_fetches = GREATEST(max_tx_fetches, ${need}), max_cpu_ms = GREATEST(max_cpu_ms, 3600000)
      WHERE code = 'PRO'`);
    const ceilings =
      Number(before?.s) >= need && Number(before?.f) >= need
        ? 'PRO ceilings unchanged'
        : `PRO signature/fetch ceilings raised to ${need}`;
    const clock = () => asOf;
    const market = {
      ...config.market,
      geckoterminalUrl: replayUrl,
      jupiterUrl: replayUrl,
      dexscreenerUrl: replayUrl,
      birdeyeUrl: replayUrl,
    };
    const deps = createAnalysisDeps(core, {
      rpc: new SolanaRpc(client.transport),
      prices: createPriceFill(core, market, logger),
      clock,
    });
    const t0 = performance.now();
    const started = await startAnalysis(core.database, {
      wallet,
      planCode: 'PRO',
      subject: 'bench',
      linkedWallets: [linked],
      now: clock(),
    });
    for (let runs = 1; ; runs += 1) {
      const job = await claimNextAnalysisRun(deps, started.analysis.id, 'bench');
      if (job === null) throw new Error(`analysis ${started.analysis.id} has no run waiting`);
      const outcome = await runAnalyzeJob(deps, job, 'bench');
      if (!outcome.continuation) {
        const [m] = await queryRows<{ n: number | string }>(
          db,
          sql`SELECT count(*) AS n FROM oof_moments WHERE wallet = ${wallet}`,
        );
        return {
          status: outcome.document.status,
          runs,
          seconds: (performance.now() - t0) / 1000,
          moments: Number(m?.n ?? 0),
          ceilings,
        };
      }
      say(`  analysis run ${runs} was cut by a ceiling; continuing`);
    }
  } finally {
    client.close();
    await core.close();
  }
}

/** The child process: the API on the environment's database, port on stdout. */
async function serve(): Promise<void> {
  const loaded = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  const perIpMax = Number(process.env.BENCH_RATE_LIMIT_IP_MAX ?? BENCH_RATE_LIMIT_IP_MAX);
  const config: Config = {
    ...loaded,
    access: { ...loaded.access, rateLimit: { ...loaded.access.rateLimit, perIpMax } },
  };
  const logger = createLogger(config.logLevel);
  const services = await openCoreServices(config, logger);
  const app = await buildApp(services, logger);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error(`unexpected address ${address}`);
  process.stdout.write(`${address.port}\n`);
  const stop = (): void => {
    void app
      .close()
      .then(() => services.close())
      .then(() => process.exit(0))
      .catch((e: unknown) => {
        process.stderr.write(`api-server: shutdown failed: ${String(e)}\n`);
        process.exit(1);
      });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await serve();
}
