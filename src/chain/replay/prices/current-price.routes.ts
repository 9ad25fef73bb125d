import { USDC_MINT } from '../../../domain/mints.ts';
import type { ArchiveCandleBook } from './archive-candle-book.ts';
import { replayLiquidity, type ReplayTokenFacts } from './replay-liquidity.ts';
import { jsonNumber, type VendorResponse } from './vendor-response.ts';

/** Jupiter Price API v3 takes at most 50 ids; DexScreener's token endpoint at most 30 addresses. */
const JUPITER_MAX_IDS = 50;
const DEXSCREENER_MAX_TOKENS = 30;

export const JUPITER_PRICE_PATH = /^\/price\/v3\/?$/;
export const DEXSCREENER_TOKENS_PATH = /^\/latest\/dex\/tokens\/([^/]+)\/?$/;
export const DEXSCREENER_TOKEN_PAIRS_PATH = /^\/token-pairs\/v1\/([^/]+)\/([^/]+)\/?$/;

/**
 * Jupiter Price API v3, `GET /price/v3?ids=a,b`: an object keyed by mint, only for the mints the archive has
 * candles of (Jupiter leaves out what it cannot price). `usdPrice` is the newest archived close, written as a
 * JSON number digit for digit; `blockId` and `priceChange24h` are null (an archive has no block ids for them);
 * `liquidity` (USD) is the replay pool's, as on the DexScreener pair, when the archive records the market.
 */
export async function jupiterPrice(
  book: ArchiveCandleBook,
  params: URLSearchParams,
  facts?: ReplayTokenFacts,
): Promise<VendorResponse> {
  const ids = (params.get('ids') ?? '').split(',').filter((s) => s !== '');
  if (ids.length === 0) return { status: 400, body: { error: 'Query parameter ids is required' } };
  if (ids.length > JUPITER_MAX_IDS) {
    return { status: 400, body: { error: `At most ${JUPITER_MAX_IDS} ids per request` } };
  }
  const out: Record<string, unknown> = {};
  for (const mint of [...new Set(ids)]) {
    const token = book.token(mint);
    const latest = token === undefined ? undefined : await book.latest(mint);
    if (token === undefined || latest === undefined) continue;
    const liquidity = facts === undefined ? null : await replayLiquidity(book, facts, mint, latest.close);
    out[mint] = {
      usdPrice: jsonNumber(latest.close),
      blockId: null,
      decimals: token.decimals,
      ...(liquidity === null ? {} : { liquidity: jsonNumber(liquidity.usd) }),
      priceChange24h: null,
      createdAt: new Date(latest.first * 1000).toISOString(),
    };
  }
  return { status: 200, body: out };
}

/**
 * DexScreener `GET /latest/dex/tokens/{addresses}` (comma-separated, up to 30): `{schemaVersion, pairs}` with
 * one USDC pair per priced mint (its replay pool), `priceUsd` = `priceNative` = the newest archived close;
 * `pairs: null` when nothing matched, as DexScreener answers. `liquidity: {usd, base, quote}` is present when
 * the archive records the mint's market (see replayLiquidity), absent otherwise (DexScreener omits it too).
 */
export async function dexScreenerTokens(
  book: ArchiveCandleBook,
  match: RegExpExecArray,
  facts?: ReplayTokenFacts,
): Promise<VendorResponse> {
  const addresses = decodeURIComponent(match[1] ?? '')
    .split(',')
    .filter((s) => s !== '');
  if (addresses.length > DEXSCREENER_MAX_TOKENS) {
    return { status: 400, body: { schemaVersion: '1.0.0', pairs: null } };
  }
  const pairs: unknown[] = [];
  for (const mint of [...new Set(addresses)]) {
    const pair = await replayPair(book, mint, facts);
    if (pair !== null) pairs.push(pair);
  }
  return { status: 200, body: { schemaVersion: '1.0.0', pairs: pairs.length === 0 ? null : pairs } };
}

/**
 * DexScreener `GET /token-pairs/v1/{chainId}/{tokenAddress}`: a bare array of the token's pairs (the same
 * replay pair as above), `[]` for an unknown token or another chain.
 */
export async function dexScreenerTokenPairs(
  book: ArchiveCandleBook,
  match: RegExpExecArray,
  facts?: ReplayTokenFacts,
): Promise<VendorResponse> {
  const chain = decodeURIComponent(match[1] ?? '');
  const mint = decodeURIComponent(match[2] ?? '');
  const pair = chain === 'solana' ? await replayPair(book, mint, facts) : null;
  return { status: 200, body: pair === null ? [] : [pair] };
}

async function replayPair(
  book: ArchiveCandleBook,
  mint: string,
  facts: ReplayTokenFacts | undefined,
): Promise<Record<string, unknown> | null> {
  const token = book.token(mint);
  const latest = token === undefined ? undefined : await book.latest(mint);
  if (token === undefined || latest === undefined) return null;
  const liquidity = facts === undefined ? null : await replayLiquidity(book, facts, mint, latest.close);
  return {
    chainId: 'solana',
    dexId: 'oof-replay',
    url: `https://dexscreener.com/solana/${token.pool.toLowerCase()}`,
    pairAddress: token.pool,
    baseToken: { address: mint, name: token.name, symbol: token.symbol },
    quoteToken: { address: USDC_MINT, name: 'USD Coin', symbol: 'USDC' },
    priceNative: latest.close,
    priceUsd: latest.close,
    ...(liquidity === null
      ? {}
      : {
          liquidity: {
            usd: jsonNumber(liquidity.usd),
            base: jsonNumber(liquidity.base),
            quote: jsonNumber(liquidity.quote),
          },
        }),
    pairCreatedAt: jsonNumber(String(latest.first * 1000)),
  };
}
