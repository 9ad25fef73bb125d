import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/log/logger.ts';
import { startLaunchRadarServer, type LaunchRadarServer } from '../../src/launch/grpc/launch-radar.server.ts';
import { runStrategyProcess } from '../../src/launch/grpc/strategy-runner.ts';
import { createStrategy } from '../../src/launch/strategy/strategy-registry.ts';
import { ScenarioLog } from '../../src/launch/strategy/testing/launch-scenario.ts';
import { pumpAndDump, T0 } from '../../src/launch/strategy/testing/pump-and-dump.ts';
import { intentJsonLine } from '../../src/launch/strategy/trade-intent.ts';
import { listIntents } from '../../src/store/launch-intents/launch-intents.repository.ts';
import {
  appendLaunchEvents,
  readLaunchEventsAfter,
} from '../../src/store/launch/launch-events.repository.ts';
import { openTestDatabase, type TestDatabase } from '../../src/store/testing/test-database.ts';

let database: TestDatabase;
let dir: string;
const logger = createLogger('silent');

beforeAll(async () => {
  database = await openTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'oof-strategy-'));
});
afterAll(async () => {
  await database.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const startServer = (port: number): Promise<LaunchRadarServer> =>
  startLaunchRadarServer({
    database,
    port,
    host: '127.0.0.1',
    heartbeatMs: 200,
    pollMs: 100,
    pageSize: 16,
    logger,
  });

describe('oof strategy process', () => {
  it('resumes from its state file and across an executor restart without gaps or duplicates; intents persisted once', async () => {
    const log = new ScenarioLog();
    for (let i = 0; i < 8; i++) pumpAndDump(log, `process-${i}`, T0 + BigInt(i) * 3n * 60_000n);
    await database.transaction((tx) => appendLaunchEvents(tx, log.events));
    const stored = await readLaunchEventsAfter(database.db, 0n, 10_000);
    const reference = createStrategy('flow-v1');
    const expected = stored.flatMap((e) => reference.onEvent(e)).map(intentJsonLine);
    expect(expected.length).toBeGreaterThanOrEqual(16);

    const stateFile = join(dir, 'flow-v1.state.json');
    let server = await startServer(0);
    const port = server.port;
    const options = {
      address: `127.0.0.1:${port}`,
      strategy: 'flow-v1',
      stateFile,
      clientId: 'strategy-test',
      logger,
      backoffMs: { initial: 50, max: 400 },
      checkpointEvery: 7,
    };

    // First process: stopped after 40 events.
    const seen: bigint[] = [];
    const first = new AbortController();
    const run1 = await runStrategyProcess({
      ...options,
      signal: first.signal,
      onEvent: (e) => {
        seen.push(e.cursor);
        if (seen.length === 40) first.abort();
      },
    });
    expect(run1).toMatchObject({ events: 40, cursor: seen[39] });

    // Second process from the state file; the executor restarts under it after 50 more events.
    const second = new AbortController();
    const last = stored.at(-1)?.cursor as bigint;
    let restart: Promise<void> = Promise.resolve();
    const run2 = await runStrategyProcess({
      ...options,
      signal: second.signal,
      onEvent: (e) => {
        seen.push(e.cursor);
        if (seen.length === 90) {
          restart = (async () => {
            await server.close();
            await new Promise((r) => setTimeout(r, 300));
            server = await startServer(port);
          })();
        }
        if (e.cursor === last) second.abort();
      },
    });
    await restart;
    await server.close();

    expect(run2.reconnects).toBeGreaterThanOrEqual(1);
    expect(seen).toEqual(stored.map((e) => e.cursor));
    const persisted = (await listIntents(database.db))
      .sort((a, b) => (a.basedOnCursor < b.basedOnCursor ? -1 : a.basedOnCursor > b.basedOnCursor ? 1 : 0))
      .map((i) =>
        intentJsonLine({
          intentId: i.intentId,
          strategyId: i.strategyId,
          mint: i.mint,
          venue: i.venue,
          side: i.side === 'buy' ? 'SIDE_BUY' : 'SIDE_SELL',
          size: i.size.toString(),
          maxSlippageBps: i.maxSlippageBps,
          ttlMs: Number(i.ttlMs),
          reasonCodes: i.reasonCodes,
          basedOnCursor: i.basedOnCursor.toString(),
          tDecisionMs: i.tDecisionMs.toString(),
        }),
      );
    expect(persisted).toEqual(expected);
    expect(run1.intents + run2.intents).toBe(expected.length);
  });
});
