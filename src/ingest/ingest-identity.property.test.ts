import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createLogger } from '../core/log/logger.ts';
import { createMetrics } from '../core/metrics/metrics.ts';
import { createFsObjectStore } from '../objectstore/fs-object-store.ts';
import type { Db } from '../store/database.ts';
import { openDatabase } from '../store/open-database.ts';
import { queryRows } from '../store/query-rows.ts';
import { txRaw } from '../store/schema/core-tables.ts';
import { testDatabaseUrl } from '../store/testing/test-database.ts';
import { ingest, type IngestDeps } from './ingest.ts';
import { openIngestHarness, type IngestHarness } from './testing/ingest-harness.ts';
import { loadRealTransactions } from './testing/real-transactions.ts';
import { createTransactionDecoder } from './transaction-decoder.ts';

/**
 * The store's content depends only on the set of transactions: not on their order, on repeats, on batch
 * sizes, on how many times ingest ran — nor on the database (PGlite or Postgres). Rows are compared as JSON
 * without the two insert-time columns (`decoded_at`, `ingested_at`), which record when, not what.
 */
async function contentOf(db: Db): Promise<string[]> {
  const rows = async (table: string, order: string): Promise<string[]> =>
    (
      await queryRows<{ r: string }>(
        db,
        sql`SELECT (to_jsonb(t) - 'decoded_at' - 'ingested_at')::text AS r FROM ${sql.identifier(table)} t ORDER BY ${sql.raw(order)}`,
      )
    ).map((x) => `${table} ${x.r}`);
  return [
    ...(await rows('tx_raw', 'sig')),
    ...(await rows('actions', 'sig, idx')),
    ...(await rows('participants', 'sig, wallet')),
  ];
}

let h: IngestHarness;
let raws: unknown[];
let canonical: string[];

beforeAll(async () => {
  h = await openIngestHarness();
  raws = loadRealTransactions().map((t) => t.raw);
  await ingest(h.deps, raws);
  canonical = await contentOf(h.database.db);
});
afterAll(() => h.dispose());

describe('ingest content identity', () => {
  test('any order, repeats and batch size give the same rows, and a second run changes none', async () => {
    expect(canonical.filter((r) => r.startsWith('tx_raw ')).length).toBeGreaterThan(50);
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(
          raws.map((_, i) => i),
          { minLength: raws.length, maxLength: raws.length },
        ),
        fc.array(fc.nat({ max: raws.length - 1 }), { maxLength: 20 }),
        fc.integer({ min: 1, max: 64 }),
        async (order, repeats, batchSize) => {
          await h.database.db.delete(txRaw);
          const input = [...order, ...repeats].map((i) => raws[i]);
          await ingest(h.deps, input, { batchSize });
          expect(await contentOf(h.database.db)).toEqual(canonical);
          const again = await ingest(h.deps, input, { batchSize });
          expect(again.stored).toBe(0);
          expect(await contentOf(h.database.db)).toEqual(canonical);
        },
      ),
      { numRuns: 8 },
    );
  });

  test.skipIf(testDatabaseUrl() === undefined)(
    'Postgres and embedded PGlite store identical rows',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'oof-identity-'));
      const logger = createLogger('silent');
      const embedded = await openDatabase({ dataDir: dir }, logger, { embeddedPath: 'memory://' });
      try {
        const deps: IngestDeps = {
          database: embedded,
          objects: createFsObjectStore({ root: join(dir, 'objects') }),
          decoder: createTransactionDecoder(),
          metrics: createMetrics(),
          logger,
        };
        await ingest(deps, raws);
        expect(await contentOf(embedded.db)).toEqual(canonical);
      } finally {
        await embedded.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
