import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRpcTransaction } from '../../decoder/decode-transaction.ts';
import {
  normalizeTransaction,
  type NormalizedTransaction,
} from '../../decoder/transaction/normalized-transaction.ts';
import { launchFactsOf } from '../pipeline/launch-facts.ts';
import { simulateMarket } from '../../simulator/market/market-simulator.ts';
import { launchDayOptions } from '../../simulator/scenario/launch-day.ts';
import { queryRows } from '../../store/query-rows.ts';
import { openTestDatabase, type TestDatabase } from '../../store/testing/test-database.ts';
import { LaunchProcessor } from './launch-processor.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.dispose());

const txs = () =>
  [...simulateMarket(launchDayOptions({ seed: 'processor-restart', launches: 10 }))].map((t) =>
    normalizeTransaction(parseRpcTransaction(t.result)),
  );

/** Minutes whose stored features differ from a recomputation over the stored trades (count, flows). */
const mismatches = async (): Promise<number> =>
  (
    await queryRows<{ n: number }>(
      database.db,
      sql`WITH r AS (
            SELECT mint, venue, t_event_ms - (t_event_ms % 60000) AS minute, count(*)::int AS trades,
              coalesce(sum(sol_amount) FILTER (WHERE side = 'buy'), 0) AS sol_in
            FROM launch_trades GROUP BY 1, 2, 3)
          SELECT count(*)::int AS n FROM r FULL JOIN features_1m f
            ON f.mint = r.mint AND f.venue = r.venue AND f.minute_start_ms = r.minute
          WHERE f.mint IS NULL OR r.mint IS NULL OR f.trades <> r.trades OR f.sol_in <> r.sol_in`,
    )
  )[0]?.n ?? -1;

describe('LaunchProcessor', () => {
  it('processes a transaction twice without counting it twice, and completes the minutes a crash cut', async () => {
    const all = txs();
    // Cut inside a minute in which one mint trades on both sides of the cut.
    const mintsOf = (i: number) =>
      new Set(
        launchFactsOf(all[i] as NormalizedTransaction, {
          poolMint: () => undefined,
          isLaunchMint: () => true,
        }).trades.map((t) => `${t.mint}:${Math.floor((all[i]?.blockTime ?? 0) / 60)}`),
      );
    let cut = Math.floor(all.length / 2);
    while (cut < all.length - 1 && ![...mintsOf(cut)].some((k) => mintsOf(cut - 1).has(k))) cut++;
    // A first executor stores half of the day, then dies without flushing its open minutes.
    const first = await LaunchProcessor.open(database);
    for (let i = 0; i < cut; i += 40) await first.process(all.slice(i, Math.min(cut, i + 40)));
    // The next one starts with the last batch again (at-least-once delivery) and goes on to the end.
    const second = await LaunchProcessor.open(database);
    const again = await second.process(all.slice(cut - 40, cut));
    expect([again.launches, again.trades]).toEqual([0, 0]);
    for (let i = cut; i < all.length; i += 40) await second.process(all.slice(i, i + 40));
    await second.flush();
    expect(await mismatches()).toBe(0);
  });
});
