import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One Prometheus registry per process; every adapter registers its series here. */
export interface Metrics {
  readonly registry: Registry;
  readonly txIngested: Counter<'result'>;
  readonly actionsWritten: Counter;
  readonly decodeErrors: Counter<'code'>;
  readonly ingestBatchSeconds: Histogram;
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
  };
}
