import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OofError } from '../../core/errors/oof-error.ts';
import {
  LAUNCH_EVENT_KINDS,
  parseLaunchEventKind,
  type LaunchEventKind,
} from '../../launch/events/launch-event.ts';
import type { CoreServices } from '../../main/core-services.ts';
import {
  LAUNCH_EVENTS_CHANNEL,
  lastLaunchEventCursor,
  readLaunchEventsAfter,
} from '../../store/launch/launch-events.repository.ts';
import {
  getLaunch,
  launchCurveSeries,
  launchFeatureSeries,
  launchTradesPage,
  listLaunches,
  type LaunchCursor,
  type TradeCursor,
} from '../../store/launch/launches-query.repository.ts';
import {
  listIntentsOfMint,
  type StoredIntent,
} from '../../store/launch-intents/launch-intents.repository.ts';
import type { NotificationHub } from '../sse/notification-hub.ts';
import { lastEventId, openSse } from '../sse/sse-stream.ts';
import { decodePageCursor, encodePageCursor } from './page-cursor.ts';

const MINT = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/;

export const encodeLaunchCursor = (c: LaunchCursor): string =>
  encodePageCursor([c.createdAtMs.toString(), c.mint]);

export const decodeLaunchCursor = (raw: string): LaunchCursor =>
  decodePageCursor(raw, ([createdAtMs, mint]) =>
    typeof createdAtMs === 'string' && /^\d{1,16}$/.test(createdAtMs) && typeof mint === 'string'
      ? { createdAtMs: BigInt(createdAtMs), mint }
      : undefined,
  );

const encodeTradeCursor = (c: TradeCursor): string =>
  encodePageCursor([c.tEventMs.toString(), c.signature, c.eventIndex]);

const decodeTradeCursor = (raw: string): TradeCursor =>
  decodePageCursor(raw, ([tEventMs, signature, eventIndex]) =>
    typeof tEventMs === 'string' &&
    /^\d{1,16}$/.test(tEventMs) &&
    typeof signature === 'string' &&
    typeof eventIndex === 'number' &&
    Number.isSafeInteger(eventIndex)
      ? { tEventMs: BigInt(tEventMs), signature, eventIndex }
      : undefined,
  );

const kindsQuery = z
  .string()
  .max(300)
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === '') return undefined;
    const kinds: LaunchEventKind[] = [];
    for (const name of v.split(',').map((k) => k.trim())) {
      const kind = parseLaunchEventKind(name);
      if (kind === undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown kind ${name}; one of ${LAUNCH_EVENT_KINDS.join(', ')}`,
        });
        return z.NEVER;
      }
      kinds.push(kind);
    }
    return kinds;
  });

/**
 * The launch radar over HTTP: `GET /v1/launches` (newest first, keyset pages, each with status, curve progress,
 * latest minute of features and flags), `GET /v1/launches/:mint` (curve snapshots, features series, flags,
 * a page of trades) and `GET /v1/stream/launches` (SSE of the event log: id = cursor, resumable with
 * Last-Event-ID; `kinds` filters, e.g. `tokenLaunched,riskFlag`).
 */
export function launchRoutes(
  services: CoreServices,
  hub: NotificationHub,
): (app: FastifyInstance) => Promise<void> {
  return (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const db = services.database.db;

    r.get(
      '/v1/launches',
      {
        schema: {
          querystring: z.object({
            status: z.enum(['CURVE', 'MIGRATED']).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
            cursor: z.string().max(400).optional(),
          }),
        },
      },
      async (request) => {
        const q = request.query;
        const page = await listLaunches(db, {
          limit: q.limit,
          ...(q.status === undefined ? {} : { status: q.status }),
          ...(q.cursor === undefined ? {} : { after: decodeLaunchCursor(q.cursor) }),
        });
        return { launches: page.launches, next: page.next === null ? null : encodeLaunchCursor(page.next) };
      },
    );

    r.get(
      '/v1/launches/:mint',
      {
        schema: {
          params: z.object({ mint: z.string().regex(MINT, 'a base58 mint address') }),
          querystring: z.object({
            minutes: z.coerce.number().int().min(1).max(10_080).default(240),
            snapshots: z.coerce.number().int().min(1).max(5_000).default(500),
            trades_limit: z.coerce.number().int().min(1).max(500).default(100),
            trades_cursor: z.string().max(400).optional(),
            intents_limit: z.coerce.number().int().min(1).max(500).default(50),
          }),
        },
      },
      async (request) => {
        const { mint } = request.params;
        const q = request.query;
        const launch = await getLaunch(db, mint);
        if (launch === null) {
          throw new OofError(
            'OBJECT_NOT_FOUND',
            `no launch with mint ${mint} has been seen by the executor`,
            {
              mint,
            },
          );
        }
        const [curve, features, trades, intents] = [
          await launchCurveSeries(db, mint, q.snapshots),
          await launchFeatureSeries(db, mint, q.minutes),
          await launchTradesPage(
            db,
            mint,
            q.trades_limit,
            q.trades_cursor === undefined ? undefined : decodeTradeCursor(q.trades_cursor),
          ),
          await listIntentsOfMint(db, mint, q.intents_limit),
        ];
        return {
          launch,
          curveSnapshots: curve,
          features,
          flags: launch.flags,
          trades: trades.trades,
          tradesNext: trades.next === null ? null : encodeTradeCursor(trades.next),
          intents: intents.map(intentView),
        };
      },
    );

    r.get(
      '/v1/stream/launches',
      {
        schema: { querystring: z.object({ kinds: kindsQuery, lastEventId: z.string().max(20).optional() }) },
      },
      async (request, reply) => {
        const kinds = request.query.kinds;
        const resumeFrom = lastEventId(request);
        let cursor = resumeFrom > 0 ? BigInt(resumeFrom) : await lastLaunchEventCursor(db);
        const stream = openSse(request, reply);
        // One read at a time, from the last cursor sent: notifications only say "there is more".
        let reading: Promise<void> = Promise.resolve();
        const pump = (): void => {
          reading = reading
            .then(async () => {
              for (;;) {
                if (stream.closed) return;
                const events = await readLaunchEventsAfter(db, cursor, 500, kinds);
                for (const e of events) {
                  stream.send({
                    id: e.cursor.toString(),
                    event: e.event.kind,
                    data: {
                      cursor: e.cursor.toString(),
                      tEventMs: e.tEventMs.toString(),
                      slot: e.slot.toString(),
                      ...e.event,
                    },
                  });
                  cursor = e.cursor;
                }
                if (events.length < 500) return;
              }
            })
            .catch((err: unknown) => request.log.warn({ err }, 'launch stream read failed'));
        };
        const unsubscribe = await hub.subscribe(LAUNCH_EVENTS_CHANNEL, pump);
        stream.onClose(unsubscribe);
        if (resumeFrom > 0) pump();
      },
    );
    return Promise.resolve();
  };
}

/** A strategy's intent as the launch page shows it: 64-bit values as decimal strings, times in ms. */
function intentView(i: StoredIntent) {
  return {
    intentId: i.intentId,
    strategyId: i.strategyId,
    side: i.side,
    venue: i.venue,
    size: i.size.toString(),
    maxSlippageBps: i.maxSlippageBps,
    ttlMs: i.ttlMs.toString(),
    reasonCodes: i.reasonCodes,
    tDecisionMs: i.tDecisionMs.toString(),
    status: i.status,
    errorCode: i.errorCode,
    message: i.message,
    cancelReason: i.cancelReason,
    cancelledAt: i.cancelledAt === null ? null : i.cancelledAt.toISOString(),
  };
}
