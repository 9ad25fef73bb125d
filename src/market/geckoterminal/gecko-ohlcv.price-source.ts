import { z } from 'zod';
import { OofError } from '../../core/errors/oof-error.ts';
import type { PriceResolution } from '../../store/schema/token-tables.ts';
import { RESOLUTION_SECONDS, type Candle } from '../../store/prices/candle.repository.ts';
import type { FetchPort } from '../http/fetch-port.ts';
import {
  fetchJsonExact,
  jsonNonNegativeDecimal,
  jsonSafeInteger,
  parseResponse,
} from '../http/fetch-json.ts';

/**
 * GeckoTerminal OHLCV per pool (API v2, `Accept: application/json;version=20230302`):
 * `GET /api/v2/networks/solana/pools/{pool}/ohlcv/{day|hour|minute}?aggregate=&before_timestamp=&limit=&currency=usd`
 * → `{ data: { attributes: { ohlcv_list: [[unixSeconds, open, high, low, close, volumeUsd], ...] } }, meta }`,
 * newest first, at most 1000 rows. Prices are of the pool's base token in USD (`token=base`, `currency=usd`).
 */
export interface GeckoOhlcvRequest {
  readonly pool: string;
  /** Mint the candles are stored under (the pool's base token). */
  readonly mint: string;
  readonly resolution: PriceResolution;
  /** Only candles strictly before this time (paging backwards); omitted = up to now. */
  readonly before?: Date;
  /** 1..1000 (GeckoTerminal's cap); default 1000. */
  readonly limit?: number;
}

/** Port: candles of one pool, oldest first. */
export type GeckoOhlcvSource = (request: GeckoOhlcvRequest) => Promise<Candle[]>;

export const GECKOTERMINAL_BASE_URL = 'https://api.geckoterminal.com';
export const GECKO_MAX_LIMIT = 1000;
export const GECKO_SOURCE = 'geckoterminal';

/** Our tiers → GeckoTerminal's timeframe and aggregate. */
const TIMEFRAME: Readonly<Record<PriceResolution, { timeframe: 'minute' | 'hour'; aggregate: number }>> = {
  '1m': { timeframe: 'minute', aggregate: 1 },
  '5m': { timeframe: 'minute', aggregate: 5 },
  '1h': { timeframe: 'hour', aggregate: 1 },
};

const rowSchema = z.tuple([
  jsonSafeInteger,
  jsonNonNegativeDecimal,
  jsonNonNegativeDecimal,
  jsonNonNegativeDecimal,
  jsonNonNegativeDecimal,
  jsonNonNegativeDecimal,
]);

const ohlcvResponseSchema = z.object({
  data: z.object({ attributes: z.object({ ohlcv_list: z.array(rowSchema) }) }),
});

export function parseGeckoOhlcv(
  body: unknown,
  target: { readonly mint: string; readonly resolution: PriceResolution },
): Candle[] {
  const parsed = parseResponse(ohlcvResponseSchema, body, GECKO_SOURCE);
  const bucketSeconds = RESOLUTION_SECONDS[target.resolution];
  const seen = new Set<number>();
  const candles: Candle[] = [];
  for (const [index, [ts, open, high, low, close, volume]] of parsed.data.attributes.ohlcv_list.entries()) {
    // The candle store is keyed by bucket start: a row off the grid or twice in one answer is not a candle.
    if (ts % bucketSeconds !== 0 || seen.has(ts)) {
      throw new OofError(
        'PRICE_RESPONSE_INVALID',
        `${GECKO_SOURCE} OHLCV row ${index} is off the ${target.resolution} grid or repeated`,
        {
          source: GECKO_SOURCE,
          index,
          timestamp: ts,
        },
      );
    }
    seen.add(ts);
    candles.push({
      mint: target.mint,
      resolution: target.resolution,
      bucketStart: new Date(ts * 1000),
      open,
      high,
      low,
      close,
      volumeUsd: volume,
      source: GECKO_SOURCE,
    });
  }
  return candles.sort((a, b) => a.bucketStart.getTime() - b.bucketStart.getTime());
}

export interface GeckoOhlcvSourceOptions {
  readonly fetch: FetchPort;
  readonly baseUrl?: string;
  readonly timeoutMs?: number;
}

export function createGeckoOhlcvSource(options: GeckoOhlcvSourceOptions): GeckoOhlcvSource {
  const baseUrl = (options.baseUrl ?? GECKOTERMINAL_BASE_URL).replace(/\/+$/, '');
  return async (request) => {
    const limit = request.limit ?? GECKO_MAX_LIMIT;
    if (
      !/^[1-9A-HJ-NP-Za-km-z]{32,44}$/.test(request.pool) ||
      !Number.isInteger(limit) ||
      limit < 1 ||
      limit > GECKO_MAX_LIMIT
    ) {
      throw new OofError('PRICE_REQUEST_INVALID', 'GeckoTerminal OHLCV request out of range', {
        source: GECKO_SOURCE,
        pool: request.pool,
        limit,
      });
    }
    const { timeframe, aggregate } = TIMEFRAME[request.resolution];
    const params = new URLSearchParams({
      aggregate: String(aggregate),
      limit: String(limit),
      currency: 'usd',
    });
    if (request.before !== undefined) {
      params.set('before_timestamp', String(Math.floor(request.before.getTime() / 1000)));
    }
    const url = `${baseUrl}/api/v2/networks/solana/pools/${request.pool}/ohlcv/${timeframe}?${params.toString()}`;
    const body = await fetchJsonExact(options.fetch, url, {
      source: GECKO_SOURCE,
      headers: { accept: 'application/json;version=20230302' },
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
    return parseGeckoOhlcv(body, request);
  };
}
