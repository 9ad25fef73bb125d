/**
 * Launch radar figures on a simulated day of launches (SPEC §8): the executor's write path (transactions →
 * launches, trades, snapshots, features, flags, event log), the features aggregation alone (trades/s, pure), and
 * `oof replay` of the whole day from the store (× real time), on the embedded database (PGlite on disk) and, when
 * DATABASE_URL is set, on Postgres — both fed from the same simulation pass.
 *
 *   npm run bench:launches                  # 15,000 launches, 20 transactions each (300,000 transactions)
 *   npm run bench:launches -- 2000          # any number of launches
 *   DATABASE_URL=postgres://… npm run bench:launches
 *
 * Figures go to stdout, progress to stderr.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../src/core/log/logger.ts';
import { parseRpcTransaction } from '../src/decoder/decode-transaction.ts';
import { normalizeTransaction } from '../src/decoder/transaction/normalized-transaction.ts';
import { TOKEN_TOTAL_SUPPLY } from '../src/launch/curve/bonding-curve-math.ts';
import { emptyOutput, LaunchRadarEngine } from '../src/launch/engine/launch-radar-engine.ts';
import { LaunchProcessor } from '../src/launch/executor/launch-processor.ts';
import { FeatureAggregator } from '../src/launch/features/feature-aggregator.ts';
import { replayLaunchPeriod } from '../src/launch/replay/replay-period.ts';
import { simulateMarket } from '../src/simulator/market/market-simulator.ts';
import { launchDayOptions } from '../src/simulator/scenario/launch-day.ts';
import type { Database } from '../src/store/database.ts';
import {
  launchesBetween,
  tradesBetween,
  type LaunchTradeRow,
} from '../src/store/launch/launch-facts.repository.ts';
import { openDatabase } from '../src/store/open-database.ts';
import { withPostgresDatabase } from './bench-support.ts';

const LAUNCHES = Number(process.argv[2] ?? 15_000);
const BATCH = 500;
const logger = createLogger('silent');

interface Target {
  readonly label: string;
  readonly database: Database;
  readonly processor: LaunchProcessor;
  writeMs: number;
}

async function openTarget(label: string, database: Database): Promise<Target> {
  return { label, database, processor: await LaunchProcessor.open(database), writeMs: 0 };
}

/** One simulation pass; each batch goes through every target's executor write path, timed apart. */
async function ingestDay(targets: Target[]): Promise<{ transactions: number; simulateMs: number }> {
  const options = launchDayOptions({ launches: LAUNCHES });
  let batch: ReturnType<typeof normalizeTransaction>[] = [];
  let transactions = 0;
  let simulateMs = 0;
  let mark = performance.now();
  const flushBatch = async (): Promise<void> => {
    simulateMs += performance.now() - mark;
    for (const t of targets) {
      const started = performance.now();
      await t.processor.process(batch);
      t.writeMs += performance.now() - started;
    }
    transactions += batch.length;
    batch = [];
    if (transactions % (BATCH * 40) === 0 || transactions === options.transactions) {
      process.stderr.write(
        `  simulated and stored ${transactions}/${options.transactions} transactions · ` +
          targets.map((t) => `${t.label} ${Math.round(transactions / (t.writeMs / 1000))} tx/s`).join(' · ') +
          '\n',
      );
    }
    mark = performance.now();
  };
  for (const tx of simulateMarket(options)) {
    if (tx.failed) continue; // the executor skips failed transactions before fetching them
    batch.push(normalizeTransaction(parseRpcTransaction(tx.result)));
    if (batch.length >= BATCH) await flushBatch();
  }
  if (batch.length > 0) await flushBatch();
  for (const t of targets) {
    const started = performance.now();
    await t.processor.flush();
    t.writeMs += performance.now() - started;
  }
  return { transactions, simulateMs };
}

async function loadTrades(database: Database): Promise<LaunchTradeRow[]> {
  const trades: LaunchTradeRow[] = [];
  for await (const page of tradesBetween(database.db, 0n, 1n << 62n, 20_000)) trades.push(...page);
  return trades;
}

