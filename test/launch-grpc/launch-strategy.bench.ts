/**
 * `npx tsx test/launch-grpc/launch-strategy.bench.ts [launches] [--launch-day N [--per-launch T]]`: speed of the strategy side of
 * the launch radar on hand-made launches (the scenario builder: real curve math, real feature buckets) — the
 * strategy kernel alone, the backtest (kernel + fills + ledger), and the gRPC stream from a stored log to a client
 * (embedded database by default, Postgres with DATABASE_URL). With `--launch-day N`, also a simulated launch day
 * of N launches of T transactions each (`oof simulate` market, default 20) through the executor's processor into the log, then backtested from it.
 * Prints one JSON line per measurement.
 */
import { createLogger } from '../../src/core/log/logger.ts';
import { parseRpcTransaction } from '../../src/decoder/decode-transaction.ts';
import { normalizeTransaction } from '../../src/decoder/transaction/normalized-transaction.ts';
import { launchDayOptions } from '../../src/simulator/scenario/launch-day.ts';
import { simulateCorpus } from '../../src/simulator/testing/simulated-corpus.ts';
import { LaunchProcessor } from '../../src/launch/executor/launch-processor.ts';
import {
  appendLaunchEvents,
  readLaunchEventsAfter,
} from '../../src/store/launch/launch-events.repository.ts';
import { openTestDatabase } from '../../src/store/testing/test-database.ts';
import { createLaunchRadarClient } from '../../src/launch/grpc/launch-radar.client.ts';
import { startLaunchRadarServer } from '../../src/launch/grpc/launch-radar.server.ts';
import { createStrategy } from '../../src/launch/strategy/strategy-registry.ts';
import { ScenarioLog } from '../../src/launch/strategy/testing/launch-scenario.ts';
import { pumpAndDump, T0 } from '../../src/launch/strategy/testing/pump-and-dump.ts';
import { createBacktest } from '../../src/launch/backtest/backtest-engine.ts';
import { DOCUMENTED_FEES, feeSchedule } from '../../src/launch/backtest/fee-schedule.ts';

const launches = Number(process.argv[2] ?? 2000);
const dayFlag = process.argv.indexOf('--launch-day');
const dayLaunches = dayFlag < 0 ? 0 : Number(process.argv[dayFlag + 1] ?? 200);
const perFlag = process.argv.indexOf('--per-launch');
const perLaunch = perFlag < 0 ? 20 : Number(process.argv[perFlag + 1] ?? 20);
const log = new ScenarioLog();
// A launch every 20 s of chain time: about 15 launches trading at once.
for (let i = 0; i < launches; i++) pumpAndDump(log, `bench-${i}`, T0 + BigInt(i) * 20_000n);
const events = log.stored();
const spanMs = Number((events.at(-1)?.tEventMs ?? T0) - T0);
const report = (name: string, ms: number, extra: Record<string, unknown> = {}): void => {
  process.stdout.write(
    `${JSON.stringify({ name, events: events.length, ms: Math.round(ms), eventsPerSec: Math.round(events.length / (ms / 1000)), xRealTime: Math.round(spanMs / ms), ...extra })}\n`,
  );
};

{
  const strategy = createStrategy('flow-v1');
  const started = performance.now();
  let intents = 0;
  for (const e of events) intents += strategy.onEvent(e).length;
  report('strategy kernel', performance.now() - started, { intents });
}
{
  const run = createBacktest(createStrategy('flow-v1'), {
    fees: feeSchedule(DOCUMENTED_FEES),
    slippageBps: 100n,
    latencyMs: 0n,
    fromMs: T0,
    toMs: T0 + BigInt(spanMs) + 1n,
  });
  const started = performance.now();
  for (const e of events) run.onEvent(e);
  const { report: r } = run.finish();
  report('backtest', performance.now() - started, { roundTrips: r.roundTrips, totalPnlSol: r.totalPnlSol });
}
{
  const database = await openTestDatabase();
  for (let i = 0; i < log.events.length; i += 5000) {
    await database.transaction((tx) => appendLaunchEvents(tx, log.events.slice(i, i + 5000)));
  }
  const server = await startLaunchRadarServer({
    database,
    port: 0,
    host: '127.0.0.1',
    logger: createLogger('silent'),
  });
  const client = createLaunchRadarClient(`127.0.0.1:${server.port}`);
  const started = performance.now();
  const subscription = client.streamEvents({ afterCursor: 0n, clientId: 'bench' });
  let received = 0;
  for await (const item of subscription) {
    if (item.kind === 'event' && ++received === events.length) {
      subscription.cancel();
      break;
    }
  }
  report(`gRPC stream from the ${database.label} log`, performance.now() - started);
  client.close();
  await server.close();
  await database.dispose();
}

if (dayLaunches > 0) {
  const corpus = simulateCorpus(
    launchDayOptions({ seed: 'strategy-bench', launches: dayLaunches, transactionsPerLaunch: perLaunch }),
  );
  const database = await openTestDatabase();
  const processor = await LaunchProcessor.open(database);
  const txs = corpus.transactions.map((t) => normalizeTransaction(parseRpcTransaction(t.parsed)));
  let started = performance.now();
  for (let i = 0; i < txs.length; i += 500) await processor.process(txs.slice(i, i + 500));
  await processor.flush();
  const processMs = performance.now() - started;
  const stored = await readLaunchEventsAfter(database.db, 0n, 10_000_000);
  const fromMs = stored.reduce((m, e) => (e.tEventMs < m ? e.tEventMs : m), stored[0]?.tEventMs ?? 0n);
  const toMs = stored.reduce((m, e) => (e.tEventMs > m ? e.tEventMs : m), 0n) + 1n;
  const run = createBacktest(createStrategy('flow-v1'), {
    fees: feeSchedule(DOCUMENTED_FEES),
    slippageBps: 100n,
    latencyMs: 0n,
    fromMs,
    toMs,
  });
  started = performance.now();
  for (const e of stored) run.onEvent(e);
  const { report: r } = run.finish();
  process.stdout.write(
    `${JSON.stringify({
      name: `simulated launch day (${dayLaunches} launches, ${txs.length} transactions) on ${database.label}`,
      processMs: Math.round(processMs),
      events: stored.length,
      backtestMs: Math.round(performance.now() - started),
      intents: r.intents,
      roundTrips: r.roundTrips,
      winRatePct: r.winRatePct,
      totalPnlSol: r.totalPnlSol,
      maxDrawdownSol: r.maxDrawdownSol,
      byReason: r.byReason,
    })}\n`,
  );
  await database.dispose();
}
