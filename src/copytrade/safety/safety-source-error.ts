import { isOofError, OofError } from '../../core/errors/oof-error.ts';

/** The three sources of SPEC §4; every check names the one its input came from. */
export type SafetySourceName = 'rugcheck' | 'dexscreener' | 'onchain';

/**
 * Re-labels a failure met while asking a safety source: errors of kind `unavailable` (network, timeout,
 * 429/5xx, every RPC endpoint down) become SAFETY_SOURCE_UNAVAILABLE, anything else (a body of the wrong
 * shape, a JSON-RPC error) SAFETY_RESPONSE_INVALID, with the original as `cause` and the source named.
 * Codes of our own pass through untouched.
 */
export function asSafetyError(source: SafetySourceName, e: unknown): OofError {
  if (
    isOofError(e, 'SAFETY_SOURCE_UNAVAILABLE') ||
    isOofError(e, 'SAFETY_RESPONSE_INVALID') ||
    isOofError(e, 'SAFETY_MINT_NOT_FOUND')
  ) {
    return e;
  }
  const unavailable = e instanceof OofError ? e.kind === 'unavailable' : false;
  const message = e instanceof Error ? e.message : String(e);
  return new OofError(
    unavailable ? 'SAFETY_SOURCE_UNAVAILABLE' : 'SAFETY_RESPONSE_INVALID',
    // Vendor adapters already name themselves (`rugcheck answered HTTP 429`); RPC errors do not.
    message.startsWith(source) ? message : `${source}: ${message}`,
    { source, ...(e instanceof OofError ? { causeCode: e.code, ...e.context } : {}) },
    e,
  );
}

/** Runs one source read and re-labels its failure (see `asSafetyError`). */
export async function fromSource<T>(source: SafetySourceName, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e) {
    throw asSafetyError(source, e);
  }
}
