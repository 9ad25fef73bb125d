/**
 * The three exit-strategy templates. A position starts from one and may override fields (merge-strategy.ts).
 *
 * | template     | stop-loss | trailing: arms at / trails peak by | take-profit | ladder (of original size) | mirror       |
 * |--------------|-----------|------------------------------------|-------------|---------------------------|--------------|
 * | default      | −30 %     | +100 % (2×) / 25 %                 | none        | 50 % @ 2×, 25 % @ 3×      | proportional |
 * | conservative | −15 %     | +50 % (1.5×) / 15 %                | all @ 4×    | 50 % @ 1.5×, 25 % @ 2×    | all          |
 * | aggressive   | −50 %     | +200 % (3×) / 35 %                 | none        | 25 % @ 3×, 5×, 10× each   | proportional |
 *
 * The default ladder is the one of the product spec (50 % at 2×, 25 % at 3×, the rest rides on the trailing stop).
 */
import type { ExitStrategy } from './exit-strategy.ts';

export const DEFAULT_STRATEGY: ExitStrategy = {
  stopLoss: { lossFraction: '0.3' },
  trailingStop: { activationGain: '1', trailFraction: '0.25' },
  takeProfit: null,
  scalingOut: [
    { multiple: '2', fraction: '0.5' },
    { multiple: '3', fraction: '0.25' },
  ],
  mirrorExit: 'proportional',
};

/** Tighter stops, profits taken early, and any sell of the source wallet closes the copy. */
export const CONSERVATIVE_STRATEGY: ExitStrategy = {
  stopLoss: { lossFraction: '0.15' },
  trailingStop: { activationGain: '0.5', trailFraction: '0.15' },
  takeProfit: { multiple: '4' },
  scalingOut: [
    { multiple: '1.5', fraction: '0.5' },
    { multiple: '2', fraction: '0.25' },
  ],
  mirrorExit: 'all',
};

/** Wide stops for volatile launches; a quarter rides without a ceiling. */
export const AGGRESSIVE_STRATEGY: ExitStrategy = {
  stopLoss: { lossFraction: '0.5' },
  trailingStop: { activationGain: '2', trailFraction: '0.35' },
  takeProfit: null,
  scalingOut: [
    { multiple: '3', fraction: '0.25' },
    { multiple: '5', fraction: '0.25' },
    { multiple: '10', fraction: '0.25' },
  ],
  mirrorExit: 'proportional',
};

export const STRATEGY_TEMPLATES = {
  default: DEFAULT_STRATEGY,
  conservative: CONSERVATIVE_STRATEGY,
  aggressive: AGGRESSIVE_STRATEGY,
} as const satisfies Record<string, ExitStrategy>;

export type StrategyTemplateName = keyof typeof STRATEGY_TEMPLATES;
