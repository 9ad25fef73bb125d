import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { parseWalletAddress } from '../../core/wallet-address.ts';
import type { CoreServices } from '../../main/core-services.ts';
import { listCopySignals, type SignalCursor } from '../../store/copytrade/copy-signals.repository.ts';
import { SIGNAL_OUTCOMES, SIGNAL_SOURCES } from '../../store/schema/copytrade-tables.ts';
import { decodePageCursor, encodePageCursor } from './page-cursor.ts';

export const encodeSignalCursor = (c: SignalCursor): string =>
  encodePageCursor([c.receivedAt, c.signature, c.wallet]);

export const decodeSignalCursor = (raw: string): SignalCursor =>
  decodePageCursor(raw, ([receivedAt, signature, wallet, ...rest]) =>
    typeof receivedAt === 'string' &&
    typeof signature === 'string' &&
    typeof wallet === 'string' &&
    rest.length === 0 &&
    !Number.isNaN(Date.parse(receivedAt))
      ? { receivedAt, signature, wallet }
      : undefined,
  );

const WINDOW_MS = { '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000, all: null } as const;

/**
 * `GET /v1/copytrade/signals`: newest first with their outcome, reason, timings, what decided them and where they
 * came from (`source`: helius_webhook | ws_subscription); filters `wallet`, `mint`, `outcome`, `source`, `window`
 * (24h|7d|30d|all, from now) or `since`; keyset pages (`cursor`).
 */
export function copytradeSignalRoutes(
  services: CoreServices,
  clock: () => Date = () => new Date(),
): (app: FastifyInstance) => Promise<void> {
  return (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get(
      '/v1/copytrade/signals',
      {
        schema: {
          querystring: z.object({
            wallet: z.string().max(64).optional(),
            mint: z.string().max(64).optional(),
            since: z.iso.datetime({ offset: true }).optional(),
            window: z.enum(['24h', '7d', '30d', 'all']).optional(),
            outcome: z.enum(SIGNAL_OUTCOMES).optional(),
            source: z.enum(SIGNAL_SOURCES).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
            cursor: z.string().max(400).optional(),
          }),
        },
      },
      async (request) => {
        const q = request.query;
        const windowMs = q.window === undefined ? null : WINDOW_MS[q.window];
        const since =
          q.since !== undefined
            ? new Date(q.since)
            : windowMs === null
              ? undefined
              : new Date(clock().getTime() - windowMs);
        const page = await listCopySignals(services.database.db, {
          ...(q.wallet === undefined ? {} : { wallet: parseWalletAddress(q.wallet) }),
          ...(q.mint === undefined ? {} : { mint: parseWalletAddress(q.mint) }),
          ...(since === undefined ? {} : { since }),
          ...(q.outcome === undefined ? {} : { outcome: q.outcome }),
          ...(q.source === undefined ? {} : { source: q.source }),
          limit: q.limit,
          ...(q.cursor === undefined ? {} : { after: decodeSignalCursor(q.cursor) }),
        });
        return { signals: page.signals, next: page.next === null ? null : encodeSignalCursor(page.next) };
      },
    );
    return Promise.resolve();
  };
}
