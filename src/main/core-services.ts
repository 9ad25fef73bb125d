import type { Config } from '../core/config/config.ts';
import type { Logger } from '../core/log/logger.ts';
import { createMetrics, type Metrics } from '../core/metrics/metrics.ts';
import { createTransactionDecoder } from '../ingest/transaction-decoder.ts';
import type { IngestDeps } from '../ingest/ingest.ts';
import { openObjectStore } from '../objectstore/open-object-store.ts';
import type { ObjectStore } from '../objectstore/object-store.ts';
import type { Database } from '../store/database.ts';
import { openDatabase } from '../store/open-database.ts';

/**
 * Composition root of the data core: the one place that builds adapters from configuration. Embedded by
 * default (PGlite and files under the data folder); Postgres and S3 when configured.
 */
export interface CoreServices extends IngestDeps {
  readonly config: Config;
  readonly database: Database;
  readonly objects: ObjectStore;
  readonly metrics: Metrics;
  close(): Promise<void>;
}

export async function openCoreServices(
  config: Config,
  logger: Logger,
  options: { migrate?: boolean; defaultMetrics?: boolean } = {},
): Promise<CoreServices> {
  const database = await openDatabase(config, logger, { migrate: options.migrate ?? true });
  const objects = openObjectStore(config, logger);
  const metrics = createMetrics({ defaultMetrics: options.defaultMetrics ?? false });
  const decoder = createTransactionDecoder(
    config.quoteMints === undefined ? {} : { quoteMints: config.quoteMints },
  );
  return {
    config,
    database,
    objects,
    metrics,
    decoder,
    logger,
    close: () => database.close(),
  };
}
