import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { systemClock } from '../../src/chain/rpc/clock.ts';
import { startReplayFixture, type ReplayFixture } from '../../src/chain/replay/testing/replay-fixture.ts';
import { SolanaWsConnection } from '../../src/chain/subscriptions/solana-ws-connection.ts';
import { createLogger } from '../../src/core/log/logger.ts';
import { parseRpcTransaction } from '../../src/decoder/decode-transaction.ts';
import { normalizeTransaction } from '../../src/decoder/transaction/normalized-transaction.ts';
import { runLaunchExecutor, type LaunchExecutorStats } from '../../src/launch/executor/launch-executor.ts';
import { LaunchProcessor } from '../../src/launch/executor/launch-processor.ts';
import { launchFactsOf } from '../../src/launch/pipeline/launch-facts.ts';
import { replayLaunchPeriod } from '../../src/launch/replay/replay-period.ts';
import { writeSimulatedArchive } from '../../src/simulator/archive/write-simulated-archive.ts';
import { launchDayOptions } from '../../src/simulator/scenario/launch-day.ts';
import { queryRows } from '../../src/store/query-rows.ts';
import { openTestDatabase, type TestDatabase } from '../../src/store/testing/test-database.ts';

// A simulated day of launches served by `oof replay-rpc`, followed by the executor over logsSubscribe with a
// WebSocket drop in the middle; the archive itself is the independent truth the stored rows are checked against.

