/**
 * Errors of live trading, with stable codes. Their messages never carry key material (not the master key, not
 * the trading key, not a ciphertext): only what is wrong and what to do.
 */
export const LIVE_ERROR_CODES = {
  /** OOF_COPYTRADE_KEY is not set: live trading cannot decrypt its key. */
  COPYTRADE_KEY_MISSING: 'invalid_input',
  /** OOF_COPYTRADE_KEY is not 32 bytes (64 hex characters or 44 base64 characters). */
  COPYTRADE_KEY_INVALID: 'invalid_input',
  /** No trading key stored yet. */
  COPYTRADE_KEY_NOT_IMPORTED: 'invalid_input',
  /** The stored key does not decrypt with this OOF_COPYTRADE_KEY (another key, or tampered). */
  COPYTRADE_KEY_DECRYPT_FAILED: 'invalid_input',
  /** A trading key that is not a 64-byte Solana keypair. */
  COPYTRADE_SIGNING_KEY_INVALID: 'invalid_input',
  /** Jupiter answered 429 (rate limit) or 5xx / could not be reached: retry later. */
  JUPITER_UNAVAILABLE: 'unavailable',
  /** Jupiter answered something that is not the documented shape. */
  JUPITER_RESPONSE_INVALID: 'upstream',
} as const;

export type LiveErrorCode = keyof typeof LIVE_ERROR_CODES;

export class LiveTradingError extends Error {
  override readonly name = 'LiveTradingError';
  readonly kind: (typeof LIVE_ERROR_CODES)[LiveErrorCode];
  constructor(
    readonly code: LiveErrorCode,
    message: string,
    readonly context: Readonly<Record<string, string | number | null>> = {},
  ) {
    super(`${code}: ${message}`);
    this.kind = LIVE_ERROR_CODES[code];
  }
}
