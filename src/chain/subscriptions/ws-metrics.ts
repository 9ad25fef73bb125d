import { Counter, type Registry } from 'prom-client';

export interface WsMetrics {
  readonly reconnects: Counter<'endpoint' | 'reason'>;
  readonly notifications: Counter<'endpoint' | 'method'>;
  readonly backfilled: Counter<'endpoint'>;
  readonly duplicatesDropped: Counter<'endpoint'>;
}

const cache = new WeakMap<Registry, WsMetrics>();

export function wsMetrics(registry: Registry): WsMetrics {
  const existing = cache.get(registry);
  if (existing !== undefined) return existing;
  const metrics: WsMetrics = {
    reconnects: new Counter({
      name: 'oof_ws_reconnects_total',
      help: 'WebSocket reconnects, by reason (silent, stalled, closed, error, refused)',
      labelNames: ['endpoint', 'reason'],
      registers: [registry],
    }),
    notifications: new Counter({
      name: 'oof_ws_notifications_total',
      help: 'Pubsub notifications received, by method',
      labelNames: ['endpoint', 'method'],
      registers: [registry],
    }),
    backfilled: new Counter({
      name: 'oof_ws_backfilled_signatures_total',
      help: 'Signatures delivered by the gap backfill after a (re)connect, not by a notification',
      labelNames: ['endpoint'],
      registers: [registry],
    }),
    duplicatesDropped: new Counter({
      name: 'oof_ws_duplicates_dropped_total',
      help: 'Signatures seen twice (live and backfill overlap) and delivered once',
      labelNames: ['endpoint'],
      registers: [registry],
    }),
  };
  cache.set(registry, metrics);
  return metrics;
}
