import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { featureRevision, feePolicyAt, upsertFeatureBuckets } from './launch-derived.repository.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.dispose());

const MAY_12_2025 = 1_747_008_000_000n;

describe('fee policies', () => {
  it('gives the policy in force at a time: 1 % on the curve in April 2025, 0.95 % + 0.05 % creator after', async () => {
    expect(await feePolicyAt(database.db, 'pumpfun', MAY_12_2025 - 1n)).toMatchObject({
      protocolFeeBps: 100n,
      creatorFeeBps: 0n,
    });
    expect(await feePolicyAt(database.db, 'pumpfun', MAY_12_2025)).toMatchObject({
      protocolFeeBps: 95n,
      creatorFeeBps: 5n,
    });
    expect(await feePolicyAt(database.db, 'pumpswap', 0n)).toMatchObject({
      lpFeeBps: 20n,
      protocolFeeBps: 5n,
    });
    expect(await feePolicyAt(database.db, 'pumpswap', -1n)).toBeUndefined();
  });
});

describe('features_1m', () => {
  const bucket = (revision: number, trades: number) => ({
    mint: 'M',
    venue: 'pumpfun' as const,
    minuteStartMs: '1743465600000',
    trades,
    uniqueSigners: 1,
    uniqueBuyers: 1,
    solIn: '5',
    solOut: '0',
    netInflow: '5',
    meanTradeSol: '0.000000005',
    stddevTradeSol: '0',
    top5WhaleShare: '1',
    revision,
  });

  it('keeps the newest revision of a minute, never an older one', async () => {
    await upsertFeatureBuckets(database.db, [bucket(0, 1)]);
    await upsertFeatureBuckets(database.db, [bucket(2, 3)]);
    await upsertFeatureBuckets(database.db, [bucket(1, 2)]);
    expect(await featureRevision(database.db, 'M', 'pumpfun', 1_743_465_600_000n)).toBe(2);
    expect(await featureRevision(database.db, 'M', 'pumpfun', 0n)).toBe(-1);
  });
});
