import { z } from 'zod';
import { OofError } from '../../core/errors/oof-error.ts';
import { RESOLUTION_SECONDS, type Candle } from '../../store/prices/candle.repository.ts';
import type { PriceResolution } from '../../store/schema/token-tables.ts';
import type { FetchPort } from '../http/fetch-port.ts';
import {
  fetchJsonExact,
  jsonNonNegativeDecimal,
  jsonSafeInteger,
  parseResponse,
} from '../http/fetch-json.ts';

/**
 * Birdeye price history (public API, `GET /defi/history_price?address=&address_type=token&type=&time_from=
 * &time_to=`, headers `X-API-KEY` and `x-chain: solana`) → `{success: true, data: {items: [{address, unixTime,
 * value}]}}`, oldest first. One value per interval (its close), so each item becomes a candle with
 * open = high = low = close = value and no volume.
 */
export interface BirdeyeHistoryRequest {
  readonly mint: string;
  readonly resolution: PriceResolution;
  /** Buckets starting in `[from, to]` (unix-second precision). */
  readonly from: Date;
  readonly to: Date;
}

/** Port: one request, candles oldest first (at most `BIRDEYE_MAX_ITEMS`; ask again after the last to page). */
export type BirdeyeHistorySource = (request: BirdeyeHistoryRequest) => Promise<Candle[]>;

export const BIRDEYE_BASE_URL = 'https://public-api.birdeye.so';
export const BIRDEYE_SOURCE = 'birdeye';
/** Items per answer the filler assumes before asking for the next page. */
export const BIRDEYE_MAX_ITEMS = 1000;

/** Our tiers → Birdeye's `type`. */
const INTERVAL: Readonly<Record<PriceResolution, string>> = { '1m': '1m', '5m': '5m', '1h': '1H' };

const itemSchema = z.object({
  address: z.string().optional(),
  unixTime: jsonSafeInteger,
  value: jsonNonNegativeDecimal,
});

const historySchema = z.object({
  success: z.literal(true),
  data: z.object({ items: z.array(itemSchema) }),
});

export function parseBirdeyeHistory(
  body: unknown,
  target: { readonly mint: string; readonly resolution: PriceResolution },
): Candle[] {
  const parsed = parseResponse(historySchema, body, BIRDEYE_SOURCE);
  const bucketSeconds = RESOLUTION_SECONDS[target.resolution];
  const candles: Candle[] = [];
  let previous = -Infinity;
  for (const [index, item] of parsed.data.items.entries()) {
    // Stored candles are keyed by bucket start: off-grid, repeated or out-of-order items are not candles.
    if (item.unixTime % bucketSeconds !== 0 || item.unixTime <= previous) {
      throw new OofError(
        'PRICE_RESPONSE_INVALID',
        `${BIRDEYE_SOURCE} history item ${index} is off the ${target.resolution} grid, repeated or out of order`,
        { source: BIRDEYE_SOURCE, index, unixTime: item.unixTime },
      );
    }
    if (item.address !== undefined && item.address !== target.mint) {
      throw new OofError('PRICE_RESPONSE_INVALID', `${BIRDEYE_SOURCE} answered for another address`, {
        source: BIRDEYE_SOURCE,
        index,
        address: item.address,
      });
    }
    previous = item.unixTime;
    candles.push({
      mint: target.mint,
      resolution: target.resolution,
      bucketStart: new Date(item.unixTime * 1000),
      open: item.value,
      high: item.value,
      low: item.value,
      close: item.value,
      volumeUsd: null,
      source: BIRDEYE_SOURCE,
    });
  }
  return candles;
}

export interface BirdeyeHistorySourceOptions {
  readonly fetch: FetchPort;
  /** Birdeye requires a key on every call; without one this source is not configured at all. */
  readonly apiKey: string;
  readonly baseUrl?: string;
  readonly timeoutMs?: number;
}

export function createBirdeyeHistorySource(options: BirdeyeHistorySourceOptions): BirdeyeHistorySource {
  const baseUrl = (options.baseUrl ?? BIRDEYE_BASE_URL).replace(/\/+$/, '');
  if (options.apiKey === '') {
    throw new OofError('CONFIG_INVALID', 'Birdeye needs an API key; leave the source out without one', {
      source: BIRDEYE_SOURCE,
    });
  }
  return async (request) => {
    const from = Math.ceil(request.from.getTime() / 1000);
    const to = Math.floor(request.to.getTime() / 1000);
    if (!/^[1-9A-HJ-NP-Za-km-z]{32,44}$/.test(request.mint) || to < from) {
      throw new OofError('PRICE_REQUEST_INVALID', 'Birdeye history request out of range', {
        source: BIRDEYE_SOURCE,
        mint: request.mint,
        from,
        to,
      });
    }
    const params = new URLSearchParams({
      address: request.mint,
      address_type: 'token',
      type: INTERVAL[request.resolution],
      time_from: String(from),
      time_to: String(to),
    });
    const body = await fetchJsonExact(options.fetch, `${baseUrl}/defi/history_price?${params.toString()}`, {
      source: BIRDEYE_SOURCE,
      headers: { 'x-api-key': options.apiKey, 'x-chain': 'solana' },
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
    return parseBirdeyeHistory(body, request);
  };
}
