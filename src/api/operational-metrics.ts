import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { Gauge } from 'prom-client';
import type { CoreServices } from '../main/core-services.ts';
import { queryRows } from '../store/query-rows.ts';

/**
 * HTTP latency per route (an `onResponse` hook) and the job queues' depth and lag, read from the database when
 * `/metrics` is scraped (so every API process reports the shared queue).
 */
export function installOperationalMetrics(app: FastifyInstance, services: CoreServices): void {
  const { metrics } = services;
  app.addHook('onResponse', (request, reply, done) => {
    metrics.httpRequestSeconds.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
    done();
  });
  const registry = metrics.registry;
  if (registry.getSingleMetric('oof_queue_depth') !== undefined) return;
  const read = async () =>
    queryRows<{ queue: string; depth: number; lag: number | null }>(
      services.database.db,
      sql`SELECT queue, count(*)::int AS depth,
                 extract(epoch FROM now() - min(run_at) FILTER (WHERE run_at <= now()))::float8 AS lag
            FROM jobs WHERE status = 'queued' GROUP BY queue`,
    );
  new Gauge({
    name: 'oof_queue_depth',
    help: 'Jobs waiting per queue',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of await read()) this.set({ queue: r.queue }, r.depth);
    },
  });
  new Gauge({
    name: 'oof_queue_lag_seconds',
    help: 'Age of the oldest ready job per queue (how far behind the workers are)',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of await read()) this.set({ queue: r.queue }, Math.max(0, r.lag ?? 0));
    },
  });
}
