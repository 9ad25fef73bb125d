import { describe, expect, test } from 'vitest';
import { evaluateExits, exitCandidates } from './evaluate-exits.ts';
import { EXIT_PRIORITY, exitRank } from './exit-decision.ts';
import type { ExitStrategy } from './exit-strategy.ts';
import { mergeStrategy } from './merge-strategy.ts';
import { evaluateMirrorExit } from './mirror-exit.ts';
import { evaluateScalingOut } from './scaling-out.ts';
import { evaluateStopLoss } from './stop-loss.ts';
import { StrategyError } from './strategy-error.ts';
import { applyExit, openPosition, trackPeak, type StrategyPosition } from './strategy-position.ts';
import { CONSERVATIVE_STRATEGY, DEFAULT_STRATEGY } from './strategy-templates.ts';
import { evaluateTakeProfit } from './take-profit.ts';
import { evaluateTrailingStop, trailingStopLevel } from './trailing-stop.ts';

const T = 1_700_000_000_000;
const only = (over: Partial<ExitStrategy>): ExitStrategy => ({
  stopLoss: null,
  trailingStop: null,
  takeProfit: null,
  scalingOut: [],
  mirrorExit: 'off',
  ...over,
});

describe('stop-loss (default −30 %, entry $1)', () => {
  const p = openPosition('1', 1_000n, DEFAULT_STRATEGY);

  test('fires at the stop price exactly, with everything left', () => {
    expect(evaluateStopLoss(p, '0.7', T)).toEqual({
      reason: 'STOP_LOSS',
      qtyRaw: 1_000n,
      priceUsd: '0.7',
      atMs: T,
      stopPriceUsd: '0.7',
    });
  });

  test('does not fire one grid step above', () => {
    expect(evaluateStopLoss(p, '0.700000000000000001', T)).toBeNull();
  });

  test('exact on awkward entries: $0.000123 − 30 % = $0.0000861', () => {
    const q = openPosition('0.000123', 5n, DEFAULT_STRATEGY);
    expect(evaluateStopLoss(q, '0.0000861', T)?.stopPriceUsd).toBe('0.0000861');
    expect(evaluateStopLoss(q, '0.000086100000000001', T)).toBeNull();
  });

  test('a stop that falls between grid steps rounds down, and fires only at or below it', () => {
    // 0.000000000000000007 × 0.7 = 0.0000000000000000049 → the grid step below is 0.000000000000000004.
    const q = openPosition('0.000000000000000007', 5n, DEFAULT_STRATEGY);
    expect(evaluateStopLoss(q, '0.000000000000000005', T)).toBeNull();
    expect(evaluateStopLoss(q, '0.000000000000000004', T)?.stopPriceUsd).toBe('0.000000000000000004');
  });
});

describe('trailing stop (default: arms at 2×, trails the peak by 25 %)', () => {
  const p = openPosition('1', 1_000n, only({ trailingStop: DEFAULT_STRATEGY.trailingStop }));

  test('not armed one step below the activation peak, even after a deep fall', () => {
    const q = trackPeak(p, '1.999999999999999999');
    expect(trailingStopLevel(q)).toBeNull();
    expect(evaluateTrailingStop(q, '0.5', T)).toBeNull();
  });

  test('arms at the activation peak; fires at peak × 0.75 and not a step above', () => {
    const q = trackPeak(p, '2');
    expect(trailingStopLevel(q)).toBe('1.5');
    expect(evaluateTrailingStop(q, '1.500000000000000001', T)).toBeNull();
    expect(evaluateTrailingStop(q, '1.5', T)).toEqual({
      reason: 'TRAILING_STOP',
      qtyRaw: 1_000n,
      priceUsd: '1.5',
      atMs: T,
      stopPriceUsd: '1.5',
      peakPriceUsd: '2',
    });
  });

  test('follows the peak up and never comes back down', () => {
    let q = trackPeak(p, '2');
    q = trackPeak(q, '4');
    expect(trailingStopLevel(q)).toBe('3');
    q = trackPeak(q, '3.2');
    expect(q.peakPriceUsd).toBe('4');
    expect(trailingStopLevel(q)).toBe('3');
    expect(evaluateTrailingStop(q, '3', T)?.stopPriceUsd).toBe('3');
  });

  test('the evaluated price counts toward the peak even before trackPeak', () => {
    expect(trailingStopLevel(p, '2')).toBe('1.5');
    expect(evaluateTrailingStop(p, '2', T)).toBeNull();
  });
});

