import { describe, expect, test } from 'vitest';
import type { ClosedTrade } from './breaker-metrics.ts';
import { DEFAULT_BREAKER_SETTINGS, parseBreakerSettings, type BreakerLimits } from './breaker-settings.ts';
import { breakerTransitions, stepBreakers } from './breaker-transitions.ts';
import { blockingBreakers, canOpen, evaluateBreakers } from './circuit-breakers.ts';
import { StrategyError } from './strategy-error.ts';

const A = 'WalletAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const B = 'WalletBbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const OFF: BreakerLimits = {
  maxDrawdown: null,
  minWinRate: null,
  maxConsecutiveLosses: null,
  lookbackMs: null,
};
const globalOnly = (l: Partial<BreakerLimits>) => ({ global: { ...OFF, ...l }, perWallet: OFF });

let seq = 0;
function trades(wallet: string, pnls: readonly string[], startMs = 1_000): ClosedTrade[] {
  return pnls.map((realizedPnlUsd, i) => ({
    positionId: `p${String(seq++).padStart(4, '0')}`,
    wallet,
    closedAtMs: startMs + i * 1_000,
    realizedPnlUsd,
  }));
}
const ctx = (nowMs: number) => ({ nowMs, equityBaseUsd: '1000' });

describe('max drawdown from peak equity', () => {
  const settings = globalOnly({ maxDrawdown: { fraction: '0.2' } });

  test('active exactly at the threshold: peak 1100, equity 880 → 0.2', () => {
    const s = evaluateBreakers(trades(A, ['100', '-220']), settings, ctx(10_000));
    expect(s.readings).toEqual([
      { kind: 'MAX_DRAWDOWN', wallet: null, active: true, metric: '0.2', threshold: '0.2', sampleSize: 2 },
    ]);
  });

  test('inactive one grid step short of it', () => {
    const s = evaluateBreakers(trades(A, ['100', '-219.999999999999999999']), settings, ctx(10_000));
    expect(s.readings[0]?.active).toBe(false);
  });

  test('measured from the peak, not from the start: a recovery clears it', () => {
    const s = evaluateBreakers(trades(A, ['500', '-300', '-20', '400']), settings, ctx(10_000));
    expect(s.readings[0]).toMatchObject({ active: false, metric: '0' });
    const t = evaluateBreakers(trades(A, ['500', '-300']), settings, ctx(10_000));
    expect(t.readings[0]).toMatchObject({ active: true, metric: '0.2' });
  });

  test('equity below zero reads above 1; a window starting with no equity reads as a full drawdown', () => {
    const s = evaluateBreakers(trades(A, ['-1000', '-5']), settings, ctx(10_000));
    expect(s.readings[0]).toMatchObject({ active: true, metric: '1.005' });
    const windowed = globalOnly({ maxDrawdown: { fraction: '0.2' }, lookbackMs: 1_000 });
    const w = evaluateBreakers(trades(A, ['-1000', '-5'], 1_000), windowed, ctx(2_500));
    expect(w.readings[0]).toMatchObject({ active: true, metric: '1', sampleSize: 1 });
  });
});

describe('min win rate over the last N', () => {
  const settings = globalOnly({ minWinRate: { lastN: 4, rate: '0.5' } });

  test('exactly at the rate is not active; one win fewer is', () => {
    expect(
      evaluateBreakers(trades(A, ['-9', '1', '-1', '2', '-3']), settings, ctx(99_000)).readings[0],
    ).toMatchObject({
      active: false,
      metric: '0.5',
      sampleSize: 4,
    });
    expect(
      evaluateBreakers(trades(A, ['5', '1', '-1', '-2', '-3']), settings, ctx(99_000)).readings[0],
    ).toMatchObject({
      active: true,
      metric: '0.25',
      threshold: '0.5',
    });
  });

  test('silent until N positions closed; a breakeven is not a win', () => {
    expect(evaluateBreakers(trades(A, ['-1', '-1', '-1']), settings, ctx(99_000)).readings[0]?.active).toBe(
      false,
    );
    expect(
      evaluateBreakers(trades(A, ['0', '0', '1', '-1']), settings, ctx(99_000)).readings[0]?.active,
    ).toBe(true);
  });
});

describe('consecutive losses', () => {
  const settings = globalOnly({ maxConsecutiveLosses: { count: 3 } });

  test('active at the count, not one before', () => {
    expect(evaluateBreakers(trades(A, ['5', '-1', '-1']), settings, ctx(99_000)).readings[0]).toMatchObject({
      active: false,
      metric: '2',
    });
    expect(
      evaluateBreakers(trades(A, ['5', '-1', '-1', '-0.01']), settings, ctx(99_000)).readings[0],
    ).toMatchObject({
      active: true,
      metric: '3',
      threshold: '3',
    });
  });

  test('a win or a breakeven ends the streak', () => {
    expect(
      evaluateBreakers(trades(A, ['-1', '-1', '0', '-1']), settings, ctx(99_000)).readings[0]?.metric,
    ).toBe('1');
  });
});

