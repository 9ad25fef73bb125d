import type { PriceHistoryPort } from '../analyze/analysis-deps.ts';
import type { Config } from '../core/config/config.ts';
import type { Logger } from '../core/log/logger.ts';
import { createBirdeyeHistorySource } from '../market/birdeye/birdeye-history.price-source.ts';
import { createGeckoOhlcvSource } from '../market/geckoterminal/gecko-ohlcv.price-source.ts';
import { createGeckoTokenPoolsSource } from '../market/geckoterminal/gecko-token-pools.price-source.ts';
import { fillPriceHistory, type PriceHistorySources } from '../market/history/fill-price-history.ts';
import type { FetchPort } from '../market/http/fetch-port.ts';
import type { CoreServices } from './core-services.ts';

/** The price vendors of SPEC §2.6 from `market` config: GeckoTerminal always, Birdeye with a key, local VWAP. */
export function priceHistorySources(
  market: Config['market'],
  fetch: FetchPort = globalThis.fetch,
): PriceHistorySources {
  const gecko = market.geckoterminalUrl === undefined ? {} : { baseUrl: market.geckoterminalUrl };
  return {
    geckoterminal: {
      pools: createGeckoTokenPoolsSource({ fetch, ...gecko }),
      ohlcv: createGeckoOhlcvSource({ fetch, ...gecko }),
    },
    ...(market.birdeyeApiKey === undefined
      ? {}
      : {
          birdeye: createBirdeyeHistorySource({
            fetch,
            apiKey: market.birdeyeApiKey,
            ...(market.birdeyeUrl === undefined ? {} : { baseUrl: market.birdeyeUrl }),
          }),
        }),
    localVwap: true,
  };
}

/**
 * The analysis' price-history step: stored candles first, then the vendors for the hours nothing covers yet,
 * within the run's candle-read ceiling. A vendor that fails is a warning of the run, not its end.
 */
export function createPriceFill(
  core: CoreServices,
  market: Config['market'],
  logger: Logger,
  fetch: FetchPort = globalThis.fetch,
): PriceHistoryPort['fill'] {
  const sources = priceHistorySources(market, fetch);
  return async (mints, from, to, maxCandleReads, onProgress) => {
    const result = await fillPriceHistory({
      database: core.database,
      mints,
      from,
      to,
      sources,
      maxCandleReads,
      onProgress: (p) => onProgress?.(p.mintIndex, p.mints),
    });
    if (result.errors.length > 0)
      logger.warn({ errors: result.errors }, 'some price history could not be read');
    onProgress?.(mints.length, mints.length);
    return {
      candleReads: result.candleReads,
      ceilingHit: result.ceilingHit,
      errors: result.errors.map((e) => ({
        mint: e.mint,
        code: e.code,
        message: `${e.source}: ${e.message}`,
      })),
    };
  };
}
