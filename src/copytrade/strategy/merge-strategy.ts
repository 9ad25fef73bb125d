/**
 * A per-position (or per-wallet) override merged over a template, then validated as a whole: the merge can
 * produce a strategy no layer spelled out alone (e.g. a ladder of the override with the template's stop).
 */
import { z } from 'zod';
import {
  exitStrategySchema,
  ladderLevelShape,
  mirrorExitShape,
  strategyErrorFrom,
  toStrategyIssues,
  type ExitStrategy,
  type LadderLevel,
  type MirrorExitMode,
  type StopLossConfig,
  type TakeProfitConfig,
  type TrailingStopConfig,
} from './exit-strategy.ts';

/**
 * `undefined` (absent) keeps the template's value, `null` turns the rule off, an object is merged field by field
 * over the template's (enabling a rule the template lacks needs every field). A ladder replaces the whole ladder.
 */
export interface ExitStrategyOverrides {
  readonly stopLoss?: Partial<StopLossConfig> | null;
  readonly trailingStop?: Partial<TrailingStopConfig> | null;
  readonly takeProfit?: Partial<TakeProfitConfig> | null;
  readonly scalingOut?: readonly LadderLevel[];
  readonly mirrorExit?: MirrorExitMode;
}

const decimalText = z.string();
const overridesSchema = z.strictObject({
  stopLoss: z.strictObject({ lossFraction: decimalText.optional() }).nullable().optional(),
  trailingStop: z
    .strictObject({ activationGain: decimalText.optional(), trailFraction: decimalText.optional() })
    .nullable()
    .optional(),
  takeProfit: z.strictObject({ multiple: decimalText.optional() }).nullable().optional(),
  scalingOut: z.array(ladderLevelShape).readonly().optional(),
  mirrorExit: mirrorExitShape.optional(),
});

/** Parse untrusted overrides (API body, config layer); only the shape is checked here, ranges at the merge. */
export function parseStrategyOverrides(input: unknown): ExitStrategyOverrides {
  const r = overridesSchema.safeParse(input);
  if (!r.success) throw strategyErrorFrom(toStrategyIssues(r.error), 'invalid exit-strategy overrides');
  return dropUndefined(r.data) as ExitStrategyOverrides;
}

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined) continue;
    out[k] =
      v !== null && typeof v === 'object' && !Array.isArray(v)
        ? dropUndefined(v as Record<string, unknown>)
        : v;
  }
  return out;
}

function mergeRule<T extends object>(base: T | null, override: Partial<T> | null | undefined): unknown {
  if (override === undefined) return base;
  if (override === null) return null;
  return { ...(base ?? {}), ...override };
}

/** Template + overrides → a validated strategy; throws `StrategyError` with the code of the first problem. */
export function mergeStrategy(template: ExitStrategy, overrides: ExitStrategyOverrides = {}): ExitStrategy {
  const merged = {
    stopLoss: mergeRule(template.stopLoss, overrides.stopLoss),
    trailingStop: mergeRule(template.trailingStop, overrides.trailingStop),
    takeProfit: mergeRule(template.takeProfit, overrides.takeProfit),
    scalingOut: overrides.scalingOut ?? template.scalingOut,
    mirrorExit: overrides.mirrorExit ?? template.mirrorExit,
  };
  const r = exitStrategySchema.safeParse(merged);
  if (!r.success) throw strategyErrorFrom(toStrategyIssues(r.error), 'invalid exit strategy');
  return r.data;
}
