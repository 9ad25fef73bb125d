/**
 * The one application error type. `code` is stable (clients and tests match on it); `kind` alone decides
 * the HTTP status and whether a job retries. Foreign errors are wrapped at the adapter that met them.
 */
export type ErrorKind =
  | 'invalid_input'
  | 'not_found'
  | 'conflict'
  | 'limited'
  | 'unavailable'
  | 'upstream'
  | 'invariant';

export const ERROR_CODES = {
  CONFIG_INVALID: 'invalid_input',
  CONFIG_FILE_UNREADABLE: 'invalid_input',
  INPUT_NOT_JSON: 'invalid_input',
  INPUT_TOO_LARGE: 'invalid_input',
  INPUT_EMPTY: 'invalid_input',
  TX_SHAPE_INVALID: 'invalid_input',
  TX_ACCOUNT_INDEX_OUT_OF_RANGE: 'invalid_input',
  WALLET_INVALID_ADDRESS: 'invalid_input',
  CURSOR_INVALID: 'invalid_input',
  HTTP_LISTEN_FAILED: 'unavailable',
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
  /** Every RPC endpoint failed (timeouts, network errors, 5xx, lagging nodes); context names each attempt. */
  RPC_UNAVAILABLE: 'unavailable',
  /** Every RPC endpoint answered HTTP 429 (or is cooling down after one) for longer than the call may wait. */
  RPC_RATE_LIMITED: 'unavailable',
  /** An RPC endpoint answered something that is not the JSON-RPC response the method promises. */
  RPC_RESPONSE_INVALID: 'upstream',
  /** A JSON-RPC error object from the node (context: rpcCode, rpcMessage, rpcData). */
  RPC_ERROR: 'upstream',
  /** A call the client refuses to send: malformed address, signature, limit or option. */
  RPC_PARAMS_INVALID: 'invalid_input',
  /** A WebSocket subscription received nothing within its stall timeout (reconnects on its own). */
  WS_STALLED: 'unavailable',
  /** A WebSocket endpoint refused or dropped the connection, or refused a subscription. */
  WS_UNAVAILABLE: 'unavailable',
  /** A subscription was used after `close()`. */
  WS_CLOSED: 'conflict',
  /** A Helius Enhanced Transaction (webhook item or API result) that does not have the documented shape. */
  HELIUS_TX_INVALID: 'invalid_input',
  /** A webhook delivery without the configured `Authorization` value or a valid HMAC signature (HTTP 401). */
  WEBHOOK_UNAUTHORIZED: 'invalid_input',
  /** A webhook body above the route's byte limit (HTTP 413). */
  WEBHOOK_PAYLOAD_TOO_LARGE: 'invalid_input',
  /** A webhook body that is not JSON, not an array of transactions, or has an item of the wrong shape (HTTP 400). */
  WEBHOOK_PAYLOAD_INVALID: 'invalid_input',
  /** The queue behind the webhook did not take the items; the sender should retry (HTTP 503). */
  WEBHOOK_ENQUEUE_FAILED: 'unavailable',
  /** The Helius webhook management API answered an error or an unexpected shape. */
  HELIUS_API_ERROR: 'upstream',
  /** The Helius webhook management API could not be reached, timed out, or rate-limited us (429/5xx). */
  HELIUS_API_UNAVAILABLE: 'unavailable',
  /** More watched addresses than one Helius webhook can hold (100,000, Helius webhooks API). */
  HELIUS_WEBHOOK_ADDRESS_LIMIT: 'invalid_input',
  /** No chain archive (manifest.json) where one was expected. */
  ARCHIVE_NOT_FOUND: 'not_found',
  /** A chain archive file that breaks the format of docs/chain-archive.md (context: file, line). */
  ARCHIVE_INVALID: 'invalid_input',
  /** The output folder of an archive writer already holds files (pass --force to replace them). */
  ARCHIVE_OUTPUT_EXISTS: 'conflict',
  /** An archive file could not be written (disk full, permissions). */
  ARCHIVE_WRITE_FAILED: 'unavailable',
  /** The replay server could not listen on the requested host and port. */
  REPLAY_LISTEN_FAILED: 'unavailable',
  /** `oof simulate` options out of range (seed, sizes). */
  SIMULATE_OPTIONS_INVALID: 'invalid_input',
  /** A price source (Jupiter, DexScreener, GeckoTerminal) answered something that is not its documented shape. */
  PRICE_RESPONSE_INVALID: 'upstream',
  /** A price source could not be reached, timed out, or answered 429/5xx. */
  PRICE_SOURCE_UNAVAILABLE: 'unavailable',
  /** A price request the adapter refuses to send (no ids, bad pool address, limit out of range). */
  PRICE_REQUEST_INVALID: 'invalid_input',
  /** A price CSV (e.g. `open_time,close`) with a bad header, row, timestamp or number (context: line). */
  PRICE_CSV_INVALID: 'invalid_input',
  /** A plan code that is not in the `plans` table (FREE, LITE, PRO). */
  PLAN_UNKNOWN: 'invalid_input',
  /** The subject's plan allows no more new wallets today (HTTP 429). */
  QUOTA_EXCEEDED: 'limited',
  /** A request for a plan deeper than the caller's (HTTP 403 would leak nothing more; 400 says what to change). */
  PLAN_NOT_ALLOWED: 'invalid_input',
  /** Minting moments as compressed NFTs needs OOF_CNFT_TREE (and an RPC for the blockhash). */
  CNFT_NOT_CONFIGURED: 'unavailable',
  /** An address that is not in the copy-trading watchlist. */
  COPY_WALLET_NOT_FOUND: 'not_found',
  /** An address already in the copy-trading watchlist (active or not). */
  COPY_WALLET_EXISTS: 'conflict',
  /** No moment with that id. */
  MOMENT_NOT_FOUND: 'not_found',
  /** No analysis with that id. */
  ANALYSIS_NOT_FOUND: 'not_found',
  /** An analysis that cannot run: already finished, or its wallet's history cannot be read (context says which). */
  ANALYSIS_FAILED: 'upstream',
  /**
   * The access errors below answer HTTP 401 with `WWW-Authenticate: Bearer` (the access plugin maps them; the
   * kinds have no 401): no bearer token on a route that needs a subject.
   */
  AUTH_REQUIRED: 'invalid_input',
  /** A bearer token that is malformed, forged, signed by an unknown key, or for another issuer/audience (401). */
  AUTH_TOKEN_INVALID: 'invalid_input',
  /** A bearer token past its `exp` (401): sign in again. */
  AUTH_TOKEN_EXPIRED: 'invalid_input',
  /** A wallet sign-in whose ed25519 signature does not verify over the nonce's message (401). */
  AUTH_SIGNATURE_INVALID: 'invalid_input',
  /** A sign-in nonce that is unknown, already used, expired, or issued to another wallet (401). */
  AUTH_NONCE_INVALID: 'invalid_input',
  /** The identity provider's JWKS could not be fetched (timeout, network, non-200, not a key set): retry (503). */
  AUTH_JWKS_UNAVAILABLE: 'unavailable',
  /** Too many requests from this IP or subject in the window; `details.retryAfterMs` says when to retry (429). */
  RATE_LIMITED: 'limited',
  /** A CORS preflight from an origin that is not configured (HTTP 403, answered by the access plugin). */
  CORS_ORIGIN_FORBIDDEN: 'invalid_input',
  /** A token-safety source (RugCheck, DexScreener, on-chain reads) could not be reached, timed out, or answered 429/5xx. */
  SAFETY_SOURCE_UNAVAILABLE: 'unavailable',
  /** A token-safety source answered something that is not its documented shape. */
  SAFETY_RESPONSE_INVALID: 'upstream',
  /** The mint asked about has no account on chain (or is not an SPL mint). */
  SAFETY_MINT_NOT_FOUND: 'not_found',
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
