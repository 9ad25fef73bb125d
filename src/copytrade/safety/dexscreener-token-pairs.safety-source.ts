import {
  DEXSCREENER_BASE_URL,
  parseDexScreenerPairs,
  type DexPair,
} from '../../market/dexscreener/dexscreener.price-source.ts';
import type { FetchPort } from '../../market/http/fetch-port.ts';
import { fetchJsonExact } from '../../market/http/fetch-json.ts';
import { toScaled, USD_SCALE } from '../../domain/decimal.ts';
import { fromSource } from './safety-source-error.ts';

/** Liquidity and age of one mint's market, from every Solana pair it trades in. */
export interface TokenMarket {
  readonly mint: string;
  /** Solana pairs with the mint on either side. */
  readonly pairCount: number;
  /** The largest `liquidity.usd` over those pairs (exact text); null when no pair reports liquidity. */
  readonly maxLiquidityUsd: string | null;
  readonly maxLiquidityPair: string | null;
  /** The earliest `pairCreatedAt`: when the token could first be traded, our measure of its age. */
  readonly firstPairCreatedAt: Date | null;
  readonly firstPair: string | null;
}

/** Port: DexScreener's view of one mint. */
export type TokenMarketSource = (mint: string) => Promise<TokenMarket>;

/**
 * Reduces parsed pairs to the two facts the score needs. Pairs of other chains are ignored; the mint may be
 * the base or the quote (a launch quoted in USD1 still puts USD1 liquidity in play). Liquidity ties go to
 * the smaller pair address, age ties likewise, so the answer does not depend on DexScreener's order.
 */
export function summarizeTokenMarket(pairs: readonly DexPair[], mint: string): TokenMarket {
  let pairCount = 0;
  let best: { usd: bigint; text: string; pair: string } | null = null;
  let first: { at: Date; pair: string } | null = null;
  for (const p of pairs) {
    if (p.chainId !== 'solana' || (p.baseMint !== mint && p.quoteMint !== mint)) continue;
    pairCount += 1;
    if (p.liquidityUsd !== null) {
      const usd = toScaled(p.liquidityUsd, USD_SCALE);
      if (best === null || usd > best.usd || (usd === best.usd && p.pairAddress < best.pair)) {
        best = { usd, text: p.liquidityUsd, pair: p.pairAddress };
      }
    }
    if (p.pairCreatedAt !== null) {
      const t = p.pairCreatedAt.getTime();
      if (
        first === null ||
        t < first.at.getTime() ||
        (t === first.at.getTime() && p.pairAddress < first.pair)
      ) {
        first = { at: p.pairCreatedAt, pair: p.pairAddress };
      }
    }
  }
  return {
    mint,
    pairCount,
    maxLiquidityUsd: best?.text ?? null,
    maxLiquidityPair: best?.pair ?? null,
    firstPairCreatedAt: first?.at ?? null,
    firstPair: first?.pair ?? null,
  };
}

/**
 * DexScreener answers `/token-pairs/v1/{chain}/{mint}` with a bare array of pairs, and `/latest/dex/...` with
 * `{schemaVersion, pairs}`; both reach the market adapter's pair schema (one parser for every pair).
 */
export function parseTokenPairs(body: unknown): DexPair[] {
  return parseDexScreenerPairs(Array.isArray(body) ? { schemaVersion: 'token-pairs/v1', pairs: body } : body);
}

export interface TokenMarketSourceOptions {
  readonly fetch: FetchPort;
  readonly baseUrl?: string;
  readonly timeoutMs?: number;
}

/** `GET /token-pairs/v1/solana/{mint}`: the token's pools on Solana, whichever side it is on. */
export function createDexScreenerTokenMarketSource(options: TokenMarketSourceOptions): TokenMarketSource {
  const baseUrl = (options.baseUrl ?? DEXSCREENER_BASE_URL).replace(/\/+$/, '');
  return (mint) =>
    fromSource('dexscreener', async () => {
      const body = await fetchJsonExact(
        options.fetch,
        `${baseUrl}/token-pairs/v1/solana/${encodeURIComponent(mint)}`,
        {
          source: 'dexscreener',
          ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
        },
      );
      return summarizeTokenMarket(parseTokenPairs(body), mint);
    });
}
