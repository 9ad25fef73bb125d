import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Per-endpoint, per-method RPC series. Created once per registry and shared by every client on it. */
export interface RpcMetrics {
  readonly requests: Counter<'endpoint' | 'method'>;
  /** `kind`: timeout, network, http_status, rate_limited, invalid_response, rpc_error, aborted. */
  readonly errors: Counter<'endpoint' | 'method' | 'kind'>;
  readonly latency: Histogram<'endpoint' | 'method'>;
  readonly slotLag: Gauge<'endpoint'>;
  readonly retries: Counter<'method'>;
}

const cache = new WeakMap<Registry, RpcMetrics>();

export function rpcMetrics(registry: Registry): RpcMetrics {
  const existing = cache.get(registry);
  if (existing !== undefined) return existing;
  const metrics: RpcMetrics = {
    requests: new Counter({
      name: 'oof_rpc_requests_total',
      help: 'JSON-RPC calls sent, per endpoint and method (one per call, batched or not)',
      labelNames: ['endpoint', 'method'],
      registers: [registry],
    }),
    errors: new Counter({
      name: 'oof_rpc_errors_total',
      help: 'Failed JSON-RPC attempts, per endpoint, method and kind of failure',
      labelNames: ['endpoint', 'method', 'kind'],
      registers: [registry],
    }),
    latency: new Histogram({
      name: 'oof_rpc_request_seconds',
      help: 'Latency of JSON-RPC attempts, per endpoint and method',
      labelNames: ['endpoint', 'method'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    slotLag: new Gauge({
      name: 'oof_rpc_endpoint_slot_lag',
      help: 'Slots an endpoint is behind the most advanced endpoint (periodic getSlot)',
      labelNames: ['endpoint'],
      registers: [registry],
    }),
    retries: new Counter({
      name: 'oof_rpc_retries_total',
      help: 'Calls retried after a failed attempt (on the same or another endpoint), per method',
      labelNames: ['method'],
      registers: [registry],
    }),
  };
  cache.set(registry, metrics);
  return metrics;
}
