/**
 * The market adapters as the price monitor's sources: Jupiter Price API v3 (primary: up to 50 ids a request,
 * price, decimals and liquidity) and DexScreener (fallback: the most liquid Solana pool of the mint, 30 a
 * request; only pools where the mint is the base token give its USD price).
 */
import type { DexScreenerPoolSource } from '../../market/dexscreener/dexscreener.price-source.ts';
import { DEXSCREENER_MAX_TOKENS } from '../../market/dexscreener/dexscreener.price-source.ts';
import { JUPITER_MAX_IDS, type JupiterPriceSource } from '../../market/jupiter/jupiter-price.price-source.ts';
import type { PriceQuote, PriceSource } from './price-feed.ts';

export function jupiterPriceSource(jupiter: JupiterPriceSource): PriceSource {
  return {
    name: 'jupiter',
    batchSize: JUPITER_MAX_IDS,
    async fetch(mints, nowMs) {
      const out = new Map<string, PriceQuote>();
      for (const [mint, p] of await jupiter(mints)) {
        out.set(mint, {
          mint,
          priceUsd: p.priceUsd,
          liquidityUsd: p.liquidityUsd,
          decimals: p.decimals,
          atMs: nowMs,
          source: 'jupiter',
        });
      }
      return out;
    },
  };
}

export function dexscreenerPriceSource(pools: DexScreenerPoolSource): PriceSource {
  return {
    name: 'dexscreener',
    batchSize: DEXSCREENER_MAX_TOKENS,
    async fetch(mints, nowMs) {
      const out = new Map<string, PriceQuote>();
      for (const [mint, pair] of await pools(mints)) {
        if (pair.baseMint !== mint || pair.priceUsd === null) continue;
        out.set(mint, {
          mint,
          priceUsd: pair.priceUsd,
          liquidityUsd: pair.liquidityUsd,
          decimals: null,
          atMs: nowMs,
          source: 'dexscreener',
        });
      }
      return out;
    },
  };
}