describe('take-profit', () => {
  const p = openPosition('0.3', 7n, only({ takeProfit: { multiple: '4' } }));
  test('fires at entry × multiple, not one step below', () => {
    expect(evaluateTakeProfit(p, '1.199999999999999999', T)).toBeNull();
    expect(evaluateTakeProfit(p, '1.2', T)).toMatchObject({
      reason: 'TAKE_PROFIT',
      qtyRaw: 7n,
      targetPriceUsd: '1.2',
    });
  });
});

describe('scaling-out ladder (50 % at 2×, 25 % at 3× of the original size)', () => {
  const p = openPosition('1', 1_001n, only({ scalingOut: DEFAULT_STRATEGY.scalingOut }));

  test('nothing one step below 2×; at 2× sells floor(50 % of 1001) = 500', () => {
    expect(evaluateScalingOut(p, '1.999999999999999999', T)).toBeNull();
    const d = evaluateScalingOut(p, '2', T);
    expect(d).toEqual({
      reason: 'SCALE_OUT',
      qtyRaw: 500n,
      priceUsd: '2',
      atMs: T,
      fills: [{ level: 0, multiple: '2', targetPriceUsd: '2', qtyRaw: 500n }],
    });
  });

  test('each level sells once; the second sells floor(25 % of the original) = 250; the rest rides', () => {
    let q = applyExit(p, evaluateScalingOut(p, '2.5', T)!);
    expect(q.ladderLevelsHit).toEqual([0]);
    expect(evaluateScalingOut(q, '2.9', T)).toBeNull();
    q = applyExit(q, evaluateScalingOut(q, '3', T)!);
    expect(q.remainingQtyRaw).toBe(251n);
    expect(q.ladderLevelsHit).toEqual([0, 1]);
    expect(evaluateScalingOut(q, '100', T)).toBeNull();
  });

  test('a jump across both levels sells both in one decision', () => {
    const d = evaluateScalingOut(p, '3.5', T)!;
    expect(d.qtyRaw).toBe(750n);
    expect(d.fills.map((f) => [f.level, f.qtyRaw])).toEqual([
      [0, 500n],
      [1, 250n],
    ]);
  });

  test('never sells more than what is left (after a mirror exit)', () => {
    const q: StrategyPosition = { ...p, remainingQtyRaw: 600n };
    const d = evaluateScalingOut(q, '3', T)!;
    expect(d.fills.map((f) => f.qtyRaw)).toEqual([500n, 100n]);
    expect(applyExit(q, d).remainingQtyRaw).toBe(0n);
  });

  test('a level that rounds to zero base units sells nothing and stays unsold', () => {
    const tiny = openPosition('1', 1n, only({ scalingOut: DEFAULT_STRATEGY.scalingOut }));
    expect(evaluateScalingOut(tiny, '5', T)).toBeNull();
  });

  test('applying the same level twice is refused', () => {
    const d = evaluateScalingOut(p, '2', T)!;
    const q = applyExit(p, d);
    expect(() => applyExit(q, d)).toThrow(StrategyError);
  });
});

