import { USDC_MINT } from '../../../domain/mints.ts';
import type { ArchiveCandleBook, PricedToken } from './archive-candle-book.ts';
import { integerParam, jsonNumber, type VendorResponse } from './vendor-response.ts';

/**
 * GeckoTerminal API v2 as the archive can answer it (documented paths and shapes, JSON:API style):
 * - `GET /api/v2/networks/solana/tokens/{mint}/pools` → `{data: [pool]}`: the mint's one pool, quoted in USDC.
 * - `GET /api/v2/networks/solana/pools/{pool}/ohlcv/{day|hour|minute}?aggregate=&before_timestamp=&limit=&currency=usd`
 *   → `{data: {id, type: 'ohlcv_request_response', attributes: {ohlcv_list: [[t, o, h, l, c, v], …]}}, meta}`,
 *   newest first, rows whose bucket starts strictly before `before_timestamp`, `limit` default 100, capped at
 *   1000. Aggregates as GeckoTerminal allows them: day 1; hour 1, 4, 12; minute 1, 5, 15.
 * Unknown network, token or pool → 404 `{errors: [{status: '404', title: 'Not Found'}]}`; bad parameters →
 * 400 in the same shape. Fields the archive cannot know (reserves, 24h changes) are null.
 */
export const GECKO_TOKEN_POOLS_PATH = /^\/api\/v2\/networks\/([^/]+)\/tokens\/([^/]+)\/pools\/?$/;
export const GECKO_OHLCV_PATH = /^\/api\/v2\/networks\/([^/]+)\/pools\/([^/]+)\/ohlcv\/([^/]+)\/?$/;

const AGGREGATES: Readonly<Record<string, { seconds: number; aggregates: readonly number[] }>> = {
  day: { seconds: 86_400, aggregates: [1] },
  hour: { seconds: 3600, aggregates: [1, 4, 12] },
  minute: { seconds: 60, aggregates: [1, 5, 15] },
};
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

const notFound: VendorResponse = { status: 404, body: { errors: [{ status: '404', title: 'Not Found' }] } };
const badRequest = (title: string): VendorResponse => ({
  status: 400,
  body: { errors: [{ status: '400', title }] },
});

export async function geckoTokenPools(
  book: ArchiveCandleBook,
  match: RegExpExecArray,
): Promise<VendorResponse> {
  const [, network, mint = ''] = match;
  const token = book.token(mint);
  if (network !== 'solana' || token === undefined) return notFound;
  const latest = await book.latest(mint);
  if (latest === undefined) return { status: 200, body: { data: [] } };
  return {
    status: 200,
    body: {
      data: [
        {
          id: `solana_${token.pool}`,
          type: 'pool',
          attributes: {
            address: token.pool,
            name: `${token.symbol} / USDC`,
            base_token_price_usd: latest.close,
            base_token_price_native_currency: latest.close,
            quote_token_price_usd: '1',
            quote_token_price_native_currency: latest.close === '0' ? null : '1',
            pool_created_at: new Date(latest.first * 1000).toISOString().replace('.000Z', 'Z'),
            reserve_in_usd: null,
            fdv_usd: null,
            market_cap_usd: null,
            price_change_percentage: null,
          },
          relationships: {
            base_token: { data: { id: `solana_${mint}`, type: 'token' } },
            quote_token: { data: { id: `solana_${USDC_MINT}`, type: 'token' } },
            dex: { data: { id: 'oof-replay', type: 'dex' } },
          },
        },
      ],
    },
  };
}

export async function geckoOhlcv(
  book: ArchiveCandleBook,
  match: RegExpExecArray,
  params: URLSearchParams,
): Promise<VendorResponse> {
  const [, network, pool = '', timeframe = ''] = match;
  const mint = book.mintOfPool(pool);
  const token = mint === undefined ? undefined : book.token(mint);
  if (network !== 'solana' || token === undefined) return notFound;
  const frame = AGGREGATES[timeframe];
  if (frame === undefined) return badRequest(`Invalid timeframe ${timeframe}`);
  const aggregate = integerParam(params, 'aggregate') ?? 1;
  if (!frame.aggregates.includes(aggregate))
    return badRequest(`Invalid aggregate ${params.get('aggregate')}`);
  const limitParam = integerParam(params, 'limit') ?? DEFAULT_LIMIT;
  const before = integerParam(params, 'before_timestamp');
  if (Number.isNaN(limitParam) || limitParam < 1 || Number.isNaN(before)) {
    return badRequest('Invalid limit or before_timestamp');
  }
  const currency = params.get('currency') ?? 'usd';
  const side = params.get('token') ?? 'base';
  // Only the USD price of the base token is kept in an archive.
  if (currency !== 'usd' || (side !== 'base' && side !== token.mint)) {
    return badRequest('Only currency=usd of the base token is served by a replay archive');
  }
  const limit = Math.min(limitParam, MAX_LIMIT);
  const candles = await book.candles(token.mint, frame.seconds * aggregate);
  let end = candles.length;
  if (before !== undefined) {
    // First index whose bucket is not strictly before `before_timestamp`.
    let lo = 0;
    let hi = candles.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((candles[mid]?.start ?? 0) < before) lo = mid + 1;
      else hi = mid;
    }
    end = lo;
  }
  const rows = candles
    .slice(Math.max(0, end - limit), end)
    .reverse()
    .map((c) => [
      c.start,
      jsonNumber(c.open),
      jsonNumber(c.high),
      jsonNumber(c.low),
      jsonNumber(c.close),
      jsonNumber(c.volumeUsd),
    ]);
  return {
    status: 200,
    body: {
      data: {
        id: `${pool}_${timeframe}_${aggregate}_${before ?? 'now'}_${limit}`,
        type: 'ohlcv_request_response',
        attributes: { ohlcv_list: rows },
      },
      meta: { base: tokenMeta(token), quote: usdcMeta },
    },
  };
}

function tokenMeta(t: PricedToken) {
  return { address: t.mint, name: t.name, symbol: t.symbol, coingecko_coin_id: null };
}

const usdcMeta = { address: USDC_MINT, name: 'USD Coin', symbol: 'USDC', coingecko_coin_id: 'usd-coin' };
