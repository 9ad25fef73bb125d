/**
 * `npx tsx src/launch/backtest/launch-strategy.bench.ts [launches]`: speed of the strategy side of the launch
 * radar on hand-made launches (the scenario builder: real curve math, real feature buckets) —
 * the strategy kernel alone, the backtest (kernel + fills + ledger), and the gRPC stream from a stored log to a
 * client (embedded database by default, Postgres with DATABASE_URL). Prints one JSON line per measurement.
 */
import { createLogger } from '../../core/log/logger.ts';
import { appendLaunchEvents } from '../../store/launch/launch-events.repository.ts';
import { openTestDatabase } from '../../store/testing/test-database.ts';
import { createLaunchRadarClient } from '../grpc/launch-radar.client.ts';
import { startLaunchRadarServer } from '../grpc/launch-radar.server.ts';
import { createStrategy } from '../strategy/strategy-registry.ts';
import { ScenarioLog } from '../strategy/testing/launch-scenario.ts';
import { pumpAndDump, T0 } from '../strategy/testing/pump-and-dump.ts';
import { createBacktest } from './backtest-engine.ts';
import { DOCUMENTED_FEES, feeSchedule } from './fee-schedule.ts';

const launches = Number(process.argv[2] ?? 2000);
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
