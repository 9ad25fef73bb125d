import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configSchema } from '../../core/config/config.ts';
import { createLogger } from '../../core/log/logger.ts';
import { createMetrics } from '../../core/metrics/metrics.ts';
import { createTransactionDecoder } from '../../ingest/transaction-decoder.ts';
import { createFsObjectStore } from '../../objectstore/fs-object-store.ts';
import { openTestDatabase } from '../../store/testing/test-database.ts';
import type { CoreServices } from '../core-services.ts';

/**
 * Real core services for one test file: an isolated database (PGlite, or a fresh schema on the Postgres server
 * when DATABASE_URL is set) and a filesystem object store in a temp folder. `close()` removes both.
 */
export async function openTestServices(): Promise<CoreServices> {
  const logger = createLogger('silent');
  const database = await openTestDatabase({ logger });
  const dataDir = mkdtempSync(join(tmpdir(), 'oof-services-'));
  return {
    config: configSchema.parse({ dataDir }),
    database,
    objects: createFsObjectStore({ root: join(dataDir, 'objects') }),
    metrics: createMetrics(),
    decoder: createTransactionDecoder(),
    logger,
    close: async () => {
      await database.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
