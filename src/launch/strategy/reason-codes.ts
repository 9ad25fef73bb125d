/**
 * Why the strategy wants a trade: every intent carries the codes of the signals that fired (stable names, kept
 * in the intent row and the backtest's per-reason statistics).
 */
export const ENTRY_REASONS = [
  /** Net SOL inflow of the minute above a floor and up on the previous minute by at least a step. */
  'NET_INFLOW_ACCEL',
  /** More unique buyers than the previous minute by a percentage, and at least a minimum count. */
  'BUYER_GROWTH',
  /** Implied price up over the last minute by at least a slope (bps per minute). */
  'PRICE_SLOPE_UP',
  /** Implied price accelerating: the last minute's change above the one before (positive curvature). */
  'PRICE_CONVEX',
  /** After migration to an AMM: inflow positive for consecutive minutes in the first window of trading. */
  'POST_MIGRATION_REGIME',
] as const;

export const EXIT_REASONS = [
  /** Net inflow turned negative beyond a floor, or stayed negative for consecutive minutes. */
  'EXIT_FLOW_REVERSAL',
  /** A risk flag of blocking severity was raised on a held mint. */
  'EXIT_RISK_FLAG',
  /** Implied price reached the take-profit above the entry price. */
  'EXIT_TAKE_PROFIT',
  /** Implied price fell to the stop below the entry price. */
  'EXIT_STOP_LOSS',
  /** Held for the maximum holding time (event time). */
  'EXIT_MAX_HOLD',
] as const;

export type EntryReason = (typeof ENTRY_REASONS)[number];
export type ExitReason = (typeof EXIT_REASONS)[number];
export type ReasonCode = EntryReason | ExitReason;