/** The pure kernels on trades in memory: the features aggregator alone, then the whole engine. */
async function aggregation(
  database: Database,
): Promise<{ trades: number; featuresRate: number; engineRate: number }> {
  const trades = await loadTrades(database);
  const launches = await launchesBetween(database.db, 0n, 1n << 62n);
  let started = performance.now();
  const agg = new FeatureAggregator();
  for (const t of trades) agg.add({ ...t });
  agg.flush();
  const featuresRate = trades.length / ((performance.now() - started) / 1000);
  started = performance.now();
  const engine = new LaunchRadarEngine();
  const out = emptyOutput();
  let li = 0;
  for (const t of trades) {
    while (li < launches.length && (launches[li]?.createdSlot ?? 0n) <= t.slot) {
      const l = launches[li++];
      if (l !== undefined) {
        engine.launch(
          { ...l, tokenTotalSupply: TOKEN_TOTAL_SUPPLY },
          { signature: l.createdSignature, slot: l.createdSlot, tEventMs: l.createdAtMs },
          out,
        );
      }
    }
    engine.trade({ ...t, pool: null }, { signature: t.signature, slot: t.slot, tEventMs: t.tEventMs }, out);
    if (out.events.length > 100_000) out.events.length = 0; // keep memory flat; the work is done
  }
  engine.flush(out);
  const engineRate = trades.length / ((performance.now() - started) / 1000);
  return { trades: trades.length, featuresRate, engineRate };
}

async function figures(t: Target, transactions: number): Promise<void> {
  const agg = await aggregation(t.database);
  const span = await launchesBetween(t.database.db, 0n, 1n << 62n);
  const fromMs = span[0]?.createdAtMs ?? 0n;
  const toMs = fromMs + 86_400_000n;
  const replay = await replayLaunchPeriod(t.database, { fromMs, toMs });
  const speed = Number(toMs - fromMs) / replay.wallMs;
  console.log(
    `${t.label.padEnd(26)} executor write path: ${transactions} tx, ${agg.trades} trades in ` +
      `${(t.writeMs / 1000).toFixed(1)} s → ${Math.round(transactions / (t.writeMs / 1000))} tx/s, ` +
      `${Math.round(agg.trades / (t.writeMs / 1000))} trades/s`,
  );
  console.log(
    `${''.padEnd(26)} features aggregation (pure): ${Math.round(agg.featuresRate)} trades/s; whole engine ` +
      `(features + flags + snapshots + events): ${Math.round(agg.engineRate)} trades/s`,
  );
  console.log(
    `${''.padEnd(26)} oof replay of the day: ${replay.trades} trades, ${replay.buckets} minutes, ${replay.flags} ` +
      `flags in ${(replay.wallMs / 1000).toFixed(1)} s → ${Math.round(speed)}× real time ` +
      `(${Math.round(replay.trades / (replay.wallMs / 1000))} trades/s)`,
  );
}

async function main(): Promise<void> {
  const options = launchDayOptions({ launches: LAUNCHES });
  console.log(
    `launches bench: a simulated day of ${LAUNCHES} launches (${options.transactions} transactions, ` +
      `${options.wallets} wallets), batch ${BATCH}; node ${process.version}`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'oof-launches-bench-'));
  try {
    process.stderr.write('creating an embedded database (a few seconds)…\n');
    const embedded = await openDatabase({ dataDir: dir }, logger);
    const targets = [await openTarget('embedded (PGlite on disk)', embedded)];
    const url = process.env.DATABASE_URL;
    const run = async (): Promise<void> => {
      const { transactions, simulateMs } = await ingestDay(targets);
      console.log(
        `${'simulation'.padEnd(26)} ${transactions} successful transactions generated in ${(simulateMs / 1000).toFixed(1)} s`,
      );
      for (const t of targets) await figures(t, transactions);
    };
    if (url !== undefined && url !== '') {
      await withPostgresDatabase(url, 'oof_launches_bench', async (pgUrl) => {
        const server = await openDatabase({ dataDir: dir, databaseUrl: pgUrl }, logger);
        targets.push(await openTarget('postgres', server));
        try {
          await run();
        } finally {
          await server.close();
        }
      });
    } else {
      await run();
      console.log('postgres                   skipped (set DATABASE_URL to measure it)');
    }
    await embedded.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
