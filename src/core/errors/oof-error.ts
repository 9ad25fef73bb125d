/**
 * The one application error type. `code` is stable (clients and tests match on it); `kind` alone decides
 * the HTTP status and whether a job retries. Foreign errors are wrapped at the adapter that met them.
 */
export type ErrorKind = 'invalid_input' | 'not_found' | 'conflict' | 'unavailable' | 'upstream' | 'invariant';

export const ERROR_CODES = {
  CONFIG_INVALID: 'invalid_input',
  CONFIG_FILE_UNREADABLE: 'invalid_input',
  INPUT_NOT_JSON: 'invalid_input',
  INPUT_TOO_LARGE: 'invalid_input',
  INPUT_EMPTY: 'invalid_input',
  TX_SHAPE_INVALID: 'invalid_input',
  TX_ACCOUNT_INDEX_OUT_OF_RANGE: 'invalid_input',
  WALLET_INVALID_ADDRESS: 'invalid_input',
  AMOUNT_INVALID: 'invalid_input',
  DB_UNAVAILABLE: 'unavailable',
  DB_MIGRATION_FAILED: 'invariant',
  DB_QUERY_FAILED: 'upstream',
  OBJECT_STORE_UNAVAILABLE: 'unavailable',
  OBJECT_NOT_FOUND: 'not_found',
  TX_NOT_STORED: 'not_found',
  /** A recording without a slot: it cannot be placed in a wallet's history, so the store refuses it. */
  TX_SLOT_MISSING: 'invalid_input',
  INVARIANT_BROKEN: 'invariant',
} as const satisfies Record<string, ErrorKind>;

export type ErrorCode = keyof typeof ERROR_CODES;

export class OofError extends Error {
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  readonly context: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, context: Record<string, unknown> = {}, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'OofError';
    this.code = code;
    this.kind = ERROR_CODES[code];
    this.context = context;
  }

  toJSON(): { error: ErrorCode; kind: ErrorKind; message: string; details: Record<string, unknown> } {
    return { error: this.code, kind: this.kind, message: this.message, details: { ...this.context } };
  }
}

export function isOofError(e: unknown, code?: ErrorCode): e is OofError {
  return e instanceof OofError && (code === undefined || e.code === code);
}

/** Kinds a job may retry: the outside world may get better; bad input and broken invariants will not. */
export function isRetryable(e: unknown): boolean {
  return e instanceof OofError ? e.kind === 'unavailable' || e.kind === 'upstream' : true;
}
