import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLedger } from '../../analytics/ledger/build-ledger.ts';
import { TOKEN, WALLET, buy, options, sell } from '../../analytics/ledger/ledger.fixtures.ts';
import { queryRows } from '../query-rows.ts';
import { openTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { replaceWalletLedger } from './wallet-ledger.repository.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.dispose());

const count = async (table: string): Promise<number> =>
  (
    await queryRows<{ n: number }>(
      database.db,
      sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)} WHERE wallet = ${WALLET}`,
    )
  )[0]?.n ?? 0;

describe('replaceWalletLedger', () => {
  it('writes a ledger, writes nothing for the same ledger again, and replaces it when it changes', async () => {
    const first = buildLedger(WALLET, [buy(1, TOKEN, 100n, '10'), sell(2, TOKEN, 40n, '8')], options());
    expect(await replaceWalletLedger(database.db, WALLET, first)).toBe(true);
    expect([await count('lots'), await count('realized_trades'), await count('episodes')]).toEqual([1, 1, 1]);
    expect(await replaceWalletLedger(database.db, WALLET, first)).toBe(false);
    const second = buildLedger(
      WALLET,
      [buy(1, TOKEN, 100n, '10'), sell(2, TOKEN, 40n, '8'), sell(3, TOKEN, 60n, '3')],
      options(),
    );
    expect(await replaceWalletLedger(database.db, WALLET, second)).toBe(true);
    expect(await count('realized_trades')).toBe(2);
  });
});
