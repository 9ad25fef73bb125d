import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { cardService } from '../../cards/card-service.ts';
import type { AnalysisDocument } from '../../analyze/analysis-report.ts';
import type { PriceHistoryPort } from '../../analyze/analysis-deps.ts';
import { startAnalysis } from '../../analyze/start-analysis.ts';
import { createRpcClient } from '../../chain/rpc/create-rpc-client.ts';
import { loadConfig, type Config } from '../../core/config/config.ts';
import { OofError } from '../../core/errors/oof-error.ts';
import { createLogger } from '../../core/log/logger.ts';
import { claimNextAnalysisRun, runAnalyzeJob } from '../../jobs/analyze.worker.ts';
import { createAnalysisDeps } from '../../main/analysis-services.ts';
import { openChainServices, type ChainServices } from '../../main/chain-services.ts';
import { openCoreServices, type CoreServices } from '../../main/core-services.ts';
import { createPriceFill } from '../../main/price-history.ts';
import { createProgress, type Progress } from '../progress.ts';
import { renderAnalysisTable } from './analysis-table.ts';

interface AnalyzeCliOptions {
  rpc?: string;
  prices?: string;
  plan: string;
  linked?: string;
  asOf?: string;
  json?: boolean;
  follow?: boolean;
  cards?: string;
}

/**
 * `oof analyze <wallet>` — the whole OOF pipeline for one wallet: backfill what is missing within the plan's
 * window and ceilings (RPC: --rpc, else SOLANA_RPC_URL, else the embedded simulated market), prices, ledger,
 * detectors, extremes; prints a ranked table (or the JSON document with --json). A run cut by a plan ceiling
 * prints its partial result; running the same command again continues it without charging the quota again.
 */
export function registerAnalyzeCommand(program: Command): void {
  program
    .command('analyze')
    .description('analyze a wallet: backfill, FIFO ledger, realized PnL and ranked OOF moments')
    .argument('<wallet>', 'Solana wallet address (base58)')
    .option(
      '--rpc <url>',
      'Solana JSON-RPC endpoint (default: SOLANA_RPC_URL, else the embedded simulated market)',
    )
    .option(
      '--prices <url>',
      'one base URL serving the price vendor endpoints (e.g. an `oof replay-rpc` server)',
    )
    .option('--plan <code>', 'plan: FREE (180 days), LITE (365), PRO (730)', 'PRO')
    .option(
      '--linked <addresses>',
      "the user's other wallets, comma-separated (transfers with them move basis)",
    )
    .option('--as-of <time>', 'analyse as of this ISO time instead of now (reproducible runs)')
    .option('--follow', 'keep running continuations until the analysis is complete')
    .option('--json', 'print one JSON document instead of the table')
    .option('--cards <dir>', 'also write the PNG card of each of the top 10 moments into this folder')
    .action(async (wallet: string, opts: AnalyzeCliOptions) => {
      const base = loadConfig();
      const config: Config =
        opts.prices === undefined
          ? base
          : {
              ...base,
              market: {
                ...base.market,
                geckoterminalUrl: opts.prices,
                jupiterUrl: opts.prices,
                dexscreenerUrl: opts.prices,
                birdeyeUrl: opts.prices,
              },
            };
      const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
      const asOf = opts.asOf === undefined ? null : parseTime(opts.asOf);
      const clock = asOf === null ? () => new Date() : () => asOf;
      const core = await openCoreServices(config, logger);
      let chain: ChainServices | null = null;
      try {
        let rpcUrls: string[];
        let pricesUrl: string | undefined = opts.prices;
        if (opts.rpc !== undefined) {
          rpcUrls = [opts.rpc];
        } else {
          chain = await openChainServices(config, logger);
          rpcUrls = [...chain.rpcUrls];
          if (chain.simulated !== null) pricesUrl ??= chain.simulated.server.url;
        }
        const client = createRpcClient(
          { endpoints: rpcUrls.map((url) => ({ url })), slotProbeIntervalMs: 0 },
          { logger },
        );
        const marketConfig =
          pricesUrl === undefined ? config.market : { ...config.market, ...allVendors(pricesUrl) };
        const fill: PriceHistoryPort['fill'] = createPriceFill(core, marketConfig, logger);
        const deps = createAnalysisDeps(core, { rpc: client.rpc, prices: fill, clock });
        try {
          const started = await startAnalysis(core.database, {
            wallet,
            planCode: opts.plan,
            subject: 'cli',
            linkedWallets: splitList(opts.linked),
            now: clock(),
          });
          const a = started.analysis;
          if (started.resumed) {
            process.stderr.write(
              `oof: continuing analysis ${a.id} of ${a.wallet} (${a.status}, ${a.runs} run(s) so far; no quota charged)\n`,
            );
          }
          let document: AnalysisDocument | null = null;
          for (;;) {
            const job = await claimNextAnalysisRun(deps, a.id, 'cli');
            if (job === null) {
              throw new OofError(
                'ANALYSIS_FAILED',
                `analysis ${a.id} has no run waiting: another worker is running it (oof start / oof worker) — ` +
                  'follow it over the API, or wait and run this command again',
                { analysisId: a.id },
              );
            }
            const bars = stageBars(started.plan.maxSignatures);
            const outcome = await runAnalyzeJob(deps, job, 'cli', {
              onEvent: (e) => bars.onEvent(e.kind, e.data),
            });
            bars.finish();
            document = outcome.document;
            if (!outcome.continuation || opts.follow !== true) break;
          }
          if (opts.cards !== undefined) {
            const written = await writeMomentCards(core, document, opts.cards);
            process.stderr.write(`oof: ${written.length} card(s) written to ${opts.cards}\n`);
          }
          if (opts.json === true) process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
          else process.stdout.write(renderAnalysisTable(document));
          if (document.status === 'partial') {
            process.stderr.write(
              `oof: partial result — the ${started.plan.code} plan's per-run ceilings were reached; ` +
                'run the same command again (or pass --follow) to continue; no quota is charged again\n',
            );
          }
        } finally {
          client.close();
        }
      } finally {
        await chain?.close();
        await core.close();
      }
    });
}

