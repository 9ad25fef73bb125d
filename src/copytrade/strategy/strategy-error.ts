/**
 * The error of this folder. `code` is stable (callers and tests match on it); `kind` follows the application
 * error kinds so the edge can wrap it without guessing (`invalid_input` → HTTP 400, `invariant` → a bug).
 */
export const STRATEGY_ERROR_CODES = {
  /** The strategy or overrides are not the documented shape (unknown key, not a decimal string, ...). */
  STRATEGY_SHAPE_INVALID: 'invalid_input',
  /** Stop-loss fraction outside 0 < x < 1. */
  STRATEGY_STOP_LOSS_OUT_OF_RANGE: 'invalid_input',
  /** Trailing-stop activation gain not > 0. */
  STRATEGY_TRAILING_ACTIVATION_OUT_OF_RANGE: 'invalid_input',
  /** Trailing distance outside 0 < x < 1. */
  STRATEGY_TRAILING_DISTANCE_OUT_OF_RANGE: 'invalid_input',
  /** Take-profit multiple not > 1. */
  STRATEGY_TAKE_PROFIT_OUT_OF_RANGE: 'invalid_input',
  /** A ladder multiple not > 1, or the multiples not strictly ascending. */
  STRATEGY_LADDER_MULTIPLES_INVALID: 'invalid_input',
  /** A ladder fraction outside 0 < x ≤ 1. */
  STRATEGY_LADDER_FRACTION_OUT_OF_RANGE: 'invalid_input',
  /** The ladder fractions add up to more than 1 (more than the original size). */
  STRATEGY_LADDER_FRACTIONS_EXCEED_ONE: 'invalid_input',
  /** A position that cannot exist: non-positive entry price or size, remaining above original, ... */
  POSITION_INVALID: 'invalid_input',
  /** An exit applied to a position it does not fit (sells more than what is left, level already sold). */
  EXIT_NOT_APPLICABLE: 'invariant',
  /** Breaker settings out of range (fractions outside 0 < x < 1 or 0 ≤ x ≤ 1, counts < 1, ...). */
  BREAKER_SETTINGS_INVALID: 'invalid_input',
  /** A closed position without a decimal PnL or a valid close time, or a non-positive equity base. */
  BREAKER_INPUT_INVALID: 'invalid_input',
} as const;

export type StrategyErrorCode = keyof typeof STRATEGY_ERROR_CODES;
export type StrategyErrorKind = (typeof STRATEGY_ERROR_CODES)[StrategyErrorCode];

/** One validation problem: where it is and which code it maps to. */
export interface StrategyIssue {
  readonly code: StrategyErrorCode;
  readonly path: string;
  readonly message: string;
}

export class StrategyError extends Error {
  override readonly name = 'StrategyError';
  readonly kind: StrategyErrorKind;

  constructor(
    readonly code: StrategyErrorCode,
    message: string,
    /** Every problem found, the first one gives `code`. */
    readonly issues: readonly StrategyIssue[] = [],
  ) {
    super(message);
    this.kind = STRATEGY_ERROR_CODES[code];
  }
}
