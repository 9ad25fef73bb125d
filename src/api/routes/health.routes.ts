import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { CoreServices } from '../../main/core-services.ts';

/** `/v1/health` (database and object store probed, 503 when one is down) and `/metrics` (Prometheus). */
export function healthRoutes(services: CoreServices) {
  return (app: FastifyInstance): Promise<void> => {
    app.get('/v1/health', async (_request, reply) => {
      const probe = async (
        fn: () => Promise<unknown>,
      ): Promise<{ status: 'ok' | 'down'; error?: string }> => {
        try {
          await fn();
          return { status: 'ok' };
        } catch (e) {
          return { status: 'down', error: (e as Error).message };
        }
      };
      const [database, objectStore] = await Promise.all([
        probe(() => services.database.db.execute(sql`select 1`)),
        probe(() => services.objects.has('health/probe')),
      ]);
      const ok = database.status === 'ok' && objectStore.status === 'ok';
      return reply.status(ok ? 200 : 503).send({
        status: ok ? 'ok' : 'down',
        deployment: services.database.kind,
        components: { database, objectStore },
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
