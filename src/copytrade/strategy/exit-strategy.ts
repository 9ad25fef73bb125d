/**
 * The exit-strategy config of a position and its validation. Every ratio is a decimal string (read on the
 * 10^18 grid), never a float: `lossFraction: '0.3'` means "exit when the price is 30 % below entry".
 */
import { z } from 'zod';
import { ONE, isDecimal, parseFixed } from './fixed-point.ts';
import { StrategyError, type StrategyErrorCode, type StrategyIssue } from './strategy-error.ts';

/** Full exit when `price ≤ entry × (1 − lossFraction)`; 0 < lossFraction < 1. */
export interface StopLossConfig {
  readonly lossFraction: string;
}

/**
 * Arms once the peak reaches `entry × (1 + activationGain)` (activationGain > 0), then exits everything when
 * `price ≤ peak × (1 − trailFraction)` (0 < trailFraction < 1). The level follows the peak, so it never loosens.
 */
export interface TrailingStopConfig {
  readonly activationGain: string;
  readonly trailFraction: string;
}

/** Full exit when `price ≥ entry × multiple`; multiple > 1. */
export interface TakeProfitConfig {
  readonly multiple: string;
}

/** Sell `fraction` of the ORIGINAL size once, when `price ≥ entry × multiple`. */
export interface LadderLevel {
  readonly multiple: string;
  readonly fraction: string;
}

/** `proportional`: sell the fraction the source wallet sold; `all`: any source sell exits everything. */
export type MirrorExitMode = 'proportional' | 'all' | 'off';

export interface ExitStrategy {
  readonly stopLoss: StopLossConfig | null;
  readonly trailingStop: TrailingStopConfig | null;
  readonly takeProfit: TakeProfitConfig | null;
  /** Multiples strictly ascending and > 1; fractions in (0, 1] adding up to ≤ 1 (the rest rides). */
  readonly scalingOut: readonly LadderLevel[];
  readonly mirrorExit: MirrorExitMode;
}

const decimal = z.string().refine(isDecimal, { message: 'expected a decimal string like "0.25"' });

export const stopLossShape = z.strictObject({ lossFraction: decimal });
export const trailingStopShape = z.strictObject({ activationGain: decimal, trailFraction: decimal });
export const takeProfitShape = z.strictObject({ multiple: decimal });
export const ladderLevelShape = z.strictObject({ multiple: decimal, fraction: decimal });
export const mirrorExitShape = z.enum(['proportional', 'all', 'off']);

const between01 = (v: bigint): boolean => v > 0n && v < ONE;

function rangeIssues(s: ExitStrategy): StrategyIssue[] {
  const issues: StrategyIssue[] = [];
  const issue = (code: StrategyErrorCode, path: string, message: string): void => {
    issues.push({ code, path, message });
  };
  if (s.stopLoss && !between01(parseFixed(s.stopLoss.lossFraction))) {
    issue('STRATEGY_STOP_LOSS_OUT_OF_RANGE', 'stopLoss.lossFraction', 'must be > 0 and < 1');
  }
  if (s.trailingStop) {
    if (parseFixed(s.trailingStop.activationGain) <= 0n) {
      issue('STRATEGY_TRAILING_ACTIVATION_OUT_OF_RANGE', 'trailingStop.activationGain', 'must be > 0');
    }
    if (!between01(parseFixed(s.trailingStop.trailFraction))) {
      issue('STRATEGY_TRAILING_DISTANCE_OUT_OF_RANGE', 'trailingStop.trailFraction', 'must be > 0 and < 1');
    }
  }
  if (s.takeProfit && parseFixed(s.takeProfit.multiple) <= ONE) {
    issue('STRATEGY_TAKE_PROFIT_OUT_OF_RANGE', 'takeProfit.multiple', 'must be > 1');
  }
  let previous = ONE;
  let total = 0n;
  s.scalingOut.forEach((level, i) => {
    const multiple = parseFixed(level.multiple);
    if (multiple <= previous) {
      const why = i === 0 ? 'must be > 1' : 'must be above the previous level';
      issue('STRATEGY_LADDER_MULTIPLES_INVALID', `scalingOut.${i}.multiple`, why);
    }
    previous = multiple > previous ? multiple : previous;
    const fraction = parseFixed(level.fraction);
    if (fraction <= 0n || fraction > ONE) {
      issue('STRATEGY_LADDER_FRACTION_OUT_OF_RANGE', `scalingOut.${i}.fraction`, 'must be > 0 and ≤ 1');
    }
    total += fraction;
  });
  if (total > ONE) {
    issue('STRATEGY_LADDER_FRACTIONS_EXCEED_ONE', 'scalingOut', 'the fractions add up to more than 1');
  }
  return issues;
}

function decimalsOf(s: ExitStrategy): string[] {
  return [
    ...(s.stopLoss ? [s.stopLoss.lossFraction] : []),
    ...(s.trailingStop ? [s.trailingStop.activationGain, s.trailingStop.trailFraction] : []),
    ...(s.takeProfit ? [s.takeProfit.multiple] : []),
    ...s.scalingOut.flatMap((l) => [l.multiple, l.fraction]),
  ];
}

/** The schema: shape first, then the ranges, each range problem tagged with its stable code in `params`. */
export const exitStrategySchema = z
  .strictObject({
    stopLoss: stopLossShape.nullable(),
    trailingStop: trailingStopShape.nullable(),
    takeProfit: takeProfitShape.nullable(),
    scalingOut: z.array(ladderLevelShape).readonly(),
    mirrorExit: mirrorExitShape,
  })
  .superRefine((s, ctx) => {
    // A malformed decimal is already a shape issue (refinements do not stop the parse); ranges need numbers.
    if (!decimalsOf(s).every(isDecimal)) return;
    for (const i of rangeIssues(s)) {
      ctx.addIssue({ code: 'custom', message: i.message, path: i.path.split('.'), params: { code: i.code } });
    }
  });

/** Zod issues → our issues: a range issue keeps its code, anything else is a shape problem. */
export function toStrategyIssues(error: z.ZodError): StrategyIssue[] {
  return error.issues.map((i) => {
    const tagged: unknown = i.code === 'custom' ? i.params?.['code'] : undefined;
    const code = typeof tagged === 'string' ? (tagged as StrategyErrorCode) : 'STRATEGY_SHAPE_INVALID';
    return { code, path: i.path.map(String).join('.'), message: i.message };
  });
}

export function strategyErrorFrom(issues: readonly StrategyIssue[], what: string): StrategyError {
  const first = issues[0];
  const code = first?.code ?? 'STRATEGY_SHAPE_INVALID';
  const where = first ? `${first.path || '(root)'}: ${first.message}` : 'invalid';
  return new StrategyError(code, `${what}: ${where}`, issues);
}

/** Parse untrusted input (config file, API body) into a valid strategy; throws `StrategyError`. */
export function parseExitStrategy(input: unknown): ExitStrategy {
  const r = exitStrategySchema.safeParse(input);
  if (!r.success) throw strategyErrorFrom(toStrategyIssues(r.error), 'invalid exit strategy');
  return r.data;
}
