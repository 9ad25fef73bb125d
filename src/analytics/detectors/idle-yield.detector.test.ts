import { describe, expect, it } from 'vitest';
import { USDC_MINT } from '../../domain/mints.ts';
import { CONFIG, DAY, T0, WALLET, fixedPrices } from './detectors.fixtures.ts';
import { type HoldingWindow, detectIdleYield } from './idle-yield.detector.ts';

const window = (balanceRaw: bigint, seconds: number | null): HoldingWindow => ({
  mint: USDC_MINT,
  decimals: 6,
  balanceRaw,
  start: T0,
  end: seconds === null ? null : T0 + seconds,
  opened: { signature: 'usdc-in', index: 1, slot: 5n },
});

const run = (w: HoldingWindow, now = T0 + 400 * DAY, mint = USDC_MINT) =>
  detectIdleYield({
    wallet: WALLET,
    windows: [{ ...w, mint }],
    prices: fixedPrices({ at: '1' }),
    now,
    config: CONFIG.idleYield,
  });

describe('Idle yield', () => {
  it('emits exactly at $25: 500 USDC idle for 365 days at 5%', () => {
    const [m] = run(window(500_000_000n, 365 * DAY));
    expect(m).toMatchObject({ kind: 'idle_yield', usd: '25', pct: '0.05', severity: '0.1', status: 'final' });
    expect(m?.explain).toMatchObject({ days: '365', avgPxUsd: '1', balance: '500' });
  });

  it('does not emit one second short of $25, nor for an asset without an APR', () => {
    expect(run(window(500_000_000n, 365 * DAY - 1))).toEqual([]);
    expect(
      run(window(500_000_000n, 365 * DAY), T0 + 400 * DAY, 'NoApr1111111111111111111111111111111'),
    ).toEqual([]);
  });

  it('runs an open window to now and keeps it provisional; clamps severity', () => {
    const [m] = run(window(100_000_000_000n, null), T0 + 365 * DAY);
    expect(m).toMatchObject({ usd: '5000', severity: '1', status: 'provisional' });
  });
});