/** The cards of the top moments (by USD) as `NN-kind-SYMBOL….png` files, rendered once and kept in the store. */
async function writeMomentCards(
  core: CoreServices,
  document: AnalysisDocument,
  dir: string,
): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const cards = cardService({ db: core.database.db, objects: core.objects });
  const files: string[] = [];
  for (const [i, m] of document.moments.slice(0, 10).entries()) {
    const card = await cards.getOrRenderMomentCard(m.id);
    const file = join(dir, `${String(i + 1).padStart(2, '0')}-${m.kind}-${m.mint.slice(0, 6)}.png`);
    writeFileSync(file, card.png);
    files.push(file);
  }
  return files;
}

function allVendors(url: string) {
  return { geckoterminalUrl: url, jupiterUrl: url, dexscreenerUrl: url, birdeyeUrl: url };
}

function splitList(v: string | undefined): string[] {
  return v === undefined
    ? []
    : v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
}

function parseTime(v: string): Date {
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) {
    throw new OofError(
      'CONFIG_INVALID',
      `--as-of "${v}" is not a time: use ISO 8601, e.g. 2025-11-01T00:00:00Z`,
    );
  }
  return d;
}

/** One progress line per stage on stderr, fed by the analysis events. */
function stageBars(maxSignatures: number) {
  const bars = new Map<string, Progress>();
  const bar = (stage: string, label: string, total: number): Progress => {
    let b = bars.get(stage);
    if (b === undefined) {
      for (const [k, other] of bars) if (k !== stage) other.finish();
      bars.clear();
      b = createProgress(label, total);
      bars.set(stage, b);
    }
    return b;
  };
  return {
    onEvent(kind: string, data: unknown) {
      if (kind !== 'progress' || typeof data !== 'object' || data === null) return;
      const d = data as Record<string, unknown>;
      const n = (k: string) => (typeof d[k] === 'number' ? d[k] : 0);
      if (d.stage === 'backfill') {
        bar('backfill', 'oof analyze: signatures', maxSignatures).update(
          n('signatures'),
          `${n('fetched')} fetched, ${n('alreadyStored')} already stored`,
        );
      } else if (d.stage === 'prices') {
        bar('prices', 'oof analyze: price history (mints)', n('mints')).update(n('done'));
      }
    },
    finish() {
      for (const b of bars.values()) b.finish();
      bars.clear();
    },
  };
}
