/**
 * Jupiter Swap API (Metis, `/swap/v1/quote` and `/swap/v1/swap`, the successor of v6 with the same shapes):
 * a quote for an exact input amount, then the unsigned swap transaction for that quote and our public key.
 * Amounts are u64 strings, read as bigint; responses are parsed with zod at this edge. HTTP 429 and 5xx (or no
 * answer) are `JUPITER_UNAVAILABLE` with the server's Retry-After when it sends one; a 400 "no route" is a value.
 */
import { z } from 'zod';
import type { FetchPort } from '../../market/http/fetch-port.ts';
import { LiveTradingError } from './live-error.ts';

export const JUPITER_SWAP_BASE_URL = 'https://lite-api.jup.ag';

const u64 = z.string().regex(/^\d{1,20}$/, 'expected a u64 string');

const quoteSchema = z.looseObject({
  inputMint: z.string().min(32).max(44),
  inAmount: u64,
  outputMint: z.string().min(32).max(44),
  outAmount: u64,
  otherAmountThreshold: u64,
  swapMode: z.enum(['ExactIn', 'ExactOut']),
  slippageBps: z.number().int().min(0),
  priceImpactPct: z.string(),
  routePlan: z.array(z.looseObject({ percent: z.number().nullable().optional() })).min(1),
});

const swapSchema = z.looseObject({
  swapTransaction: z.string().min(1),
  lastValidBlockHeight: z.number().int().nonnegative(),
});

export interface JupiterQuote {
  readonly inputMint: string;
  readonly outputMint: string;
  readonly inAmount: bigint;
  readonly outAmount: bigint;
  /** The least we accept (ExactIn): the swap fails on chain below it. */
  readonly otherAmountThreshold: bigint;
  /** The response as received: the swap call sends it back unchanged. */
  readonly raw: unknown;
}

export type QuoteResult =
  | { readonly kind: 'quote'; readonly quote: JupiterQuote }
  | { readonly kind: 'no_route'; readonly message: string };

export interface JupiterSwapApi {
  quote(request: {
    readonly inputMint: string;
    readonly outputMint: string;
    readonly amount: bigint;
    readonly slippageBps: number;
  }): Promise<QuoteResult>;
  /** The unsigned (base64 wire) transaction of the quote for `userPublicKey`. */
  swapTransaction(
    quote: JupiterQuote,
    userPublicKey: string,
  ): Promise<{ transaction: string; lastValidBlockHeight: number }>;
}

function retryAfterMs(h: string | null): number | null {
  if (h === null) return null;
  const s = Number(h);
  return Number.isFinite(s) && s >= 0 ? Math.round(s * 1000) : null;
}

export function createJupiterSwapApi(options: {
  readonly fetch: FetchPort;
  readonly baseUrl?: string;
  readonly apiKey?: string;
  readonly timeoutMs?: number;
}): JupiterSwapApi {
  const base = (options.baseUrl ?? JUPITER_SWAP_BASE_URL).replace(/\/+$/, '');
  const headers: Record<string, string> = {
    accept: 'application/json',
    ...(options.apiKey === undefined ? {} : { 'x-api-key': options.apiKey }),
  };
  const call = async (url: string, init: RequestInit): Promise<{ status: number; body: unknown }> => {
    let res: Response;
    let text: string;
    try {
      res = await options.fetch(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
      text = await res.text();
    } catch (e) {
      throw new LiveTradingError(
        'JUPITER_UNAVAILABLE',
        `Jupiter could not be reached: ${(e as Error).message}`,
        {
          retryAfterMs: null,
        },
      );
    }
    if (res.status === 429 || res.status >= 500) {
      throw new LiveTradingError('JUPITER_UNAVAILABLE', `Jupiter answered HTTP ${res.status}`, {
        httpStatus: res.status,
        retryAfterMs: retryAfterMs(res.headers.get('retry-after')),
      });
    }
    let body: unknown;
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      throw new LiveTradingError(
        'JUPITER_RESPONSE_INVALID',
        `Jupiter answered HTTP ${res.status} with non-JSON`,
        {
          httpStatus: res.status,
        },
      );
    }
    return { status: res.status, body };
  };
  return {
    async quote(q) {
      const params = new URLSearchParams({
        inputMint: q.inputMint,
        outputMint: q.outputMint,
        amount: q.amount.toString(),
        slippageBps: String(q.slippageBps),
        swapMode: 'ExactIn',
      });
      const { status, body } = await call(`${base}/swap/v1/quote?${params.toString()}`, {
        method: 'GET',
        headers,
      });
      if (status === 400) {
        const message = (body as { error?: unknown } | null)?.error;
        return { kind: 'no_route', message: typeof message === 'string' ? message : 'no route' };
      }
      const parsed = status === 200 ? quoteSchema.safeParse(body) : null;
      if (parsed === null || !parsed.success) {
        throw new LiveTradingError('JUPITER_RESPONSE_INVALID', `Jupiter quote: HTTP ${status}, not a quote`, {
          httpStatus: status,
        });
      }
      const d = parsed.data;
      return {
        kind: 'quote',
        quote: {
          inputMint: d.inputMint,
          outputMint: d.outputMint,
          inAmount: BigInt(d.inAmount),
          outAmount: BigInt(d.outAmount),
          otherAmountThreshold: BigInt(d.otherAmountThreshold),
          raw: body,
        },
      };
    },
    async swapTransaction(quote, userPublicKey) {
      const { status, body } = await call(`${base}/swap/v1/swap`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({
          quoteResponse: quote.raw,
          userPublicKey,
          wrapAndUnwrapSol: true,
          dynamicComputeUnitLimit: true,
          prioritizationFeeLamports: 'auto',
        }),
      });
      const parsed = status === 200 ? swapSchema.safeParse(body) : null;
      if (parsed === null || !parsed.success) {
        throw new LiveTradingError(
          'JUPITER_RESPONSE_INVALID',
          `Jupiter swap: HTTP ${status}, no transaction`,
          {
            httpStatus: status,
          },
        );
      }
      return {
        transaction: parsed.data.swapTransaction,
        lastValidBlockHeight: parsed.data.lastValidBlockHeight,
      };
    },
  };
}
