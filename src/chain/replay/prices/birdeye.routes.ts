import type { IncomingMessage } from 'node:http';
import type { ArchiveCandleBook } from './archive-candle-book.ts';
import { integerParam, jsonNumber, type VendorResponse } from './vendor-response.ts';

export const BIRDEYE_HISTORY_PRICE_PATH = /^\/defi\/history_price\/?$/;

/** Birdeye's `type` values with a fixed length (`1M` — a calendar month — has none and is refused). */
export const BIRDEYE_INTERVAL_SECONDS: Readonly<Record<string, number>> = {
  '1m': 60,
  '3m': 180,
  '5m': 300,
  '15m': 900,
  '30m': 1800,
  '1H': 3600,
  '2H': 7200,
  '4H': 14_400,
  '6H': 21_600,
  '8H': 28_800,
  '12H': 43_200,
  '1D': 86_400,
};

/** Items per answer; a longer range is read by asking again from the last `unixTime` + 1. */
export const BIRDEYE_MAX_ITEMS = 1000;

/**
 * Birdeye `GET /defi/history_price?address=&address_type=token|pair&type=&time_from=&time_to=` with header
 * `X-API-KEY` (401 `{success: false, message: 'Unauthorized'}` without it, or when the replay was given a key
 * and this is another). Answer: `{success: true, data: {items: [{address, unixTime, value}]}}`, oldest first,
 * one item per bucket starting in `[time_from, time_to]`, `value` = the bucket's close (rolled up from the
 * archive exactly), at most 1000 items. Unknown address → `items: []`; bad parameters → 400.
 */
export async function birdeyeHistoryPrice(
  book: ArchiveCandleBook,
  params: URLSearchParams,
  req: IncomingMessage,
  requiredKey: string | undefined,
): Promise<VendorResponse> {
  const key = req.headers['x-api-key'];
  if (typeof key !== 'string' || key === '' || (requiredKey !== undefined && key !== requiredKey)) {
    return { status: 401, body: { success: false, message: 'Unauthorized' } };
  }
  const address = params.get('address') ?? '';
  const addressType = params.get('address_type') ?? 'token';
  const seconds = BIRDEYE_INTERVAL_SECONDS[params.get('type') ?? ''];
  const from = integerParam(params, 'time_from');
  const to = integerParam(params, 'time_to');
  if (
    address === '' ||
    (addressType !== 'token' && addressType !== 'pair') ||
    seconds === undefined ||
    from === undefined ||
    to === undefined ||
    Number.isNaN(from) ||
    Number.isNaN(to) ||
    from > to
  ) {
    return { status: 400, body: { success: false, message: 'Bad request' } };
  }
  const mint = addressType === 'pair' ? book.mintOfPool(address) : address;
  const chain = req.headers['x-chain'];
  if (mint === undefined || book.token(mint) === undefined || (chain !== undefined && chain !== 'solana')) {
    return { status: 200, body: { success: true, data: { items: [] } } };
  }
  const items = (await book.candles(mint, seconds))
    .filter((c) => c.start >= from && c.start <= to)
    .slice(0, BIRDEYE_MAX_ITEMS)
    .map((c) => ({ address, unixTime: c.start, value: jsonNumber(c.close) }));
  return { status: 200, body: { success: true, data: { items } } };
}
