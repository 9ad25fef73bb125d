import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ENGINE_STATE_KEY, type EngineHeartbeat } from '../../copytrade/engine/copytrade-engine.ts';
import { BREAKERS_STATE_KEY } from '../../copytrade/engine/book-keeping.ts';
import type { BreakerState } from '../../copytrade/strategy/circuit-breakers.ts';
import type { CoreServices } from '../../main/core-services.ts';
import { listOpenOrders, listPositionOrders } from '../../store/copytrade/copy-orders.repository.ts';
import { listPerformance } from '../../store/copytrade/copy-performance.repository.ts';
import {
  getPosition,
  listFills,
  listPositionEvents,
  listPaperLivePairs,
  listPositions,
} from '../../store/copytrade/copy-positions.repository.ts';
import { comparePaperLive } from '../../copytrade/positions/paper-vs-live.ts';
import { listBreakerEvents, readState } from '../../store/copytrade/copytrade-state.repository.ts';
import { POSITION_STATUSES } from '../../store/schema/copytrade-tables.ts';
import { orderView, plain, positionView, sumUsd } from './copytrade-views.ts';

/** The engine is "up" while its heartbeat is younger than this (it beats at least every second when busy). */
const HEARTBEAT_STALE_MS = 30_000;

/**
 * The operator desk's reads (signed-in subjects; the parent plugin checks): `GET /v1/copytrade/overview`,
 * `/positions?status=`, `/positions/:id`, `/performance?window=`, `/breakers`, `/health`.
 */
export function copytradeDeskRoutes(
  services: CoreServices,
  clock: () => Date = () => new Date(),
): (app: FastifyInstance) => Promise<void> {
  return (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const db = services.database.db;

    const activeBreakers = async () => {
      const state = await readState<BreakerState>(db, BREAKERS_STATE_KEY);
      return {
        evaluatedAt: state === null ? null : new Date(state.value.atMs).toISOString(),
        active: state === null ? [] : state.value.readings.filter((b) => b.active),
        readings: state?.value.readings ?? [],
      };
    };

    r.get('/v1/copytrade/overview', async () => {
      const open = (await listPositions(db, { statuses: ['open', 'exiting', 'error'] })).map(positionView);
      const closed = await listPositions(db, { statuses: ['closed'] });
      const orders = (await listOpenOrders(db)).map(orderView);
      const breakers = await activeBreakers();
      const realized = sumUsd([...open, ...closed.map(positionView)].map((p) => p.realizedPnlUsd));
      const unrealized = sumUsd(open.map((p) => p.unrealizedPnlUsd));
      return {
        positions: {
          open: open.filter((p) => p.status !== 'error').length,
          error: open.filter((p) => p.status === 'error').length,
          closed: closed.length,
        },
        pnl: { realizedUsd: realized, unrealizedUsd: unrealized, totalUsd: sumUsd([realized, unrealized]) },
        openPositions: open,
        openOrders: orders,
        activeBreakers: breakers.active,
      };
    });

    r.get(
      '/v1/copytrade/positions',
      {
        schema: {
          querystring: z.object({
            status: z.enum(POSITION_STATUSES).optional(),
            wallet: z.string().max(64).optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
          }),
        },
      },
      async (request) => {
        const q = request.query;
        const rows = await listPositions(db, {
          ...(q.status === undefined ? {} : { statuses: [q.status] }),
          ...(q.wallet === undefined ? {} : { wallet: q.wallet }),
          limit: q.limit,
        });
        return { positions: rows.map(positionView) };
      },
    );

    r.get(
      '/v1/copytrade/positions/:id',
      { schema: { params: z.object({ id: z.string().min(1).max(100) }) } },
      async (request, reply) => {
        const stored = await getPosition(db, request.params.id);
        if (stored === null) {
          return reply.status(404).send({
            error: 'COPY_POSITION_NOT_FOUND',
            message: `no copy-trading position ${request.params.id}`,
            details: { id: request.params.id },
          });
        }
        return {
          ...positionView(stored),
          fills: await listFills(db, stored.position.id),
          orders: (await listPositionOrders(db, stored.position.id)).map(orderView),
          events: plain(await listPositionEvents(db, stored.position.id)),
        };
      },
    );

    r.get(
      '/v1/copytrade/performance',
      { schema: { querystring: z.object({ window: z.enum(['24h', '7d', '30d', 'all']).default('all') }) } },
      async (request) => {
        const rows = await listPerformance(db, request.query.window);
        // Paper-vs-live slippage per signal: each live swap beside the paper fill modelled for it.
        const pairs = await listPaperLivePairs(db, 200);
        const compared = comparePaperLive(
          pairs.map((p) => ({
            signalId: p.signalSignature ?? `${p.positionId}:${p.seq}`,
            paper: p.paper,
            live: p.live,
          })),
        );
        return {
          window: request.query.window,
          paperVsLive: compared,
          wallets: rows.map((w) => ({
            wallet: w.wallet,
            computedAt: w.computedAt.toISOString(),
            ...(w.stats as object),
          })),
        };
      },
    );

    r.get(
      '/v1/copytrade/breakers',
      { schema: { querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }) } },
      async (request) => {
        const b = await activeBreakers();
        return { ...b, events: await listBreakerEvents(db, request.query.limit) };
      },
    );

    r.get('/v1/copytrade/health', async () => {
      const beat = await readState<EngineHeartbeat>(db, ENGINE_STATE_KEY);
      const nowMs = clock().getTime();
      const ageMs = beat === null ? null : nowMs - beat.value.atMs;
      return {
        engine: {
          status: ageMs === null ? 'never_started' : ageMs > HEARTBEAT_STALE_MS ? 'stale' : 'running',
          heartbeatAt: beat === null ? null : new Date(beat.value.atMs).toISOString(),
          heartbeatAgeMs: ageMs,
          workerId: beat?.value.workerId ?? null,
          rounds: beat?.value.rounds ?? 0,
          signalsDecided: beat?.value.signalsDecided ?? 0,
          exitsStarted: beat?.value.exitsStarted ?? 0,
          lastError: beat?.value.lastError ?? null,
        },
        priceMonitor: beat?.value.monitor ?? null,
        priceSources: (beat?.value.priceSources ?? []).map((s) => ({
          ...s,
          lastSuccessAgeMs: s.lastSuccessAtMs === null ? null : nowMs - s.lastSuccessAtMs,
        })),
        jupiter: beat?.value.live ?? null,
      };
    });
    return Promise.resolve();
  };
}
