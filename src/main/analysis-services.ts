import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDetectorConfig, type DetectorConfig } from '../analytics/detectors/detector-config.ts';
import type { AnalysisDeps, PriceHistoryPort } from '../analyze/analysis-deps.ts';
import type { SolanaRpc } from '../chain/rpc/solana-rpc.ts';
import { OofError } from '../core/errors/oof-error.ts';
import { DEFAULT_QUOTE_MINTS } from '../domain/mints.ts';
import { createMemoryPriceWindow } from '../market/candles/memory-price-window.ts';
import { loadCandles, type Candle } from '../store/prices/candle.repository.ts';
import type { CoreServices } from './core-services.ts';

const DEFAULT_DETECTORS_FILE = fileURLToPath(new URL('../../config/detectors.yaml', import.meta.url));

export function loadDetectorConfig(path: string = DEFAULT_DETECTORS_FILE): DetectorConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new OofError(
      'CONFIG_FILE_UNREADABLE',
      `Cannot read the detector thresholds file ${path}: check OOF_DETECTORS_FILE.`,
      { path },
      cause,
    );
  }
  return parseDetectorConfig(text, path);
}

/** The stored candles of `mints` over `[from, to]` (or from `fromByMint`), as the detectors' synchronous window. */
export async function storedPriceWindow(
  core: CoreServices,
  mints: readonly string[],
  from: Date,
  to: Date,
  fromByMint?: ReadonlyMap<string, Date>,
) {
  const byMint = new Map<string, Candle[]>();
  for (const mint of mints)
    byMint.set(mint, await loadCandles(core.database.db, mint, fromByMint?.get(mint) ?? from, to));
  return createMemoryPriceWindow(byMint);
}

/** Composition of the analysis pipeline's dependencies from the core and the chain. */
export function createAnalysisDeps(
  core: CoreServices,
  options: { rpc: SolanaRpc | null; prices: PriceHistoryPort['fill']; clock?: () => Date },
): AnalysisDeps {
  const config = core.config;
  return {
    ...core,
    rpc: options.rpc,
    prices: {
      fill: options.prices,
      window: (mints, from, to, fromByMint) => storedPriceWindow(core, mints, from, to, fromByMint),
    },
    detectors: loadDetectorConfig(config.analytics.detectorsFile),
    quoteMints: config.quoteMints ?? DEFAULT_QUOTE_MINTS,
    exchangeDeposits: new Set(config.analytics.exchangeDeposits),
    clock: options.clock ?? (() => new Date()),
  };
}
