import { describe, expect, it } from 'vitest';
import {
  flowReversed,
  flowSignals,
  whaleShareOk,
  type BucketFacts,
  type MinuteClose,
} from './flow-signals.ts';
import { FLOW_V1, parseFlowStrategyConfig } from './strategy-config.ts';

const config = parseFlowStrategyConfig(FLOW_V1);
const MIN = 60_000n;
const M = 1_745_000_040_000n;
const SOL = 1_000_000_000n;

const bucket = (
  minute: bigint,
  netInflow: bigint,
  uniqueBuyers = 0,
  extra: Partial<BucketFacts> = {},
): BucketFacts => ({
  minuteStartMs: minute,
  netInflow,
  uniqueBuyers,
  uniqueSigners: uniqueBuyers,
  top5WhaleShare: '1',
  ...extra,
});
const closes = (...prices: bigint[]): MinuteClose[] =>
  prices.map((price, i) => ({ minuteStartMs: M - BigInt(prices.length - 1 - i) * MIN, price }));
const fired = (
  b: BucketFacts,
  history: BucketFacts[],
  c: MinuteClose[] = [],
  migratedAtMs: bigint | null = null,
) => [...flowSignals(config, b, [...history, b], c, migratedAtMs).fired];

describe('flow signals at their thresholds', () => {
  it('NET_INFLOW_ACCEL: at least 2 SOL in the minute and 1 SOL more than the minute before', () => {
    expect(fired(bucket(M, 2n * SOL), [bucket(M - MIN, SOL)])).toEqual(['NET_INFLOW_ACCEL']);
    expect(fired(bucket(M, 2n * SOL - 1n), [bucket(M - MIN, 0n)])).toEqual([]);
    expect(fired(bucket(M, 2n * SOL), [bucket(M - MIN, SOL + 1n)])).toEqual([]);
    // A minute without trades before it counts as zero inflow.
    expect(fired(bucket(M, 2n * SOL), [])).toEqual(['NET_INFLOW_ACCEL']);
  });

  it('BUYER_GROWTH: at least 4 buyers and 50 % more than the minute before', () => {
    expect(fired(bucket(M, 0n, 6), [bucket(M - MIN, 0n, 4)])).toEqual(['BUYER_GROWTH']);
    expect(fired(bucket(M, 0n, 5), [bucket(M - MIN, 0n, 4)])).toEqual([]);
    expect(fired(bucket(M, 0n, 3), [])).toEqual([]);
    expect(fired(bucket(M, 0n, 4), [])).toEqual(['BUYER_GROWTH']);
  });

  it('PRICE_SLOPE_UP at +3 % over the minute; PRICE_CONVEX when the rise accelerates', () => {
    expect(fired(bucket(M, 0n), [], closes(10_000n, 10_300n))).toEqual(['PRICE_SLOPE_UP']);
    expect(fired(bucket(M, 0n), [], closes(10_000n, 10_299n))).toEqual([]);
    expect(fired(bucket(M, 0n), [], closes(9_900n, 10_000n, 10_300n))).toEqual([
      'PRICE_SLOPE_UP',
      'PRICE_CONVEX',
    ]);
    expect(fired(bucket(M, 0n), [], closes(9_600n, 10_000n, 10_300n))).toEqual(['PRICE_SLOPE_UP']);
    // A minute without trades keeps the previous close: no slope.
    const flat = [{ minuteStartMs: M - MIN, price: 10_000n }];
    expect(flowSignals(config, bucket(M, 0n), [], flat, null).slopeBps).toBe(0n);
  });

  it('POST_MIGRATION_REGIME: two positive minutes after the migration, within 30 minutes of it', () => {
    const migratedAt = M - 2n * MIN + 30_000n;
    const history = [bucket(M - MIN, 1n)];
    expect(fired(bucket(M, 1n), history, [], migratedAt)).toEqual(['POST_MIGRATION_REGIME']);
    // A minute that ended before the migration does not count (the minute of the migration does: its AMM bucket
    // holds only trades after it).
    const inMinuteBefore = M - MIN + 30_000n;
    expect(fired(bucket(M - MIN, 1n), [bucket(M - 2n * MIN, 1n)], [], inMinuteBefore)).toEqual([]);
    expect(fired(bucket(M, 1n), [bucket(M - 2n * MIN, 1n), bucket(M - MIN, 1n)], [], inMinuteBefore)).toEqual(
      ['POST_MIGRATION_REGIME'],
    );
    expect(fired(bucket(M, 1n), [bucket(M - MIN, 0n)], [], migratedAt)).toEqual([]);
    expect(fired(bucket(M, 1n), history, [], M + MIN - 30n * MIN)).toEqual(['POST_MIGRATION_REGIME']);
    expect(fired(bucket(M, 1n), history, [], M + MIN - 30n * MIN - 1n)).toEqual([]);
  });

  it('flow reversal: 1 SOL out in a minute, or two negative minutes', () => {
    expect(flowReversed(config, bucket(M, -SOL), [])).toBe(true);
    expect(flowReversed(config, bucket(M, -SOL + 1n), [])).toBe(false);
    expect(flowReversed(config, bucket(M, -1n), [bucket(M - MIN, -1n), bucket(M, -1n)])).toBe(true);
    expect(flowReversed(config, bucket(M, -1n), [bucket(M, -1n)])).toBe(false);
  });

  it('whale share: above 0.9 blocks only once more than five signers trade', () => {
    expect(whaleShareOk(config, bucket(M, 0n, 5, { top5WhaleShare: '1' }))).toBe(true);
    expect(whaleShareOk(config, bucket(M, 0n, 6, { top5WhaleShare: '0.9' }))).toBe(true);
    expect(whaleShareOk(config, bucket(M, 0n, 6, { top5WhaleShare: '0.900000000000000001' }))).toBe(false);
  });
});
