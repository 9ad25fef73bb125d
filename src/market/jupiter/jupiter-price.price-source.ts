import { z } from 'zod';
import { OofError } from '../../core/errors/oof-error.ts';
import type { FetchPort } from '../http/fetch-port.ts';
import {
  fetchJsonExact,
  jsonDecimal,
  jsonNonNegativeDecimal,
  jsonSafeInteger,
  jsonUnsignedBigInt,
  parseResponse,
} from '../http/fetch-json.ts';

/** A current price from Jupiter Price API v3 (`GET /price/v3?ids=`), exact. */
export interface JupiterPrice {
  readonly mint: string;
  readonly priceUsd: string;
  /** Solana block the price was computed at; null when Jupiter does not say. */
  readonly blockId: bigint | null;
  readonly decimals: number;
  /** 24-hour change in percent (`1.29` = +1.29 %); null when Jupiter does not say. */
  readonly priceChange24hPct: string | null;
  readonly liquidityUsd: string | null;
  readonly createdAt: Date | null;
}

/** Port: current USD prices of some mints. Mints Jupiter has no reliable price for are absent from the map. */
export type JupiterPriceSource = (mints: readonly string[]) => Promise<ReadonlyMap<string, JupiterPrice>>;

/** Price API v3 takes at most 50 ids per request (price.yaml, `ids` parameter). */
export const JUPITER_MAX_IDS = 50;
export const JUPITER_LITE_BASE_URL = 'https://lite-api.jup.ag';
const SOURCE = 'jupiter';

const priceEntrySchema = z.object({
  usdPrice: jsonNonNegativeDecimal,
  blockId: jsonUnsignedBigInt.nullable(),
  decimals: jsonSafeInteger.refine((d) => d >= 0 && d <= 255, 'decimals out of range'),
  priceChange24h: jsonDecimal.nullable().optional(),
  liquidity: jsonNonNegativeDecimal.optional(),
  createdAt: z.iso.datetime({ offset: true }).optional(),
});

/** Response: an object keyed by mint (price.yaml: `additionalProperties`). */
const priceResponseSchema = z.record(z.string().min(32).max(44), priceEntrySchema);

export function parseJupiterPriceResponse(body: unknown): Map<string, JupiterPrice> {
  const parsed = parseResponse(priceResponseSchema, body, SOURCE);
  const out = new Map<string, JupiterPrice>();
  for (const [mint, e] of Object.entries(parsed)) {
    out.set(mint, {
      mint,
      priceUsd: e.usdPrice,
      blockId: e.blockId,
      decimals: e.decimals,
      priceChange24hPct: e.priceChange24h ?? null,
      liquidityUsd: e.liquidity ?? null,
      createdAt: e.createdAt === undefined ? null : new Date(e.createdAt),
    });
  }
  return out;
}

export interface JupiterPriceSourceOptions {
  readonly fetch: FetchPort;
  /** `https://lite-api.jup.ag` (free, no key) or `https://api.jup.ag` with `apiKey`. */
  readonly baseUrl?: string;
  readonly apiKey?: string;
  readonly timeoutMs?: number;
}

export function createJupiterPriceSource(options: JupiterPriceSourceOptions): JupiterPriceSource {
  const baseUrl = (options.baseUrl ?? JUPITER_LITE_BASE_URL).replace(/\/+$/, '');
  const headers: Record<string, string> = options.apiKey === undefined ? {} : { 'x-api-key': options.apiKey };
  return async (mints) => {
    const unique = [...new Set(mints)];
    if (unique.length === 0) {
      throw new OofError('PRICE_REQUEST_INVALID', 'Jupiter price request without ids', { source: SOURCE });
    }
    const out = new Map<string, JupiterPrice>();
    for (let i = 0; i < unique.length; i += JUPITER_MAX_IDS) {
      const ids = unique.slice(i, i + JUPITER_MAX_IDS);
      const url = `${baseUrl}/price/v3?ids=${ids.map(encodeURIComponent).join(',')}`;
      const body = await fetchJsonExact(options.fetch, url, {
        source: SOURCE,
        headers,
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      });
      for (const [mint, price] of parseJupiterPriceResponse(body)) {
        // Only what we asked for: an answer keyed by another mint is not a price of ours.
        if (ids.includes(mint)) out.set(mint, price);
      }
    }
    return out;
  };
}