describe('mirror-exit', () => {
  const p = openPosition('1', 1_000n, DEFAULT_STRATEGY);

  test('proportional: the source sold 1 of 3 → we sell floor(1000 / 3)', () => {
    expect(evaluateMirrorExit(p, { soldRaw: 1n, heldBeforeRaw: 3n }, '1.1', T)).toEqual({
      reason: 'MIRROR_EXIT',
      mode: 'proportional',
      qtyRaw: 333n,
      priceUsd: '1.1',
      atMs: T,
      sourceSoldFraction: '0.333333333333333333',
    });
  });

  test('the source selling everything (or more than we saw) exits everything', () => {
    expect(evaluateMirrorExit(p, { soldRaw: 5n, heldBeforeRaw: 5n }, '1', T)?.qtyRaw).toBe(1_000n);
    expect(evaluateMirrorExit(p, { soldRaw: 9n, heldBeforeRaw: 0n }, '1', T)?.sourceSoldFraction).toBe('1');
  });

  test('mode all exits everything on any sell; off ignores sells', () => {
    const all = openPosition('1', 1_000n, CONSERVATIVE_STRATEGY);
    expect(evaluateMirrorExit(all, { soldRaw: 1n, heldBeforeRaw: 100n }, '1', T)?.qtyRaw).toBe(1_000n);
    const off = openPosition('1', 1_000n, mergeStrategy(DEFAULT_STRATEGY, { mirrorExit: 'off' }));
    expect(evaluateMirrorExit(off, { soldRaw: 1n, heldBeforeRaw: 1n }, '1', T)).toBeNull();
  });

  test('a sell too small to move one base unit is no exit', () => {
    expect(evaluateMirrorExit(p, { soldRaw: 1n, heldBeforeRaw: 10_000n }, '1', T)).toBeNull();
  });
});

describe('priority: one decision per evaluation', () => {
  test('the documented order', () => {
    expect(EXIT_PRIORITY).toEqual(['MIRROR_EXIT', 'STOP_LOSS', 'TRAILING_STOP', 'TAKE_PROFIT', 'SCALE_OUT']);
    expect(exitRank('MIRROR_EXIT')).toBeLessThan(exitRank('SCALE_OUT'));
  });

  test('mirror-exit beats the stop-loss', () => {
    const p = openPosition('1', 1_000n, DEFAULT_STRATEGY);
    const sell = { soldRaw: 1n, heldBeforeRaw: 2n };
    expect(exitCandidates(p, '0.5', T, sell).map((d) => d.reason)).toEqual(['MIRROR_EXIT', 'STOP_LOSS']);
    expect(evaluateExits(p, '0.5', T, sell)).toMatchObject({ reason: 'MIRROR_EXIT', qtyRaw: 500n });
  });

  test('stop-loss beats trailing when both fire; trailing beats the ladder', () => {
    const s = mergeStrategy(DEFAULT_STRATEGY, {
      trailingStop: { activationGain: '0.1', trailFraction: '0.9' },
    });
    const p = trackPeak(openPosition('1', 1_000n, s), '1.1');
    expect(exitCandidates(p, '0.1', T).map((d) => d.reason)).toEqual(['STOP_LOSS', 'TRAILING_STOP']);
    const q = trackPeak(openPosition('1', 1_000n, DEFAULT_STRATEGY), '4');
    expect(exitCandidates(q, '2.5', T).map((d) => d.reason)).toEqual(['TRAILING_STOP', 'SCALE_OUT']);
    expect(evaluateExits(q, '2.5', T)?.qtyRaw).toBe(1_000n);
  });

  test('take-profit beats the ladder', () => {
    const p = openPosition('1', 1_000n, CONSERVATIVE_STRATEGY);
    expect(evaluateExits(p, '4', T)).toMatchObject({ reason: 'TAKE_PROFIT', qtyRaw: 1_000n });
  });

  test('holds when nothing fires; a closed position never exits again', () => {
    const p = openPosition('1', 1_000n, DEFAULT_STRATEGY);
    expect(evaluateExits(p, '1.2', T)).toBeNull();
    const closed = applyExit(p, evaluateExits(p, '0.5', T)!);
    expect(closed.remainingQtyRaw).toBe(0n);
    expect(evaluateExits(closed, '0.1', T, { soldRaw: 1n, heldBeforeRaw: 1n })).toBeNull();
  });

  test('invalid positions and prices are refused', () => {
    const p = openPosition('1', 1_000n, DEFAULT_STRATEGY);
    expect(() => evaluateExits(p, '0', T)).toThrow(StrategyError);
    expect(() => evaluateExits({ ...p, remainingQtyRaw: 1_001n }, '1', T)).toThrow(StrategyError);
    expect(() => evaluateExits({ ...p, ladderLevelsHit: [2] }, '1', T)).toThrow(StrategyError);
    expect(() => openPosition('-1', 1n, DEFAULT_STRATEGY)).toThrow(StrategyError);
    expect(() => openPosition('1', 0n, DEFAULT_STRATEGY)).toThrow(StrategyError);
  });
});
