import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../../core/log/logger.ts';
import type { ArchiveCandleBook } from './archive-candle-book.ts';
import { BIRDEYE_HISTORY_PRICE_PATH, birdeyeHistoryPrice } from './birdeye.routes.ts';
import {
  DEXSCREENER_TOKEN_PAIRS_PATH,
  DEXSCREENER_TOKENS_PATH,
  dexScreenerTokenPairs,
  dexScreenerTokens,
  JUPITER_PRICE_PATH,
  jupiterPrice,
} from './current-price.routes.ts';
import {
  GECKO_OHLCV_PATH,
  GECKO_TOKEN_POOLS_PATH,
  geckoOhlcv,
  geckoTokenPools,
} from './geckoterminal.routes.ts';
import type { ReplayTokenFacts } from './replay-liquidity.ts';
import { RUGCHECK_REPORT_PATH, rugCheckReport } from './rugcheck.routes.ts';
import { renderVendorBody, type VendorResponse } from './vendor-response.ts';

export const PRICE_ENDPOINTS = [
  'geckoterminalTokenPools',
  'geckoterminalOhlcv',
  'jupiterPrice',
  'dexscreenerTokens',
  'dexscreenerTokenPairs',
  'birdeyeHistoryPrice',
  'rugcheckReport',
] as const;
export type PriceEndpoint = (typeof PRICE_ENDPOINTS)[number];

/** Requests received per price endpoint since the server started (answered or refused alike). */
export type PriceRequestCounts = Readonly<Record<PriceEndpoint, number>> & { readonly total: number };

export interface PriceHandlerOptions {
  /** Birdeye key the replay insists on; without one any non-empty `X-API-KEY` is accepted. */
  readonly birdeyeApiKey?: string;
  /** Token balances and recorded accounts: DexScreener liquidity and the RugCheck report need them. */
  readonly tokens?: ReplayTokenFacts;
  readonly logger?: Logger;
}

export interface PriceHttpHandler {
  /** Answers a price request and returns true; returns false (touching nothing) for anything else. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  counts(): PriceRequestCounts;
}

type Route = (req: IncomingMessage, url: URL) => Promise<VendorResponse> | null;

/**
 * The market-data vendors' GET endpoints served from the archive's candles on the replay node's port, so
 * every price adapter runs offline against the same data. Only `GET` requests on these paths are taken; every
 * other request goes on to the JSON-RPC handler unchanged.
 */
export function priceHttpHandler(
  book: ArchiveCandleBook,
  options: PriceHandlerOptions = {},
): PriceHttpHandler {
  const counts: Record<PriceEndpoint, number> = {
    geckoterminalTokenPools: 0,
    geckoterminalOhlcv: 0,
    jupiterPrice: 0,
    dexscreenerTokens: 0,
    dexscreenerTokenPairs: 0,
    birdeyeHistoryPrice: 0,
    rugcheckReport: 0,
  };
  const routes: Array<{
    endpoint: PriceEndpoint;
    path: RegExp;
    answer: (req: IncomingMessage, url: URL, m: RegExpExecArray) => Promise<VendorResponse>;
  }> = [
    {
      endpoint: 'geckoterminalTokenPools',
      path: GECKO_TOKEN_POOLS_PATH,
      answer: (_r, _u, m) => geckoTokenPools(book, m),
    },
    {
      endpoint: 'geckoterminalOhlcv',
      path: GECKO_OHLCV_PATH,
      answer: (_r, u, m) => geckoOhlcv(book, m, u.searchParams),
    },
    {
      endpoint: 'jupiterPrice',
      path: JUPITER_PRICE_PATH,
      answer: (_r, u) => jupiterPrice(book, u.searchParams, options.tokens),
    },
    {
      endpoint: 'dexscreenerTokens',
      path: DEXSCREENER_TOKENS_PATH,
      answer: (_r, _u, m) => dexScreenerTokens(book, m, options.tokens),
    },
    {
      endpoint: 'dexscreenerTokenPairs',
      path: DEXSCREENER_TOKEN_PAIRS_PATH,
      answer: (_r, _u, m) => dexScreenerTokenPairs(book, m, options.tokens),
    },
    {
      endpoint: 'birdeyeHistoryPrice',
      path: BIRDEYE_HISTORY_PRICE_PATH,
      answer: (r, u) => birdeyeHistoryPrice(book, u.searchParams, r, options.birdeyeApiKey),
    },
    ...(options.tokens === undefined
      ? []
      : [
          {
            endpoint: 'rugcheckReport' as const,
            path: RUGCHECK_REPORT_PATH,
            answer: (_r: IncomingMessage, _u: URL, m: RegExpExecArray) =>
              rugCheckReport(book, options.tokens as ReplayTokenFacts, m),
          },
        ]),
  ];
  const route: Route = (req, url) => {
    for (const r of routes) {
      const m = r.path.exec(url.pathname);
      if (m === null) continue;
      counts[r.endpoint] += 1;
      return r.answer(req, url, m);
    }
    return null;
  };

  return {
    handle(req, res) {
      if (req.method !== 'GET' || req.url === undefined) return false;
      const answer = route(req, new URL(req.url, 'http://replay.local'));
      if (answer === null) return false;
      answer.then(
        (a) => {
          res
            .writeHead(a.status, { 'content-type': 'application/json; charset=utf-8', ...a.headers })
            .end(renderVendorBody(a.body));
        },
        (e: unknown) => {
          options.logger?.error({ err: e }, 'replay price request failed');
          if (!res.headersSent)
            res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error');
        },
      );
      return true;
    },
    counts: () => {
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      return { ...counts, total };
    },
  };
}
