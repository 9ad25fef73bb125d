import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One Prometheus registry per process; every adapter registers its series here. */
export interface Metrics {
  readonly registry: Registry;
  readonly txIngested: Counter<'result'>;
  readonly actionsWritten: Counter;
  readonly decodeErrors: Counter<'code'>;
  readonly ingestBatchSeconds: Histogram;
  /** New OOF moments stored, by detector kind. */
  readonly momentsDetected: Counter<'kind'>;
  /** Analysis runs finished, by outcome (done, partial, failed). */
  readonly analysisRuns: Counter<'status'>;
  readonly cardRenderSeconds: Histogram;
  readonly httpRequestSeconds: Histogram<'method' | 'route' | 'status'>;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? false) collectDefaultMetrics({ register: registry, prefix: 'oof_' });
  return {
    registry,
    txIngested: new Counter({
      name: 'oof_tx_ingested_total',
      help: 'Transactions offered to ingest, by result (stored, duplicate, redecoded)',
      labelNames: ['result'],
      registers: [registry],
    }),
    actionsWritten: new Counter({
      name: 'oof_actions_written_total',
      help: 'Normalized actions written to the store',
      registers: [registry],
    }),
    decodeErrors: new Counter({
      name: 'oof_decode_errors_total',
      help: 'Transactions the decoder rejected, by error code',
      labelNames: ['code'],
      registers: [registry],
    }),
    ingestBatchSeconds: new Histogram({
      name: 'oof_ingest_batch_seconds',
      help: 'Wall time of one ingest batch (one database transaction)',
      buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers: [registry],
    }),
    momentsDetected: new Counter({
      name: 'oof_moments_detected_total',
      help: 'New OOF moments stored, by detector kind',
      labelNames: ['kind'],
      registers: [registry],
    }),
    analysisRuns: new Counter({
      name: 'oof_analysis_runs_total',
      help: 'Analysis runs finished, by outcome (done, partial: cut by a plan ceiling, failed)',
      labelNames: ['status'],
      registers: [registry],
    }),
    cardRenderSeconds: new Histogram({
      name: 'oof_card_render_seconds',
      help: 'Time to render one moment card (SVG to PNG); the count is the number of renders',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2],
      registers: [registry],
    }),
    httpRequestSeconds: new Histogram({
      name: 'oof_http_request_seconds',
      help: 'HTTP request latency by method, route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
  };
}
