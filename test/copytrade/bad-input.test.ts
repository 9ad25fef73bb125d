/**
 * Bad input and concurrency: a malformed webhook body is refused with its code and records nothing; two engine
 * workers racing over the same burst decide every signal once, open one position per signal and sell each
 * trigger once (positions are saved over the version read, the outcome is recorded once).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWebhookBody } from '../../src/chain/helius/webhook-item.ts';
import { isOofError } from '../../src/core/errors/oof-error.ts';
import { DEFAULT_SYSTEM_CONFIG, mergeSystemConfig } from '../../src/copytrade/config/copytrade-config.ts';
import { createEngineRunner } from '../../src/copytrade/engine/copytrade-engine.ts';
import { SYSTEM_SCOPE } from '../../src/copytrade/engine/engine-config.ts';
import { recordSignalsFromActions } from '../../src/copytrade/signals/record-signals.ts';
import { SOL_MINT } from '../../src/domain/mints.ts';
import { insertCopyWallet } from '../../src/store/copytrade/copy-wallets.repository.ts';
import { watchedWallet } from '../../src/store/copytrade/testing/watched-wallet.ts';
import { writeConfig } from '../../src/store/copytrade/copytrade-config.repository.ts';
import { listPositions } from '../../src/store/copytrade/copy-positions.repository.ts';
import { queryRows } from '../../src/store/query-rows.ts';
import { openTestDatabase, type TestDatabase } from '../../src/store/testing/test-database.ts';
import {
  engineDeps,
  recordedSafety,
  scriptedPriceSource,
  simulatedMarket,
  testClock,
  type SimulatedMarket,
} from './support/copytrade-harness.ts';

let database: TestDatabase;
let market: SimulatedMarket;
const clock = testClock(new Date('2025-11-06T00:00:00Z'));
const prices = scriptedPriceSource('jupiter', clock.now);

beforeAll(async () => {
  [database, market] = await Promise.all([
    openTestDatabase(),
    simulatedMarket({ seed: 'copytrade-bad-input', wallets: 12, tokens: 3, days: 0.25, transactions: 150 }),
  ]);
  const off = { maxDrawdown: null, minWinRate: null, maxConsecutiveLosses: null, lookbackMs: null };
  await writeConfig(
    database.db,
    SYSTEM_SCOPE,
    mergeSystemConfig(DEFAULT_SYSTEM_CONFIG, {
      paperFill: { sizeImpactFactor: null },
      breakers: { global: off, perWallet: off },
    }),
    clock.now(),
  );
  prices.set(SOL_MINT, '150');
  for (const m of market.mints) prices.set(m, '0.0001');
}, 30_000);
afterAll(() => database.dispose());

describe('bad input', () => {
  it('a malformed webhook body is refused with its code; nothing is recorded', async () => {
    for (const body of ['', '{"not":"an array"}', '[{"transaction": 42}]', '[1, 2']) {
      let code: string | null = null;
      try {
        parseWebhookBody(body);
      } catch (e) {
        code = isOofError(e) ? e.code : 'other';
      }
      expect([body, code]).toEqual([body, 'WEBHOOK_PAYLOAD_INVALID']);
    }
    const [row] = await queryRows<{ n: number }>(
      database.db,
      sql`SELECT count(*)::int AS n FROM copy_signals`,
    );
    expect(row?.n).toBe(0);
  });

  it('two workers racing over one burst: each signal decided once, one position per signal, one sell per trigger', async () => {
    const txs = market.txs.slice(0, 60);
    for (const address of new Set(txs.flatMap((t) => t.swaps.map((s) => s.wallet)))) {
      await insertCopyWallet(database.db, watchedWallet(address), clock.now());
    }
    for (const tx of txs) {
      await recordSignalsFromActions(database.db, tx.actions, new Map([[tx.signature, tx.raw]]), clock.now());
    }
    const deps = () => engineDeps(database, clock.now, [prices.source], recordedSafety(clock.now, new Set()));
    const a = createEngineRunner(deps(), 'worker-a');
    const b = createEngineRunner(deps(), 'worker-b');
    await Promise.all([a.round(), b.round()]);
    const signals = await queryRows<{ outcome: string; n: number }>(
      database.db,
      sql`SELECT outcome, count(*)::int AS n FROM copy_signals GROUP BY outcome ORDER BY outcome`,
    );
    expect(signals.find((s) => s.outcome === 'pending')).toBeUndefined();
    const opened = signals.find((s) => s.outcome === 'position_opened')?.n ?? 0;
    expect(opened).toBeGreaterThan(0);
    const positions = await listPositions(database.db);
    // Every position belongs to exactly one signal recorded as opened (or, for a later mirror, exited).
    expect(new Set(positions.map((p) => p.position.signalId)).size).toBe(positions.length);
    expect(positions.length).toBeGreaterThanOrEqual(opened);
    // A crash: every open position under its stop; both workers look at once.
    for (const m of market.mints) prices.set(m, '0.00005');
    clock.advance(11_000);
    await Promise.all([a.round(), b.round()]);
    clock.advance(11_000);
    await Promise.all([a.round(), b.round()]);
    const sells = await queryRows<{ position_id: string; n: number }>(
      database.db,
      sql`SELECT position_id, count(*)::int AS n FROM copy_fills WHERE side = 'sell' AND reason = 'STOP_LOSS'
           GROUP BY position_id`,
    );
    expect(sells.length).toBeGreaterThan(0);
    expect(sells.every((s) => s.n === 1)).toBe(true);
    const after = await listPositions(database.db, { statuses: ['open', 'exiting'] });
    expect(after).toEqual([]);
    // Quantities conserved: each closed position sold exactly what it bought.
    const balance = await queryRows<{ id: string; bought: string; sold: string }>(
      database.db,
      sql`SELECT position_id AS id,
                 sum(CASE WHEN side = 'buy' THEN qty_raw ELSE 0 END)::text AS bought,
                 sum(CASE WHEN side = 'sell' THEN qty_raw ELSE 0 END)::text AS sold
            FROM copy_fills WHERE source = 'paper' GROUP BY position_id`,
    );
    expect(balance.every((r) => r.bought === r.sold)).toBe(true);
  });
});
