import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { readWalletExtremes, readWalletSummary } from '../../analyze/wallet-reads.ts';
import type { CoreServices } from '../../main/core-services.ts';
import { queryRows } from '../../store/query-rows.ts';
import { trimDecimal } from '../../store/transactions/action-row.ts';
import { parseWalletAddress } from '../../core/wallet-address.ts';

const TF_SECONDS = { '1m': 60, '5m': 300, '1h': 3600 } as const;
const PERIOD_DAYS = { '7d': 7, '30d': 30 } as const;

/**
 * `GET /v1/wallets/:pub/summary`, `GET /v1/wallets/:pub/extremes` (cached, recomputed on a miss),
 * `GET /v1/tokens/:mint/prices?tf&since` (stored candles) and `GET /v1/leaderboard?period=7d|30d`.
 */
export function walletRoutes(
  services: CoreServices,
  clock: () => Date = () => new Date(),
): (app: FastifyInstance) => Promise<void> {
  return (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const db = services.database.db;
    const pub = z.object({ pub: z.string().max(64) });

    r.get('/v1/wallets/:pub/summary', { schema: { params: pub } }, async (request) =>
      readWalletSummary(db, parseWalletAddress(request.params.pub)),
    );

    r.get('/v1/wallets/:pub/extremes', { schema: { params: pub } }, async (request, reply) => {
      const wallet = parseWalletAddress(request.params.pub);
      const e = await readWalletExtremes(db, wallet, clock());
      void reply.header('cache-control', 'private, max-age=60');
      return { wallet, computedAt: e.computedAt.toISOString(), cached: e.cached, extremes: e.extremes };
    });

    r.get(
      '/v1/tokens/:mint/prices',
      {
        schema: {
          params: z.object({ mint: z.string().max(64) }),
          querystring: z.object({
            tf: z.enum(['1m', '5m', '1h']).default('1h'),
            since: z.iso.datetime({ offset: true }).optional(),
            limit: z.coerce.number().int().min(1).max(5000).default(500),
          }),
        },
      },
      async (request) => {
        const mint = parseWalletAddress(request.params.mint);
        const { tf, limit } = request.query;
        const since = request.query.since === undefined ? new Date(0) : new Date(request.query.since);
        // The finest stored tier that covers each bucket, rolled up to `tf` (exact, in SQL).
        const rows = await queryRows<{
          t: string;
          o: string;
          h: string;
          l: string;
          c: string;
          v: string | null;
          src: string;
        }>(
          db,
          sql`WITH c AS (
                SELECT to_timestamp(floor(extract(epoch FROM bucket_start) / ${TF_SECONDS[tf]}) * ${TF_SECONDS[tf]}) AS t,
                       bucket_start, open, high, low, close, volume_usd, source, resolution
                  FROM token_prices
                 WHERE mint = ${mint} AND bucket_start >= ${since.toISOString()}::timestamptz
                   AND resolution = (SELECT resolution FROM token_prices
                                      WHERE mint = ${mint} AND bucket_start >= ${since.toISOString()}::timestamptz
                                        AND (${tf} = '1h' OR resolution <> '1h') AND (${tf} <> '1m' OR resolution = '1m')
                                      ORDER BY CASE resolution WHEN '1m' THEN 1 WHEN '5m' THEN 2 ELSE 3 END
                                      LIMIT 1))
              SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS t,
                     (array_agg(open ORDER BY bucket_start))[1]::text AS o, max(high)::text AS h, min(low)::text AS l,
                     (array_agg(close ORDER BY bucket_start DESC))[1]::text AS c, sum(volume_usd)::text AS v,
                     min(source) AS src
                FROM c GROUP BY t ORDER BY t LIMIT ${limit}`,
        );
        return {
          mint,
          tf,
          candles: rows.map((x) => ({
            t: x.t,
            open: trimDecimal(x.o),
            high: trimDecimal(x.h),
            low: trimDecimal(x.l),
            close: trimDecimal(x.c),
            volumeUsd: x.v === null ? null : trimDecimal(x.v),
            source: x.src,
          })),
        };
      },
    );

    r.get(
      '/v1/leaderboard',
      {
        schema: {
          querystring: z.object({
            period: z.enum(['7d', '30d']).default('7d'),
            limit: z.coerce.number().int().min(1).max(100).default(20),
          }),
        },
      },
      async (request) => {
        const { period, limit } = request.query;
        const since = new Date(clock().getTime() - PERIOD_DAYS[period] * 86_400_000).toISOString();
        const wallets = await queryRows<{
          wallet: string;
          missed: string;
          moments: number;
          top_kind: string;
        }>(
          db,
          sql`SELECT wallet, sum(usd)::text AS missed, count(*)::int AS moments,
                     (array_agg(kind ORDER BY usd DESC, id))[1] AS top_kind
                FROM oof_moments WHERE t_event >= ${since}::timestamptz
               GROUP BY wallet ORDER BY sum(usd) DESC, wallet LIMIT ${limit}`,
        );
        return {
          period,
          since,
          wallets: wallets.map((w, i) => ({
            rank: i + 1,
            wallet: w.wallet,
            missedUsd: trimDecimal(w.missed),
            moments: w.moments,
            topKind: w.top_kind,
          })),
        };
      },
    );
    return Promise.resolve();
  };
}
