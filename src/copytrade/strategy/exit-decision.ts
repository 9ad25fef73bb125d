/**
 * What an evaluation decides: sell `qtyRaw` base units now, for one reason. Every decision carries the observed
 * price, the time it was taken at and the level that fired, so the executor and the audit log need nothing else.
 */

/**
 * Highest priority first. Mirror-exit follows the trader we copy (their information beats our rules); the
 * protective full exits come next (stop-loss before trailing before take-profit: all sell everything, only the
 * recorded reason differs); the scaling-out ladder is last because any full exit above supersedes a partial one.
 */
export const EXIT_PRIORITY = [
  'MIRROR_EXIT',
  'STOP_LOSS',
  'TRAILING_STOP',
  'TAKE_PROFIT',
  'SCALE_OUT',
] as const;

export type ExitReason = (typeof EXIT_PRIORITY)[number];

/** 0 = most urgent; the order the live executor's queue uses too. */
export function exitRank(reason: ExitReason): number {
  return EXIT_PRIORITY.indexOf(reason);
}

interface DecisionBase {
  /** Base units to sell: 1 ≤ qtyRaw ≤ remaining. */
  readonly qtyRaw: bigint;
  /** The price the evaluation saw, USD per whole token. */
  readonly priceUsd: string;
  /** When the evaluation ran (the `now` it was given), Unix milliseconds. */
  readonly atMs: number;
}

export interface MirrorExitDecision extends DecisionBase {
  readonly reason: 'MIRROR_EXIT';
  readonly mode: 'proportional' | 'all';
  /** Share of its holding the source wallet sold, 0 < x ≤ 1, 18 digits truncated. */
  readonly sourceSoldFraction: string;
}

export interface StopLossDecision extends DecisionBase {
  readonly reason: 'STOP_LOSS';
  /** `entry × (1 − lossFraction)` rounded down to 18 digits; `priceUsd ≤ stopPriceUsd`. */
  readonly stopPriceUsd: string;
}

export interface TrailingStopDecision extends DecisionBase {
  readonly reason: 'TRAILING_STOP';
  /** `peak × (1 − trailFraction)` rounded down to 18 digits; `priceUsd ≤ stopPriceUsd`. */
  readonly stopPriceUsd: string;
  readonly peakPriceUsd: string;
}

export interface TakeProfitDecision extends DecisionBase {
  readonly reason: 'TAKE_PROFIT';
  /** `entry × multiple`; `priceUsd ≥ targetPriceUsd`. */
  readonly targetPriceUsd: string;
}

/** One ladder level sold by a scale-out decision. */
export interface LadderFill {
  /** Index in `strategy.scalingOut`. */
  readonly level: number;
  readonly multiple: string;
  readonly targetPriceUsd: string;
  readonly qtyRaw: bigint;
}

/** Every level crossed since the last evaluation, sold together: `qtyRaw` is the sum of the fills. */
export interface ScaleOutDecision extends DecisionBase {
  readonly reason: 'SCALE_OUT';
  readonly fills: readonly LadderFill[];
}

export type ExitDecision =
  | MirrorExitDecision
  | StopLossDecision
  | TrailingStopDecision
  | TakeProfitDecision
  | ScaleOutDecision;
