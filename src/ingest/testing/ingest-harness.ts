import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../core/log/logger.ts';
import { createMetrics } from '../../core/metrics/metrics.ts';
import { createFsObjectStore } from '../../objectstore/fs-object-store.ts';
import type { ObjectStore } from '../../objectstore/object-store.ts';
import { openTestDatabase, type TestDatabase } from '../../store/testing/test-database.ts';
import type { IngestDeps } from '../ingest.ts';
import { createTransactionDecoder } from '../transaction-decoder.ts';

export interface IngestHarness {
  readonly deps: IngestDeps;
  readonly database: TestDatabase;
  /** Object-store calls made so far, by method (the store itself is a real folder). */
  readonly calls: { put: number; get: number; has: number };
  dispose(): Promise<void>;
}

/** Real database (PGlite or DATABASE_URL), real folder object store, real decoder: nothing mocked. */
export async function openIngestHarness(): Promise<IngestHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'oof-ingest-'));
  const database = await openTestDatabase();
  const inner = createFsObjectStore({ root: join(dir, 'objects') });
  const calls = { put: 0, get: 0, has: 0 };
  // Counts calls and delegates: lets a test see that a skipped transaction never reached the store.
  const objects: ObjectStore = {
    put: (key, bytes, type) => (calls.put++, inner.put(key, bytes, type)),
    get: (key) => (calls.get++, inner.get(key)),
    has: (key) => (calls.has++, inner.has(key)),
  };
  return {
    deps: {
      database,
      objects,
      decoder: createTransactionDecoder(),
      metrics: createMetrics(),
      logger: createLogger('silent'),
    },
    database,
    calls,
    dispose: async () => {
      await database.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
