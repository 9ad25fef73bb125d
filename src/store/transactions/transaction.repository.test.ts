import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { Action } from '../../decoder/action.ts';
import { txRaw } from '../schema/core-tables.ts';
import { openTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { trimDecimal } from './action-row.ts';
import { insertTransactions, loadActions, type TransactionRecord } from './transaction.repository.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.dispose());
beforeEach(async () => {
  await database.db.delete(txRaw);
});

const SIG = '4'.repeat(88);
const U64_MAX = 18_446_744_073_709_551_615n;

function action(overrides: Partial<Action>): Action {
  return {
    signature: SIG,
    index: 0,
    slot: 300_000_000n,
    blockTime: 1_735_571_993,
    kind: 'swap',
    owner: 'Owner1111111111111111111111111111111111111',
    mintIn: 'MintA111111111111111111111111111111111111111',
    amountIn: 1n,
    decimalsIn: 9,
    mintOut: 'MintB111111111111111111111111111111111111111',
    amountOut: 1n,
    decimalsOut: 6,
    venue: 'pumpfun',
    programs: ['pumpfun', 'jupiter_v6'],
    side: 'buy',
    counterparty: null,
    usdIn: null,
    usdOut: null,
    transferFeeRaw: null,
    event: null,
    ...overrides,
  };
}

function record(actions: Action[]): TransactionRecord {
  return {
    sig: SIG,
    slot: 300_000_000n,
    blockTime: 1_735_571_993,
    failed: false,
    err: null,
    feeLamports: 5000n,
    objectKey: `tx/44/${SIG}.json.br`,
    sizeBytes: 1000,
    compressedBytes: 100,
    decoderVersion: 1,
    actions,
    participants: ['Owner1111111111111111111111111111111111111'],
  };
}

describe('NUMERIC columns keep money exact', () => {
  test('10^30 base units of a 0-decimal token, u64::MAX, and 38-digit USD values round-trip exactly', async () => {
    const actions = [
      action({
        index: 0,
        amountIn: 10n ** 30n,
        decimalsIn: 0,
        amountOut: 1n,
        decimalsOut: 0,
        // Array-literal and JSON metacharacters must survive the trip too.
        programs: ['a"b', 'c\\d', 'e,f', '{g}', 'NULL', 'ñ ✓', ''],
        counterparty: "O'Brien",
      }),
      action({ index: 3, programs: [], blockTime: null, owner: null }),
      action({
        index: 1,
        amountIn: U64_MAX,
        decimalsIn: 18,
        amountOut: 10n ** 77n, // NUMERIC(78,0) holds any u256-sized sum
        usdIn: '12345678901234567890.123456789012345678',
        usdOut: '0.000000000000000001',
        transferFeeRaw: U64_MAX,
      }),
      action({
        index: 2,
        kind: 'event',
        amountIn: null,
        amountOut: null,
        decimalsIn: null,
        decimalsOut: null,
        mintIn: null,
        mintOut: null,
        side: null,
        event: {
          program: 'pumpfun',
          name: 'TradeEvent',
          data: { solAmount: '123456789012345678901234567890', user: 'u' },
        },
      }),
    ];
    const { inserted, actions: written } = await database.transaction((tx) =>
      insertTransactions(tx, [record(actions)]),
    );
    expect([...inserted]).toEqual([SIG]);
    expect(written).toBe(4);
    expect(await loadActions(database.db, SIG)).toEqual([...actions].sort((a, b) => a.index - b.index));
  });

  test('inserting the same record again changes nothing and reports nothing inserted', async () => {
    const rec = record([action({})]);
    await database.transaction((tx) => insertTransactions(tx, [rec]));
    const before = await database.db.select().from(txRaw);
    const again = await database.transaction((tx) => insertTransactions(tx, [rec]));
    expect(again.inserted.size).toBe(0);
    expect(again.actions).toBe(0);
    expect(await database.db.select().from(txRaw)).toEqual(before);
  });

  test('a failed transaction keeps its RPC error as JSON', async () => {
    const err = { InstructionError: [2, { Custom: 6001 }] };
    await database.transaction((tx) => insertTransactions(tx, [{ ...record([]), failed: true, err }]));
    const [row] = await database.db.select({ status: txRaw.status, err: txRaw.err }).from(txRaw);
    expect(row).toEqual({ status: 'failed', err });
  });

  test('trimDecimal gives the shortest form of a padded NUMERIC', () => {
    expect(trimDecimal('1.500000000000000000')).toBe('1.5');
    expect(trimDecimal('2.000000000000000000')).toBe('2');
    expect(trimDecimal('0.000000000000000000')).toBe('0');
    expect(trimDecimal('100')).toBe('100');
    expect(trimDecimal('-0.10')).toBe('-0.1');
  });
});
