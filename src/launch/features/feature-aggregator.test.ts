import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FeatureBucket } from '../events/launch-event.ts';
import { FeatureAggregator, type AggregatedTrade } from './feature-aggregator.ts';
import { computeFeatureBucket } from './feature-bucket.ts';

const T0 = 1_743_500_000_000n - (1_743_500_000_000n % 60_000n);
const trade = (
  sec: number,
  signer: string,
  side: 'buy' | 'sell',
  sol: bigint,
  mint = 'M',
): AggregatedTrade => ({
  mint,
  venue: 'pumpfun',
  tEventMs: T0 + BigInt(sec * 1000),
  signer,
  side,
  solAmount: sol,
});

describe('computeFeatureBucket', () => {
  it('computes counts, flows, mean, population standard deviation and the top-5 share exactly', () => {
    const b = computeFeatureBucket(
      'M',
      'pumpfun',
      T0,
      [
        { signer: 'a', side: 'buy', solAmount: 1_000_000_000n },
        { signer: 'b', side: 'buy', solAmount: 3_000_000_000n },
        { signer: 'a', side: 'sell', solAmount: 2_000_000_000n },
      ],
      0,
    );
    expect(b).toMatchObject({
      trades: 3,
      uniqueSigners: 2,
      uniqueBuyers: 2,
      solIn: '4000000000',
      solOut: '2000000000',
      netInflow: '2000000000',
      meanTradeSol: '2',
      // sqrt(((1-2)² + (3-2)² + (2-2)²) / 3) = sqrt(2/3)
      stddevTradeSol: '0.816496580927726032',
      top5WhaleShare: '1',
    });
    const many = computeFeatureBucket(
      'M',
      'pumpfun',
      T0,
      ['a', 'b', 'c', 'd', 'e', 'f'].map((s) => ({ signer: s, side: 'sell' as const, solAmount: 1n })),
      0,
    );
    expect(many).toMatchObject({ top5WhaleShare: '0.833333333333333333', netInflow: '-6', uniqueBuyers: 0 });
    expect(computeFeatureBucket('M', 'pumpfun', T0, [], 0).meanTradeSol).toBe('0');
  });
});

describe('FeatureAggregator', () => {
  it('emits a minute once the watermark passes its end plus the grace, and re-emits it for a late trade', () => {
    const agg = new FeatureAggregator({ graceMs: 5_000n });
    expect(agg.add(trade(1, 'a', 'buy', 5n)).buckets).toEqual([]);
    expect(agg.add(trade(64, 'b', 'buy', 7n)).buckets).toEqual([]);
    const closed = agg.add(trade(66, 'c', 'sell', 1n)).buckets;
    expect(closed.map((b) => [b.minuteStartMs, b.trades, b.revision])).toEqual([[T0.toString(), 1, 0]]);
    const late = agg.add(trade(30, 'd', 'buy', 3n)).buckets;
    expect(late.map((b) => [b.minuteStartMs, b.trades, b.solIn, b.revision])).toEqual([
      [T0.toString(), 2, '8', 1],
    ]);
    expect(agg.flush().map((b) => [b.minuteStartMs, b.trades])).toEqual([[(T0 + 60_000n).toString(), 2]]);
  });

  it('reports a late trade whose minute left memory, for a refold from the store', () => {
    const agg = new FeatureAggregator({ graceMs: 0n, retainMs: 60_000n });
    agg.add(trade(1, 'a', 'buy', 5n));
    agg.add(trade(200, 'a', 'buy', 5n));
    const r = agg.add(trade(2, 'b', 'buy', 1n));
    expect(r.evicted).toEqual({ mint: 'M', venue: 'pumpfun', minuteStartMs: T0 });
    expect(
      agg.refold('M', 'pumpfun', T0, [trade(1, 'a', 'buy', 5n), trade(2, 'b', 'buy', 1n)], 0).revision,
    ).toBe(1);
  });

  it('gives the final value of every minute whatever the arrival order (late trades folded in)', () => {
    const trades = fc.array(
      fc.record({
        sec: fc.integer({ min: 0, max: 400 }),
        signer: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'),
        side: fc.constantFrom('buy' as const, 'sell' as const),
        sol: fc.bigInt({ min: 1n, max: 10_000_000_000n }),
        mint: fc.constantFrom('M', 'N'),
      }),
      { maxLength: 60 },
    );
    fc.assert(
      fc.property(trades, fc.integer({ min: 0, max: 1000 }), (list, seed) => {
        const all = list.map((t) => trade(t.sec, t.signer, t.side, t.sol, t.mint));
        const final = (arrival: AggregatedTrade[]) => {
          const agg = new FeatureAggregator({ graceMs: 2_000n, retainMs: 10n * 60_000n });
          const latest = new Map<string, FeatureBucket>();
          const keep = (b: FeatureBucket) => latest.set(`${b.mint}|${b.minuteStartMs}`, b);
          for (const t of arrival) agg.add(t).buckets.forEach(keep);
          agg.flush().forEach(keep);
          return new Map([...latest].map(([k, b]) => [k, { ...b, revision: 0 }]));
        };
        const sorted = [...all].sort((x, y) =>
          x.tEventMs < y.tEventMs ? -1 : x.tEventMs > y.tEventMs ? 1 : 0,
        );
        const shuffled = [...all].sort(
          (x, y) => ((all.indexOf(x) * 7919 + seed) % 101) - ((all.indexOf(y) * 7919 + seed) % 101),
        );
        expect(final(shuffled)).toEqual(final(sorted));
      }),
    );
  });
});