describe('scopes, time and entries', () => {
  const settings = {
    global: { ...OFF, maxConsecutiveLosses: { count: 5 } },
    perWallet: { ...OFF, maxConsecutiveLosses: { count: 2 }, lookbackMs: 10_000 },
  };

  test('a wallet breaker blocks entries copying that wallet only; a global one blocks all', () => {
    const closed = [...trades(A, ['-1', '-1'], 1_000), ...trades(B, ['3'], 1_500)];
    const s = evaluateBreakers(closed, settings, ctx(5_000));
    expect(canOpen(s, A)).toBe(false);
    expect(canOpen(s, B)).toBe(true);
    expect(blockingBreakers(s, A).map((r) => [r.kind, r.wallet])).toEqual([['CONSECUTIVE_LOSSES', A]]);
    const g = evaluateBreakers(trades(B, ['-1', '-1', '-1', '-1', '-1'], 1_000), settings, ctx(9_000));
    expect(canOpen(g, A)).toBe(false);
    expect(g.readings.map((r) => [r.wallet, r.active])).toEqual([
      [null, true],
      [B, true],
    ]);
  });

  test('positions closed after now are not known yet', () => {
    const closed = trades(A, ['-1', '-1'], 1_000);
    expect(canOpen(evaluateBreakers(closed, settings, ctx(1_999)), A)).toBe(true);
    expect(canOpen(evaluateBreakers(closed, settings, ctx(2_000)), A)).toBe(false);
  });

  test('losses that age out of the lookback release the breaker, with events carrying the metrics', () => {
    const closed = trades(A, ['-1', '-1'], 1_000);
    const first = stepBreakers(null, closed, settings, ctx(2_000));
    expect(first.events).toEqual([
      {
        type: 'BREAKER_ACTIVATED',
        kind: 'CONSECUTIVE_LOSSES',
        wallet: A,
        atMs: 2_000,
        metric: '2',
        threshold: '2',
        sampleSize: 2,
      },
    ]);
    // The first loss leaves the window (now − lookback = 1_000 is excluded).
    const later = stepBreakers(first.state, closed, settings, ctx(11_000));
    expect(later.events).toEqual([
      {
        type: 'BREAKER_DEACTIVATED',
        kind: 'CONSECUTIVE_LOSSES',
        wallet: A,
        atMs: 11_000,
        metric: '1',
        threshold: '2',
        sampleSize: 1,
      },
    ]);
    expect(stepBreakers(later.state, closed, settings, ctx(12_000)).events).toEqual([]);
  });

  test('a breaker turned off in the settings deactivates with its last reading', () => {
    const closed = trades(A, ['-1', '-1'], 1_000);
    const on = evaluateBreakers(closed, settings, ctx(3_000));
    const off = evaluateBreakers(closed, { ...settings, perWallet: OFF }, ctx(4_000));
    expect(breakerTransitions(on, off)).toEqual([
      expect.objectContaining({ type: 'BREAKER_DEACTIVATED', wallet: A, atMs: 4_000, metric: '2' }),
    ]);
  });

  test('a wallet has its own equity base for the drawdown', () => {
    const s = evaluateBreakers(
      trades(A, ['-10']),
      { global: OFF, perWallet: { ...OFF, maxDrawdown: { fraction: '0.1' } } },
      { nowMs: 99_000, equityBaseUsd: '1000', walletEquityBaseUsd: { [A]: '100' } },
    );
    expect(s.readings[0]).toMatchObject({ wallet: A, active: true, metric: '0.1' });
  });
});

describe('settings and inputs', () => {
  test('the defaults are valid settings', () => {
    expect(parseBreakerSettings(DEFAULT_BREAKER_SETTINGS)).toEqual(DEFAULT_BREAKER_SETTINGS);
  });

  test.each([
    {
      ...DEFAULT_BREAKER_SETTINGS,
      global: { ...DEFAULT_BREAKER_SETTINGS.global, maxDrawdown: { fraction: '0' } },
    },
    {
      ...DEFAULT_BREAKER_SETTINGS,
      global: { ...DEFAULT_BREAKER_SETTINGS.global, maxDrawdown: { fraction: 'x' } },
    },
    { ...DEFAULT_BREAKER_SETTINGS, perWallet: { ...DEFAULT_BREAKER_SETTINGS.perWallet, lookbackMs: 0 } },
    {
      ...DEFAULT_BREAKER_SETTINGS,
      perWallet: { ...DEFAULT_BREAKER_SETTINGS.perWallet, minWinRate: { lastN: 0, rate: '0.5' } },
    },
    {
      ...DEFAULT_BREAKER_SETTINGS,
      perWallet: { ...DEFAULT_BREAKER_SETTINGS.perWallet, maxConsecutiveLosses: { count: 1.5 } },
    },
  ])('out-of-range settings are refused (%#)', (bad) => {
    expect(() => parseBreakerSettings(bad)).toThrow(
      expect.objectContaining({ code: 'BREAKER_SETTINGS_INVALID' }),
    );
  });

  test('bad PnL or equity base is refused', () => {
    const bad = [{ positionId: 'x', wallet: A, closedAtMs: 1, realizedPnlUsd: '1e3' }];
    expect(() => evaluateBreakers(bad, DEFAULT_BREAKER_SETTINGS, ctx(5))).toThrow(StrategyError);
    expect(() => evaluateBreakers([], DEFAULT_BREAKER_SETTINGS, { nowMs: 5, equityBaseUsd: '0' })).toThrow(
      expect.objectContaining({ code: 'BREAKER_INPUT_INVALID' }),
    );
  });
});
