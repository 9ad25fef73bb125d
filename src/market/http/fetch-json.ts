import { isLosslessNumber, parse as parseLossless, type LosslessNumber } from 'lossless-json';
import { z } from 'zod';
import { OofError } from '../../core/errors/oof-error.ts';
import { toPlainDecimal } from '../decimal-text.ts';
import type { FetchPort } from './fetch-port.ts';

export const DEFAULT_PRICE_TIMEOUT_MS = 10_000;

export interface FetchJsonOptions {
  /** Vendor label for errors and logs (`jupiter`, `dexscreener`, `geckoterminal`). */
  readonly source: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

/**
 * GET a JSON document with every number kept as its text (a `LosslessNumber`), so prices such as
 * `0.0000009108` or `2.965e-05` reach the schema exactly as the vendor wrote them.
 * Network errors, timeouts, 429 and 5xx → PRICE_SOURCE_UNAVAILABLE; other non-2xx or non-JSON →
 * PRICE_RESPONSE_INVALID.
 */
export async function fetchJsonExact(
  fetchFn: FetchPort,
  url: string,
  options: FetchJsonOptions,
): Promise<unknown> {
  const context = { source: options.source, url: redact(url) };
  let response: Response;
  let text: string;
  try {
    response = await fetchFn(url, {
      method: 'GET',
      headers: { accept: 'application/json', ...options.headers },
      signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_PRICE_TIMEOUT_MS),
    });
    text = await response.text();
  } catch (e) {
    throw new OofError('PRICE_SOURCE_UNAVAILABLE', `${options.source} could not be reached`, context, e);
  }
  if (response.status === 429 || response.status >= 500) {
    throw new OofError('PRICE_SOURCE_UNAVAILABLE', `${options.source} answered HTTP ${response.status}`, {
      ...context,
      httpStatus: response.status,
    });
  }
  if (!response.ok) {
    throw new OofError('PRICE_RESPONSE_INVALID', `${options.source} answered HTTP ${response.status}`, {
      ...context,
      httpStatus: response.status,
      body: text.slice(0, 500),
    });
  }
  return parseJsonExact(text, options.source);
}

/** JSON text → a value whose numbers are `LosslessNumber`s; not JSON → PRICE_RESPONSE_INVALID. */
export function parseJsonExact(text: string, source: string): unknown {
  try {
    return parseLossless(text);
  } catch (e) {
    throw new OofError(
      'PRICE_RESPONSE_INVALID',
      `${source} answered something that is not JSON`,
      { source, body: text.slice(0, 200) },
      e,
    );
  }
}

/** Zod schema at the edge: a JSON number (kept as text) → an exact plain decimal string. */
export const jsonDecimal = z
  .custom<LosslessNumber>((v) => isLosslessNumber(v), { message: 'expected a JSON number' })
  .transform((n, ctx) => {
    const decimal = toPlainDecimal(n.value);
    if (decimal === null) {
      ctx.addIssue({ code: 'custom', message: `not a decimal number: ${n.value}` });
      return z.NEVER;
    }
    return decimal;
  });

/** A non-negative JSON number as an exact decimal string (prices, liquidity, volume). */
export const jsonNonNegativeDecimal = jsonDecimal.refine(
  (d) => !d.startsWith('-'),
  'expected a non-negative number',
);

/** A JSON integer that fits a JS number safely (timestamps in s or ms, decimals, counts). */
export const jsonSafeInteger = z
  .custom<LosslessNumber>((v) => isLosslessNumber(v), { message: 'expected a JSON number' })
  .transform((n, ctx) => {
    if (!/^-?\d+$/.test(n.value) || !Number.isSafeInteger(Number(n.value))) {
      ctx.addIssue({ code: 'custom', message: `not a safe integer: ${n.value}` });
      return z.NEVER;
    }
    return Number(n.value);
  });

/** A non-negative JSON integer of any size as a bigint (slots, block ids: u64 on chain). */
export const jsonUnsignedBigInt = z
  .custom<LosslessNumber>((v) => isLosslessNumber(v), { message: 'expected a JSON number' })
  .transform((n, ctx) => {
    if (!/^\d+$/.test(n.value)) {
      ctx.addIssue({ code: 'custom', message: `not an unsigned integer: ${n.value}` });
      return z.NEVER;
    }
    return BigInt(n.value);
  });

/** A decimal given as a JSON string (DexScreener's `priceUsd`), exponent allowed. */
export const stringDecimal = z.string().transform((s, ctx) => {
  const decimal = toPlainDecimal(s);
  if (decimal === null) {
    ctx.addIssue({ code: 'custom', message: `not a decimal number: ${JSON.stringify(s)}` });
    return z.NEVER;
  }
  return decimal;
});

/** Parse with a schema or throw PRICE_RESPONSE_INVALID naming the first issues. */
export function parseResponse<T extends z.ZodType>(schema: T, value: unknown, source: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new OofError(
    'PRICE_RESPONSE_INVALID',
    `${source} response does not have the documented shape: ${issues.join('; ')}`,
    { source, issues },
    result.error,
  );
}

/** Query strings may carry API keys; errors and logs get the URL without them. */
function redact(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}
