import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { parseWalletAddress } from '../../core/wallet-address.ts';
import { MOMENT_KINDS } from '../../analytics/detectors/moment.ts';
import { OofError } from '../../core/errors/oof-error.ts';
import type { CoreServices } from '../../main/core-services.ts';
import { MOMENTS_CHANNEL } from '../../store/analytics/analysis-notify.ts';
import { getStoredMoment, listMoments, type MomentCursor } from '../../store/analytics/moments.repository.ts';
import type { NotificationHub } from '../sse/notification-hub.ts';
import { openSse } from '../sse/sse-stream.ts';
import { decodePageCursor, encodePageCursor } from './page-cursor.ts';

const decimal = z.string().regex(/^\d+(\.\d+)?$/, 'a non-negative decimal, e.g. 25 or 25.5');

export const encodeMomentCursor = (c: MomentCursor): string => encodePageCursor([c.tEvent, c.id]);

export const decodeMomentCursor = (raw: string): MomentCursor =>
  decodePageCursor(raw, ([tEvent, id, ...rest]) =>
    typeof tEvent === 'string' &&
    typeof id === 'string' &&
    rest.length === 0 &&
    !Number.isNaN(Date.parse(tEvent))
      ? { tEvent, id }
      : undefined,
  );

/**
 * `GET /v1/moments` (keyset pages on `(t_event, id)`, newest first; filters wallet, kinds, since, min_usd),
 * `GET /v1/moments/:id` (with provenance) and `GET /v1/stream/moments` (SSE of every new moment).
 */
export function momentRoutes(
  services: CoreServices,
  hub: NotificationHub,
): (app: FastifyInstance) => Promise<void> {
  return (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const db = services.database.db;

    r.get(
      '/v1/moments',
      {
        schema: {
          querystring: z.object({
            wallet: z.string().max(64).optional(),
            kinds: z
              .string()
              .max(200)
              .optional()
              .transform((v) => (v === undefined || v === '' ? undefined : v.split(',').map((k) => k.trim())))
              .pipe(z.array(z.enum(MOMENT_KINDS)).optional()),
            since: z.iso.datetime({ offset: true }).optional(),
            min_usd: decimal.optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
            cursor: z.string().max(400).optional(),
          }),
        },
      },
      async (request) => {
        const q = request.query;
        const page = await listMoments(db, {
          ...(q.wallet === undefined ? {} : { wallet: parseWalletAddress(q.wallet) }),
          ...(q.kinds === undefined ? {} : { kinds: q.kinds }),
          ...(q.since === undefined ? {} : { since: new Date(q.since) }),
          ...(q.min_usd === undefined ? {} : { minUsd: q.min_usd }),
          limit: q.limit,
          ...(q.cursor === undefined ? {} : { after: decodeMomentCursor(q.cursor) }),
        });
        return { moments: page.moments, next: page.next === null ? null : encodeMomentCursor(page.next) };
      },
    );

    r.get(
      '/v1/moments/:id',
      { schema: { params: z.object({ id: z.string().min(1).max(300) }) } },
      async (request) => {
        const m = await getStoredMoment(db, request.params.id);
        if (m === null) {
          throw new OofError('MOMENT_NOT_FOUND', `no moment with id ${request.params.id}`, {
            id: request.params.id,
          });
        }
        return m;
      },
    );

    r.get('/v1/stream/moments', async (request, reply) => {
      const stream = openSse(request, reply);
      const unsubscribe = await hub.subscribe(MOMENTS_CHANNEL, (id) => {
        void getStoredMoment(db, id)
          .then((m) => {
            if (m !== null) stream.send({ id: m.id, event: 'moment', data: m });
          })
          .catch((err: unknown) => request.log.warn({ err }, 'moment stream read failed'));
      });
      stream.onClose(unsubscribe);
    });
    return Promise.resolve();
  };
}