const LAUNCHES = 30;
let dir: string;
let database: TestDatabase;
let replay: ReplayFixture;
let expected: { launches: Set<string>; trades: Set<string>; migrated: Set<string> };
let stats: LaunchExecutorStats;
let dropped = false;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'oof-launch-day-'));
  await writeSimulatedArchive(dir, launchDayOptions({ seed: 'radar-e2e', launches: LAUNCHES }), {
    gzip: false,
    partSize: 100_000,
    createdBy: 'launch-day e2e test',
  });
  database = await openTestDatabase();
  replay = await startReplayFixture(dir, { speed: 0 });

  // The truth, read straight from the archive: launches, their trades (curve and pool), their migrations.
  expected = { launches: new Set(), trades: new Set(), migrated: new Set() };
  const pools = new Map<string, string>();
  for await (const line of replay.archive.transactions()) {
    const tx = normalizeTransaction(parseRpcTransaction(line.result));
    const f = launchFactsOf(tx, {
      poolMint: (p) => pools.get(p),
      isLaunchMint: (m) => expected.launches.has(m),
    });
    f.launches.forEach((l) => expected.launches.add(l.mint));
    f.migrations.forEach((m) => {
      expected.migrated.add(m.mint);
      pools.set(m.pool, m.mint);
    });
    f.trades
      .filter((t) => expected.launches.has(t.mint))
      .forEach((t) => expected.trades.add(`${f.signature}:${t.eventIndex}`));
  }

  const logger = createLogger('silent');
  const connection = new SolanaWsConnection(
    { url: replay.server.wsUrl, reconnect: { baseMs: 20, maxMs: 100 } },
    { clock: systemClock, random: Math.random, logger },
  );
  const processor = await LaunchProcessor.open(database);
  const stop = new AbortController();
  const running = runLaunchExecutor(
    {
      database,
      rpc: replay.client.rpc,
      connection,
      processor,
      clock: systemClock,
      random: Math.random,
      logger,
    },
    {
      concurrency: 8,
      batchSize: 50,
      maxCurveSubscriptions: 20,
      onProgress: (s) => {
        // Mid-day: the socket dies under the executor (no close frame), as a node or a proxy would drop it.
        if (!dropped && s.signatures > 150) {
          dropped = true;
          (connection as unknown as { socket: WebSocket | null }).socket?.terminate();
        }
      },
    },
    stop.signal,
  );
  const count = async (table: string): Promise<number> =>
    (
      await queryRows<{ n: number }>(
        database.db,
        sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)}`,
      )
    )[0]?.n ?? 0;
  const deadline = performance.now() + 60_000;
  while (performance.now() < deadline && (await count('launch_trades')) < expected.trades.size) {
    await new Promise((r) => setTimeout(r, 100));
  }
  stop.abort();
  stats = await running;
  await connection.close();
}, 120_000);

afterAll(async () => {
  await replay?.close();
  await database?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('a simulated launch day through oof replay-rpc', () => {
  it('detects every launch, stores every trade once despite a WebSocket drop, and every migration', async () => {
    expect(dropped).toBe(true);
    expect(expected.launches.size).toBe(LAUNCHES);
    expect(expected.migrated.size).toBeGreaterThan(0);
    const launches = await queryRows<{ mint: string; status: string }>(
      database.db,
      sql`SELECT mint, status FROM launch_tokens`,
    );
    expect(new Set(launches.map((l) => l.mint))).toEqual(expected.launches);
    const trades = await queryRows<{ k: string }>(
      database.db,
      sql`SELECT signature || ':' || event_index AS k FROM launch_trades`,
    );
    expect(trades).toHaveLength(expected.trades.size);
    expect(new Set(trades.map((t) => t.k))).toEqual(expected.trades);
    expect(new Set(launches.filter((l) => l.status === 'MIGRATED').map((l) => l.mint))).toEqual(
      expected.migrated,
    );
    expect(stats.trades).toBe(expected.trades.size);
    // accountSubscribe on the newest curves delivered states too (resynced on subscription).
    expect(stats.curveStates).toBeGreaterThan(0);
  });

  it('streams each fact once in the event log: launches, trades, migrations, and flags of the scenario', async () => {
    const kinds = await queryRows<{ kind: string; n: number }>(
      database.db,
      sql`SELECT kind, count(*)::int AS n FROM launch_events GROUP BY kind`,
    );
    const n = (k: string) => kinds.find((r) => r.kind === k)?.n ?? 0;
    expect(n('tokenLaunched')).toBe(LAUNCHES);
    expect(n('tradeObserved')).toBe(expected.trades.size);
    expect(n('tokenMigrated')).toBe(expected.migrated.size);
    expect(n('featureBucket')).toBeGreaterThan(0);
    expect(n('curveSnapshot')).toBeGreaterThan(0);
    const flags = await queryRows<{ flag: string }>(database.db, sql`SELECT DISTINCT flag FROM risk_flags`);
    expect(flags.map((f) => f.flag).sort()).toEqual(
      expect.arrayContaining(['BUNDLED_LAUNCH', 'CREATOR_DUMPING', 'SERIAL_LAUNCHER']),
    );
  });

  it('stores features equal to an independent recomputation from the stored trades', async () => {
    const diff = await queryRows<{ n: number }>(
      database.db,
      sql`WITH t AS (
            SELECT mint, venue, t_event_ms - (t_event_ms % 60000) AS minute, signer, side, sol_amount
            FROM launch_trades),
          r AS (
            SELECT mint, venue, minute, count(*)::int AS trades, count(DISTINCT signer)::int AS signers,
              count(DISTINCT signer) FILTER (WHERE side = 'buy')::int AS buyers,
              coalesce(sum(sol_amount) FILTER (WHERE side = 'buy'), 0) AS sol_in,
              coalesce(sum(sol_amount) FILTER (WHERE side = 'sell'), 0) AS sol_out,
              trunc(avg(sol_amount) / 1000000000, 9) AS mean9
            FROM t GROUP BY mint, venue, minute)
          SELECT count(*)::int AS n FROM r FULL JOIN features_1m f
            ON f.mint = r.mint AND f.venue = r.venue AND f.minute_start_ms = r.minute
          WHERE f.mint IS NULL OR r.mint IS NULL OR f.trades <> r.trades OR f.unique_signers <> r.signers
            OR f.unique_buyers <> r.buyers OR f.sol_in <> r.sol_in OR f.sol_out <> r.sol_out
            OR f.net_inflow <> r.sol_in - r.sol_out OR trunc(f.mean_trade_sol, 9) <> r.mean9`,
    );
    expect(diff[0]?.n).toBe(0);
  });

  it('replays the day twice into byte-identical features_1m and risk_flags', async () => {
    const dump = async () =>
      JSON.stringify([
        await queryRows(
          database.db,
          sql`SELECT mint, venue, minute_start_ms::text, trades, unique_signers, unique_buyers, sol_in::text,
                sol_out::text, net_inflow::text, mean_trade_sol::text, stddev_trade_sol::text,
                top5_whale_share::text, revision FROM features_1m ORDER BY mint, venue, minute_start_ms`,
        ),
        await queryRows(
          database.db,
          sql`SELECT mint, flag, observation, severity, value::text, threshold::text, details::text, slot::text,
                t_event_ms::text FROM risk_flags ORDER BY mint, flag, observation`,
        ),
      ]);
    const range = await queryRows<{ lo: string; hi: string }>(
      database.db,
      sql`SELECT min(t_event_ms)::text AS lo, (max(t_event_ms) + 1)::text AS hi FROM launch_trades`,
    );
    const fromMs = BigInt(range[0]?.lo ?? '0');
    const toMs = BigInt(range[0]?.hi ?? '0');
    const first = await replayLaunchPeriod(database, { fromMs, toMs });
    const a = await dump();
    const second = await replayLaunchPeriod(database, { fromMs, toMs });
    const b = await dump();
    expect(first.trades).toBe(expected.trades.size);
    expect(second.buckets).toBe(first.buckets);
    expect(b).toBe(a);
  });
});
