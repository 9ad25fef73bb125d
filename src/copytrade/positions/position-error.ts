/**
 * The error of this folder. `code` is stable (callers and tests match on it); `kind` follows the application
 * error kinds so the edge can wrap it without guessing. Expected outcomes (a signal filtered, an entry too small,
 * a paper fill over its slippage limit) are values, never errors: an error here is bad input or a bug.
 */
export const POSITION_ERROR_CODES = {
  /** An event the position's status does not accept (a fill on an open position, anything on a closed one). */
  POSITION_TRANSITION_ILLEGAL: 'conflict',
  /** A fill that does not fit the position or its pending exit (wrong side, more than asked, zero size). */
  POSITION_FILL_INVALID: 'invalid_input',
  /** A malformed amount, price, id or time given to a position function. */
  POSITION_INPUT_INVALID: 'invalid_input',
  /** Sizing settings out of range (allocation outside 0 < x ≤ 1, capital ≤ 0, ...). */
  SIZING_CONFIG_INVALID: 'invalid_input',
  /** Paper-fill settings out of range (negative bps, a slippage limit ≥ 100 %, ...). */
  PAPER_FILL_CONFIG_INVALID: 'invalid_input',
  /** The signal and its context disagree (safety result for another mint, wallet config of another wallet). */
  SIGNAL_CONTEXT_INVALID: 'invalid_input',
  /** A swap id enqueued twice, or marked sent while not queued. */
  SWAP_QUEUE_CONFLICT: 'conflict',
} as const;

export type PositionErrorCode = keyof typeof POSITION_ERROR_CODES;
export type PositionErrorKind = (typeof POSITION_ERROR_CODES)[PositionErrorCode];

export class PositionError extends Error {
  override readonly name = 'PositionError';
  readonly kind: PositionErrorKind;

  constructor(
    readonly code: PositionErrorCode,
    message: string,
    /** Typed context for the log: the status and event of an illegal transition, the offending value, ... */
    readonly context: Readonly<Record<string, string | number | null>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.kind = POSITION_ERROR_CODES[code];
  }
}
