import { describe, expect, it } from 'vitest';
import { openPosition } from '../strategy/strategy-position.ts';
import { CONSERVATIVE_STRATEGY, DEFAULT_STRATEGY } from '../strategy/strategy-templates.ts';
import { nearestTriggerDistance, nextPollAtMs, triggerLevels } from './price-schedule.ts';
import { formatFixed } from '../strategy/fixed-point.ts';
import { createPriceFeed, type PriceSource } from './price-feed.ts';

const INTERVALS = {
  urgentIntervalMs: 1_000,
  baseIntervalMs: 2_000,
  slowIntervalMs: 10_000,
  urgencyBand: '0.05',
};
const p = openPosition('1', 1_000_000n, DEFAULT_STRATEGY);

describe('adaptive polling', () => {
  it('lists the levels a position acts at: stop, trailing arming price, each unsold ladder level', () => {
    expect(triggerLevels(p).map(formatFixed)).toEqual(['0.7', '2', '2', '3']);
    const c = openPosition('1', 1_000_000n, CONSERVATIVE_STRATEGY);
    expect(triggerLevels(c).map(formatFixed)).toEqual(['0.85', '1.5', '4', '1.5', '2']);
    // Once armed, the trailing level replaces its arming price and follows the peak.
    expect(triggerLevels({ ...p, peakPriceUsd: '2.4', ladderLevelsHit: [0] }).map(formatFixed)).toEqual([
      '0.7',
      '1.8',
      '3',
    ]);
  });

  it('urgent within the band of a level, base within four bands, slow further away', () => {
    expect(nearestTriggerDistance(p, '0.72')).toBe(27_777_777_777_777_777n); // |0.7 − 0.72| / 0.72
    expect(nextPollAtMs([p], '0.72', 0, INTERVALS)).toEqual({ atMs: 1_000, urgency: 'urgent' });
    expect(nextPollAtMs([p], '0.735', 0, INTERVALS)).toEqual({ atMs: 1_000, urgency: 'urgent' });
    expect(nextPollAtMs([p], '0.8', 0, INTERVALS)).toEqual({ atMs: 2_000, urgency: 'base' });
    expect(nextPollAtMs([p], '1', 0, INTERVALS)).toEqual({ atMs: 10_000, urgency: 'slow' });
    // The most urgent position of the mint sets the pace.
    const near = openPosition('1.3', 1n, DEFAULT_STRATEGY); // its stop 0.91 is 9 % away
    expect(nextPollAtMs([p, near], '1', 0, INTERVALS).urgency).toBe('base');
    expect(nextPollAtMs([p, openPosition('1.03', 1n, DEFAULT_STRATEGY)], '1.03', 0, INTERVALS).urgency).toBe(
      'slow',
    );
  });
});

describe('price feed', () => {
  const source = (
    name: string,
    prices: Record<string, string>,
    state: { down: boolean; asked: string[][] },
  ) =>
    ({
      name,
      batchSize: 2,
      fetch(mints) {
        state.asked.push([...mints]);
        if (state.down) return Promise.reject(new Error(`${name} is down`));
        const out = new Map();
        for (const m of mints) {
          const v = prices[m];
          if (v !== undefined)
            out.set(m, { mint: m, priceUsd: v, liquidityUsd: null, decimals: null, atMs: 5, source: name });
        }
        return Promise.resolve(out);
      },
    }) satisfies PriceSource;

  it('batches by the source limit, falls back for what the primary misses, keeps the last good price', async () => {
    const a = { down: false, asked: [] as string[][] };
    const b = { down: false, asked: [] as string[][] };
    const feed = createPriceFeed([
      source('jupiter', { m1: '1', m2: '2' }, a),
      source('dexscreener', { m3: '3' }, b),
    ]);
    const first = await feed.read(['m1', 'm2', 'm3', 'm4'], 5);
    expect(a.asked).toEqual([
      ['m1', 'm2'],
      ['m3', 'm4'],
    ]);
    expect(b.asked).toEqual([['m3', 'm4']]);
    expect([...first.prices.values()].map((q) => [q.mint, q.source])).toEqual([
      ['m1', 'jupiter'],
      ['m2', 'jupiter'],
      ['m3', 'dexscreener'],
    ]);
    expect(first.missing).toEqual(['m4']);
    a.down = true;
    b.down = true;
    const second = await feed.read(['m1'], 100);
    expect(second.prices.get('m1')).toMatchObject({ priceUsd: '1', atMs: 5 });
    expect(second.missing).toEqual(['m1']);
    expect(feed.health().map((h) => [h.name, h.consecutiveFailures, h.lastError])).toEqual([
      ['jupiter', 1, 'jupiter is down'],
      ['dexscreener', 1, 'dexscreener is down'],
    ]);
  });
});
