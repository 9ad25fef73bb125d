import { OofError, isOofError } from '../core/errors/oof-error.ts';

/** SQLSTATE classes that mean "the server or the connection is gone", not "this statement was wrong". */
const UNAVAILABLE_SQLSTATE = /^(08|53|57P)/;
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND']);

/** A SQLSTATE (5 characters, e.g. `23505`, `57P01`) or a Node socket code (`ECONNRESET`): not an app error code. */
const DRIVER_CODE = /^(?:[0-9A-Z]{5}|E[A-Z]{3,})$/;

function codeOf(e: unknown): string | undefined {
  // Drizzle wraps the driver error in `cause`; pg and PGlite both expose the SQLSTATE as `code`.
  for (let cur: unknown = e, depth = 0; cur !== null && typeof cur === 'object' && depth < 4; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && DRIVER_CODE.test(code)) return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * The driver's own error under Drizzle's wrapper: Drizzle's message repeats the statement and every
 * parameter (megabytes for a batch insert), which must not end up in logs.
 */
function driverErrorOf(e: unknown): unknown {
  const cause = (e as { cause?: unknown } | null)?.cause;
  return cause instanceof Error && typeof (cause as { code?: unknown }).code === 'string' ? cause : e;
}

function messageOf(e: unknown): string {
  const driver = driverErrorOf(e);
  return (driver instanceof Error ? driver.message : String(driver)).slice(0, 500);
}

/** True for errors raised by the database or its driver (a SQLSTATE, a socket code, Drizzle's wrapper). */
export function isDriverError(e: unknown): boolean {
  return codeOf(e) !== undefined || (e instanceof Error && e.name === 'DrizzleQueryError');
}

/**
 * Rethrows the caller's own errors from inside a transaction unchanged, and wraps the database's: the code
 * that threw knows best what its error means.
 */
export function toTransactionError(e: unknown): unknown {
  return isDriverError(e) ? toDatabaseError(e, 'running a transaction') : e;
}

/** Wraps a driver error at the store boundary; OofErrors (ours, thrown inside a transaction) pass through. */
export function toDatabaseError(e: unknown, what: string): OofError {
  if (isOofError(e)) return e;
  const code = codeOf(e);
  const detail = messageOf(e);
  if (code !== undefined && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_NODE_CODES.has(code))) {
    return new OofError(
      'DB_UNAVAILABLE',
      `The database is unavailable while ${what}: ${detail}. Check that it is running and reachable; ` +
        'the operation can be retried.',
      { sqlState: code },
      driverErrorOf(e),
    );
  }
  return new OofError(
    'DB_QUERY_FAILED',
    `A database statement failed while ${what}: ${detail}`,
    code === undefined ? {} : { sqlState: code },
    driverErrorOf(e),
  );
}
