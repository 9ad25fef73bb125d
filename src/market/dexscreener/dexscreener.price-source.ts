import { z } from 'zod';
import { OofError } from '../../core/errors/oof-error.ts';
import { toScaled, USD_SCALE } from '../../domain/decimal.ts';
import type { FetchPort } from '../http/fetch-port.ts';
import {
  fetchJsonExact,
  jsonNonNegativeDecimal,
  jsonSafeInteger,
  parseResponse,
  stringDecimal,
} from '../http/fetch-json.ts';

/** One DexScreener pair, reduced to what pool discovery and the current-price fallback need. */
export interface DexPair {
  readonly chainId: string;
  readonly dexId: string;
  readonly pairAddress: string;
  readonly labels: readonly string[];
  readonly baseMint: string;
  readonly quoteMint: string;
  /** USD price of the **base** token; DexScreener omits it for some pairs. */
  readonly priceUsd: string | null;
  /** Price of the base token in quote tokens. */
  readonly priceNative: string;
  readonly liquidityUsd: string | null;
  readonly pairCreatedAt: Date | null;
}

/** Port: the most liquid Solana pool per mint (absent when DexScreener knows none). */
export type DexScreenerPoolSource = (mints: readonly string[]) => Promise<ReadonlyMap<string, DexPair>>;

export const DEXSCREENER_BASE_URL = 'https://api.dexscreener.com';
/** `/latest/dex/tokens/{addresses}` takes up to 30 comma-separated addresses. */
export const DEXSCREENER_MAX_TOKENS = 30;
const SOURCE = 'dexscreener';

const tokenSchema = z.object({ address: z.string().min(1) });

const pairSchema = z.object({
  chainId: z.string(),
  dexId: z.string(),
  pairAddress: z.string().min(1),
  labels: z.array(z.string()).optional(),
  baseToken: tokenSchema,
  quoteToken: tokenSchema,
  priceNative: stringDecimal,
  priceUsd: stringDecimal.optional(),
  // Pairs without a liquidity object exist in the recordings (small launchpad pools).
  liquidity: z.object({ usd: jsonNonNegativeDecimal.optional() }).optional(),
  pairCreatedAt: jsonSafeInteger.optional(),
});

/** `/latest/dex/tokens/...`, `/latest/dex/pairs/...` and `/latest/dex/search` answer `{schemaVersion, pairs}`;
 * `pairs` is `null` when nothing matched. */
const pairsResponseSchema = z.object({
  schemaVersion: z.string(),
  pairs: z.array(pairSchema).nullable(),
});

export function parseDexScreenerPairs(body: unknown): DexPair[] {
  const parsed = parseResponse(pairsResponseSchema, body, SOURCE);
  return (parsed.pairs ?? []).map((p) => ({
    chainId: p.chainId,
    dexId: p.dexId,
    pairAddress: p.pairAddress,
    labels: p.labels ?? [],
    baseMint: p.baseToken.address,
    quoteMint: p.quoteToken.address,
    priceUsd: p.priceUsd ?? null,
    priceNative: p.priceNative,
    liquidityUsd: p.liquidity?.usd ?? null,
    pairCreatedAt: p.pairCreatedAt === undefined ? null : new Date(p.pairCreatedAt),
  }));
}

/**
 * Pool discovery: per mint, the Solana pair where the mint is the **base** token (so `priceUsd` is its price)
 * with the most USD liquidity; pairs without a liquidity figure rank last; ties go to the smaller pair address,
 * so the choice is deterministic.
 */
export function bestPairPerMint(pairs: readonly DexPair[], mints: readonly string[]): Map<string, DexPair> {
  const wanted = new Set(mints);
  const best = new Map<string, DexPair>();
  for (const pair of pairs) {
    if (pair.chainId !== 'solana' || !wanted.has(pair.baseMint)) continue;
    const current = best.get(pair.baseMint);
    if (current === undefined || ranksAbove(pair, current)) best.set(pair.baseMint, pair);
  }
  return best;
}

function ranksAbove(a: DexPair, b: DexPair): boolean {
  const la = a.liquidityUsd === null ? -1n : toScaled(a.liquidityUsd, USD_SCALE);
  const lb = b.liquidityUsd === null ? -1n : toScaled(b.liquidityUsd, USD_SCALE);
  if (la !== lb) return la > lb;
  return a.pairAddress < b.pairAddress;
}

export interface DexScreenerSourceOptions {
  readonly fetch: FetchPort;
  readonly baseUrl?: string;
  readonly timeoutMs?: number;
}

export function createDexScreenerPoolSource(options: DexScreenerSourceOptions): DexScreenerPoolSource {
  const baseUrl = (options.baseUrl ?? DEXSCREENER_BASE_URL).replace(/\/+$/, '');
  return async (mints) => {
    const unique = [...new Set(mints)];
    if (unique.length === 0) {
      throw new OofError('PRICE_REQUEST_INVALID', 'DexScreener request without mints', { source: SOURCE });
    }
    const pairs: DexPair[] = [];
    for (let i = 0; i < unique.length; i += DEXSCREENER_MAX_TOKENS) {
      const chunk = unique.slice(i, i + DEXSCREENER_MAX_TOKENS);
      const url = `${baseUrl}/latest/dex/tokens/${chunk.map(encodeURIComponent).join(',')}`;
      const body = await fetchJsonExact(options.fetch, url, {
        source: SOURCE,
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      });
      pairs.push(...parseDexScreenerPairs(body));
    }
    return bestPairPerMint(pairs, unique);
  };
}
