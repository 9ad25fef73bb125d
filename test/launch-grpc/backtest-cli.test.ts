import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { createLogger } from '../../src/core/log/logger.ts';
import { createBacktest } from '../../src/launch/backtest/backtest-engine.ts';
import { DOCUMENTED_FEES, feeSchedule } from '../../src/launch/backtest/fee-schedule.ts';
import { createStrategy } from '../../src/launch/strategy/strategy-registry.ts';
import { ScenarioLog } from '../../src/launch/strategy/testing/launch-scenario.ts';
import { pumpAndDump, T0 } from '../../src/launch/strategy/testing/pump-and-dump.ts';
import { appendLaunchEvents } from '../../src/store/launch/launch-events.repository.ts';
import { openDatabase } from '../../src/store/open-database.ts';
import { runOof, type OofRun } from '../support/oof-cli.ts';

/** `oof backtest` as a user runs it, on the embedded default (a data folder holding a stored period). */
const dataDir = mkdtempSync(join(tmpdir(), 'oof-backtest-cli-'));
const log = new ScenarioLog();
for (let i = 0; i < 4; i++) pumpAndDump(log, `cli-${i}`, T0 + BigInt(i) * 3n * 60_000n);

beforeAll(async () => {
  const database = await openDatabase({ dataDir }, createLogger('silent'), { migrate: true });
  await database.transaction((tx) => appendLaunchEvents(tx, log.events));
  await database.close();
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const oof = (args: string[]): OofRun => runOof(args, { dataDir });

describe('oof backtest (embedded)', () => {
  it('reports the stored period with the stored fee policies, as the engine computes it', () => {
    const from = new Date(Number(T0)).toISOString();
    const to = new Date(Number(T0 + 3_600_000n)).toISOString();
    const r = oof([
      'backtest',
      '--strategy',
      'flow-v1',
      '--from',
      from,
      '--to',
      to,
      '--slippage-bps',
      '50',
      '--json',
    ]);
    expect(r.stderr).toMatch(/oof backtest: \d+ events, 8 intents/);
    expect(r.code).toBe(0);
    const run = createBacktest(createStrategy('flow-v1'), {
      fees: feeSchedule(DOCUMENTED_FEES),
      slippageBps: 50n,
      latencyMs: 0n,
      fromMs: T0,
      toMs: T0 + 3_600_000n,
    });
    for (const e of log.stored()) run.onEvent(e);
    const { report } = run.finish();
    expect(JSON.parse(r.stdout)).toEqual({
      strategy: 'flow-v1',
      slippageBps: 50,
      latencyMs: 0,
      events: log.events.length,
      ...report,
    });
    expect(report.roundTrips).toBe(4);
  });

  it('refuses bad options with exit code 2 and says what to pass (before opening any database)', async () => {
    const errors: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => errors.push(chunk) > 0) as typeof process.stderr.write;
    try {
      expect(await runCli(['backtest', '--from', 'yesterday', '--to', '2025-04-02T00:00:00Z'])).toBe(2);
      expect(await runCli(['backtest', '--from', '1', '--to', '2', '--slippage-bps', '20000'])).toBe(2);
      expect(await runCli(['backtest', '--from', '5', '--to', '2'])).toBe(2);
      expect(await runCli(['backtest', '--strategy', 'moon', '--from', '1', '--to', '2'])).toBe(2);
    } finally {
      process.stderr.write = write;
    }
    expect(errors.join('')).toMatch(/CONFIG_INVALID: --from must be an ISO 8601 time/);
    expect(errors.join('')).toMatch(/--slippage-bps must be an integer from 0 to 10000/);
    expect(errors.join('')).toMatch(/--to \(2\) must be after --from \(5\)/);
    expect(errors.join('')).toMatch(/unknown strategy "moon": choose one of flow-v1/);
  });
});
