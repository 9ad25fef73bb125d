import { z } from 'zod';
import { isOofError, OofError } from '../../core/errors/oof-error.ts';
import { toScaled, USD_SCALE } from '../../domain/decimal.ts';
import type { FetchPort } from '../http/fetch-port.ts';
import { fetchJsonExact, parseResponse, stringDecimal } from '../http/fetch-json.ts';
import { GECKO_SOURCE, GECKOTERMINAL_BASE_URL } from './gecko-ohlcv.price-source.ts';

/** A pool GeckoTerminal lists for a token, reduced to what OHLCV paging needs. */
export interface GeckoPool {
  readonly address: string;
  readonly baseMint: string;
  readonly quoteMint: string;
  readonly dexId: string;
  /** Liquidity in USD as GeckoTerminal reports it; null when it does not. */
  readonly reserveUsd: string | null;
  readonly createdAt: Date | null;
}

/**
 * Port: pool discovery for one mint — the pools where the mint is the **base** token (GeckoTerminal's OHLCV
 * is of the base token), most liquid first; `[]` when GeckoTerminal does not know the token (HTTP 404).
 */
export type GeckoTokenPoolsSource = (mint: string) => Promise<GeckoPool[]>;

/** JSON:API relationship ids are `<network>_<address>`. */
const relationship = z.object({
  data: z.object({ id: z.string().regex(/^[a-z0-9-]+_.+$/), type: z.string() }),
});

const poolSchema = z.object({
  id: z.string(),
  type: z.literal('pool'),
  attributes: z.object({
    address: z.string().regex(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/, 'expected a base58 pool address'),
    reserve_in_usd: stringDecimal.nullable().optional(),
    pool_created_at: z.iso.datetime({ offset: true }).nullable().optional(),
  }),
  relationships: z.object({
    base_token: relationship,
    quote_token: relationship,
    // Dex ids carry no network prefix (`raydium`, `orca`).
    dex: z.object({ data: z.object({ id: z.string(), type: z.string() }) }),
  }),
});

/** `GET /api/v2/networks/solana/tokens/{mint}/pools` → `{data: [pool, …]}` (GeckoTerminal API v2). */
const poolsResponseSchema = z.object({ data: z.array(poolSchema) });

const addressOf = (id: string): string => id.slice(id.indexOf('_') + 1);

export function parseGeckoTokenPools(body: unknown, mint: string): GeckoPool[] {
  const parsed = parseResponse(poolsResponseSchema, body, GECKO_SOURCE);
  const pools = parsed.data
    .map(
      (p): GeckoPool => ({
        address: p.attributes.address,
        baseMint: addressOf(p.relationships.base_token.data.id),
        quoteMint: addressOf(p.relationships.quote_token.data.id),
        dexId: p.relationships.dex.data.id,
        reserveUsd: p.attributes.reserve_in_usd ?? null,
        createdAt: p.attributes.pool_created_at == null ? null : new Date(p.attributes.pool_created_at),
      }),
    )
    .filter((p) => p.baseMint === mint);
  // Most liquid first; unknown liquidity last; ties by address so the choice is the same on every run.
  const reserve = (p: GeckoPool): bigint => (p.reserveUsd === null ? -1n : toScaled(p.reserveUsd, USD_SCALE));
  return pools.sort((a, b) => {
    const ra = reserve(a);
    const rb = reserve(b);
    if (ra !== rb) return ra > rb ? -1 : 1;
    return a.address < b.address ? -1 : a.address > b.address ? 1 : 0;
  });
}

export interface GeckoTokenPoolsSourceOptions {
  readonly fetch: FetchPort;
  readonly baseUrl?: string;
  readonly timeoutMs?: number;
}

export function createGeckoTokenPoolsSource(options: GeckoTokenPoolsSourceOptions): GeckoTokenPoolsSource {
  const baseUrl = (options.baseUrl ?? GECKOTERMINAL_BASE_URL).replace(/\/+$/, '');
  return async (mint) => {
    if (!/^[1-9A-HJ-NP-Za-km-z]{32,44}$/.test(mint)) {
      throw new OofError('PRICE_REQUEST_INVALID', 'GeckoTerminal pools request for a malformed mint', {
        source: GECKO_SOURCE,
        mint,
      });
    }
    let body: unknown;
    try {
      body = await fetchJsonExact(options.fetch, `${baseUrl}/api/v2/networks/solana/tokens/${mint}/pools`, {
        source: GECKO_SOURCE,
        headers: { accept: 'application/json;version=20230302' },
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      });
    } catch (e) {
      // GeckoTerminal answers 404 for a token it has never seen trade: no pool, not a failure.
      if (isOofError(e, 'PRICE_RESPONSE_INVALID') && e.context.httpStatus === 404) return [];
      throw e;
    }
    return parseGeckoTokenPools(body, mint);
  };
}
