import { describe, expect, test } from 'vitest';
import { parseExitStrategy } from './exit-strategy.ts';
import { mergeStrategy, parseStrategyOverrides } from './merge-strategy.ts';
import { StrategyError } from './strategy-error.ts';
import { AGGRESSIVE_STRATEGY, DEFAULT_STRATEGY, STRATEGY_TEMPLATES } from './strategy-templates.ts';

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof StrategyError) return e.code;
    throw e;
  }
  throw new Error('expected a StrategyError');
}

describe('templates', () => {
  test.each(Object.entries(STRATEGY_TEMPLATES))('%s is a valid strategy', (_name, t) => {
    expect(parseExitStrategy(t)).toEqual(t);
  });

  test('the default ladder is the spec one: 50 % at 2×, 25 % at 3×, the rest rides', () => {
    expect(DEFAULT_STRATEGY.scalingOut).toEqual([
      { multiple: '2', fraction: '0.5' },
      { multiple: '3', fraction: '0.25' },
    ]);
  });
});

describe('mergeStrategy', () => {
  test('no overrides gives the template', () => {
    expect(mergeStrategy(DEFAULT_STRATEGY)).toEqual(DEFAULT_STRATEGY);
  });

  test('fields merge over the template, null turns a rule off, a ladder replaces the ladder', () => {
    const s = mergeStrategy(DEFAULT_STRATEGY, {
      trailingStop: { trailFraction: '0.1' },
      stopLoss: null,
      scalingOut: [{ multiple: '5', fraction: '1' }],
      mirrorExit: 'all',
    });
    expect(s).toEqual({
      stopLoss: null,
      trailingStop: { activationGain: '1', trailFraction: '0.1' },
      takeProfit: null,
      scalingOut: [{ multiple: '5', fraction: '1' }],
      mirrorExit: 'all',
    });
  });

  test('enabling a rule the template lacks needs every field', () => {
    expect(mergeStrategy(DEFAULT_STRATEGY, { takeProfit: { multiple: '6' } }).takeProfit).toEqual({
      multiple: '6',
    });
    const t = { ...DEFAULT_STRATEGY, trailingStop: null };
    expect(codeOf(() => mergeStrategy(t, { trailingStop: { trailFraction: '0.2' } }))).toBe(
      'STRATEGY_SHAPE_INVALID',
    );
  });

  test.each([
    [{ stopLoss: { lossFraction: '0' } }, 'STRATEGY_STOP_LOSS_OUT_OF_RANGE'],
    [{ stopLoss: { lossFraction: '1' } }, 'STRATEGY_STOP_LOSS_OUT_OF_RANGE'],
    [{ trailingStop: { activationGain: '0' } }, 'STRATEGY_TRAILING_ACTIVATION_OUT_OF_RANGE'],
    [{ trailingStop: { trailFraction: '1' } }, 'STRATEGY_TRAILING_DISTANCE_OUT_OF_RANGE'],
    [{ trailingStop: { trailFraction: '0' } }, 'STRATEGY_TRAILING_DISTANCE_OUT_OF_RANGE'],
    [{ takeProfit: { multiple: '1' } }, 'STRATEGY_TAKE_PROFIT_OUT_OF_RANGE'],
    [{ scalingOut: [{ multiple: '1', fraction: '0.5' }] }, 'STRATEGY_LADDER_MULTIPLES_INVALID'],
    [
      {
        scalingOut: [
          { multiple: '3', fraction: '0.5' },
          { multiple: '3', fraction: '0.25' },
        ],
      },
      'STRATEGY_LADDER_MULTIPLES_INVALID',
    ],
    [{ scalingOut: [{ multiple: '2', fraction: '0' }] }, 'STRATEGY_LADDER_FRACTION_OUT_OF_RANGE'],
    [
      {
        scalingOut: [
          { multiple: '2', fraction: '0.5' },
          { multiple: '3', fraction: '0.500000000000000001' },
        ],
      },
      'STRATEGY_LADDER_FRACTIONS_EXCEED_ONE',
    ],
    [{ stopLoss: { lossFraction: '0.1.2' } }, 'STRATEGY_SHAPE_INVALID'],
    [{ stopLoss: { lossFraction: '-0.1' } }, 'STRATEGY_STOP_LOSS_OUT_OF_RANGE'],
  ] as const)('%j is refused with %s', (overrides, code) => {
    expect(codeOf(() => mergeStrategy(DEFAULT_STRATEGY, overrides))).toBe(code);
  });

  test('just inside every range is accepted', () => {
    const s = mergeStrategy(DEFAULT_STRATEGY, {
      stopLoss: { lossFraction: '0.999999999999999999' },
      trailingStop: { activationGain: '0.000000000000000001', trailFraction: '0.000000000000000001' },
      takeProfit: { multiple: '1.000000000000000001' },
      scalingOut: [
        { multiple: '1.000000000000000001', fraction: '0.5' },
        { multiple: '1.000000000000000002', fraction: '0.5' },
      ],
    });
    expect(s.scalingOut).toHaveLength(2);
  });

  test('the error lists every problem; the first gives the code and kind', () => {
    let err: unknown;
    try {
      mergeStrategy(AGGRESSIVE_STRATEGY, {
        stopLoss: { lossFraction: '2' },
        takeProfit: { multiple: '0.5' },
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StrategyError);
    const e = err as StrategyError;
    expect(e.code).toBe('STRATEGY_STOP_LOSS_OUT_OF_RANGE');
    expect(e.kind).toBe('invalid_input');
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([
      ['STRATEGY_STOP_LOSS_OUT_OF_RANGE', 'stopLoss.lossFraction'],
      ['STRATEGY_TAKE_PROFIT_OUT_OF_RANGE', 'takeProfit.multiple'],
    ]);
  });
});

describe('parsing untrusted input', () => {
  test('unknown keys and numbers instead of decimal strings are shape errors', () => {
    expect(codeOf(() => parseStrategyOverrides({ stopLos: { lossFraction: '0.2' } }))).toBe(
      'STRATEGY_SHAPE_INVALID',
    );
    expect(codeOf(() => parseStrategyOverrides({ stopLoss: { lossFraction: 0.2 } }))).toBe(
      'STRATEGY_SHAPE_INVALID',
    );
    expect(codeOf(() => parseExitStrategy({ ...DEFAULT_STRATEGY, mirrorExit: 'sometimes' }))).toBe(
      'STRATEGY_SHAPE_INVALID',
    );
  });

  test('parsed overrides merge like typed ones', () => {
    const o = parseStrategyOverrides({ stopLoss: { lossFraction: '0.2' }, takeProfit: null });
    expect(o).toEqual({ stopLoss: { lossFraction: '0.2' }, takeProfit: null });
    expect(mergeStrategy(DEFAULT_STRATEGY, o).stopLoss).toEqual({ lossFraction: '0.2' });
  });

  test('ranges are checked by parseExitStrategy too', () => {
    expect(codeOf(() => parseExitStrategy({ ...DEFAULT_STRATEGY, stopLoss: { lossFraction: '1.5' } }))).toBe(
      'STRATEGY_STOP_LOSS_OUT_OF_RANGE',
    );
  });
});
