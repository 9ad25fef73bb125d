import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import type { SolanaRpc } from '../../chain/rpc/solana-rpc.ts';
import type { CoreServices } from '../../main/core-services.ts';

type Probe = { status: 'ok' | 'down'; latencyMs: number; error?: string };

const PROBE_TIMEOUT_MS = 2_000;

async function probe(fn: () => Promise<unknown>): Promise<Probe> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)),
          PROBE_TIMEOUT_MS,
        );
      }),
    ]);
    return { status: 'ok', latencyMs: Math.round(performance.now() - started) };
  } catch (e) {
    return {
      status: 'down',
      latencyMs: Math.round(performance.now() - started),
      error: (e as Error).message,
    };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `/v1/health`: the database and the object store are required (either down → 503 `down`); the RPC and Redis
 * are probed when configured and only degrade the service (200 `degraded`: analyses wait, reads still work).
 * `/metrics`: Prometheus.
 */
export function healthRoutes(services: CoreServices, options: { rpc?: SolanaRpc | null } = {}) {
  return (app: FastifyInstance): Promise<void> => {
    const redisUrl = services.config.redisUrl;
    const redis =
      redisUrl === undefined
        ? null
        : new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    if (redis !== null) {
      redis.on('error', () => undefined); // reported by the probe, not thrown
      app.addHook('onClose', async () => {
        redis.disconnect();
        return Promise.resolve();
      });
    }
    app.get('/v1/health', async (_request, reply) => {
      const rpc = options.rpc ?? null;
      const [database, objectStore, chain, cache] = await Promise.all([
        probe(() => services.database.db.execute(sql`select 1`)),
        probe(() => services.objects.has('health/probe')),
        rpc === null ? null : probe(() => rpc.getSlot()),
        redis === null
          ? null
          : probe(async () => {
              if (redis.status === 'wait' || redis.status === 'end') await redis.connect();
              await redis.ping();
            }),
      ]);
      const required = database.status === 'ok' && objectStore.status === 'ok';
      const optional = [chain, cache].every((p) => p === null || p.status === 'ok');
      const status = !required ? 'down' : optional ? 'ok' : 'degraded';
      return reply.status(required ? 200 : 503).send({
        status,
        deployment: services.database.kind,
        components: {
          database,
          objectStore,
          ...(chain === null ? {} : { rpc: chain }),
          ...(cache === null ? {} : { redis: cache }),
        },
      });
    });
    app.get('/metrics', async (_request, reply) =>
      reply
        .header('content-type', services.metrics.registry.contentType)
        .send(await services.metrics.registry.metrics()),
    );
    return Promise.resolve();
  };
}
