import { describe, expect, it } from 'vitest';
import { CONFIG, DAY, T0, WALLET, fixedPrices, lot, trade } from './detectors.fixtures.ts';
import { detectSoldTooEarly } from './sold-too-early.detector.ts';

const run = (
  proceeds: string,
  qtyRaw: bigint,
  peak: string,
  now = T0 + 30 * DAY,
  trades = [trade(proceeds, qtyRaw)],
) =>
  detectSoldTooEarly({
    wallet: WALLET,
    trades,
    lots: [lot('1', 1n)],
    prices: fixedPrices({ max: peak }),
    now,
    config: CONFIG.s2e,
  });

describe('S2E', () => {
  it('emits exactly at pct = 0.25 and missed = $25', () => {
    // 100 tokens sold for $100 (exit $1), peak $1.25 → missed 25, pct 0.25.
    const [m] = run('100', 100_000_000n, '1.25');
    expect(m).toMatchObject({ kind: 's2e', usd: '25', pct: '0.25', severity: '0.333333333333333333' });
    expect(m?.status).toBe('final');
    expect(m?.provenance).toEqual({
      sigRef: 'sell-1',
      slotRef: '100',
      priceSource: 'candles_1h',
      confidence: 0.9,
    });
  });

  it('stays silent a hair below either threshold', () => {
    expect(run('100', 100_000_000n, '1.249999999999999999')).toEqual([]);
    // pct 0.25 but missed 24.99…: 99.99 tokens at $1
    expect(run('99.99', 99_990_000n, '1.25')).toEqual([]);
  });

  it('clamps severity at 1 and is provisional until t_exit + 7d', () => {
    const [m] = run('100', 100_000_000n, '3', T0 + 7 * DAY - 1);
    expect(m).toMatchObject({ severity: '1', pct: '2', usd: '200', status: 'provisional' });
    expect(run('100', 100_000_000n, '3', T0 + 7 * DAY)[0]?.status).toBe('final');
  });

  it('sums the realized trades of one exit into one moment', () => {
    const trades = [trade('60', 60_000_000n, 't1'), trade('40', 40_000_000n, 't2')];
    const ms = run('0', 0n, '1.25', T0 + 30 * DAY, trades);
    expect(ms).toHaveLength(1);
    expect(ms[0]).toMatchObject({ usd: '25', sourceEvent: 'sell-1:0' });
  });
});
