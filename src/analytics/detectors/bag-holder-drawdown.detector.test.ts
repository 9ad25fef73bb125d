import { describe, expect, it } from 'vitest';
import { detectBagHolderDrawdown } from './bag-holder-drawdown.detector.ts';
import { CONFIG, DAY, T0, WALLET, fixedPrices, lot } from './detectors.fixtures.ts';

const run = (trough: string, now = T0 + 30 * DAY) =>
  detectBagHolderDrawdown({
    wallet: WALLET,
    lots: [lot('100', 100_000_000n)],
    prices: fixedPrices({ min: trough }),
    now,
    config: CONFIG.bhd,
  });

describe('BHD', () => {
  it('emits exactly at dd = −0.30 with severity 0', () => {
    const [m] = run('0.7');
    expect(m).toMatchObject({ kind: 'bhd', pct: '-0.3', usd: '30', severity: '0', status: 'final' });
  });

  it('does not emit just above −0.30', () => {
    expect(run('0.700000000000000001')).toEqual([]);
  });

  it('scales severity and clamps it at 1 from dd −0.80', () => {
    expect(run('0.45')[0]?.severity).toBe('0.5');
    expect(run('0.2')[0]?.severity).toBe('1');
    expect(run('0')[0]).toMatchObject({ severity: '1', usd: '100', pct: '-1' });
  });

  it('is provisional while the 7-day window is open', () => {
    expect(run('0.5', T0 + 7 * DAY - 1)[0]?.status).toBe('provisional');
    expect(run('0.5', T0 + 7 * DAY)[0]?.status).toBe('final');
  });
});
