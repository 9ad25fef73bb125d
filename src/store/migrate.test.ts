import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, test } from 'vitest';
import { isOofError } from '../core/errors/oof-error.ts';
import { createLogger } from '../core/log/logger.ts';
import { queryRows } from './query-rows.ts';
import { loadMigrations, migrate, type Migration } from './migrate.ts';
import { openTestDatabase, type TestDatabase } from './testing/test-database.ts';
import { schemaSnapshot } from './testing/schema-snapshot.ts';

const logger = createLogger('silent');
let database: TestDatabase | undefined;

async function fresh(): Promise<TestDatabase> {
  database = await openTestDatabase({ migrate: false });
  return database;
}

afterEach(async () => {
  await database?.dispose();
  database = undefined;
});

async function appliedVersions(d: TestDatabase): Promise<string[]> {
  const rows = await queryRows<{ v: string }>(
    d.db,
    sql`SELECT version::text AS v FROM schema_migrations ORDER BY version`,
  );
  return rows.map((r) => r.v);
}

describe('migrate', () => {
  test('applies every file once, in order; a second run changes nothing', async () => {
    const d = await fresh();
    const files = loadMigrations();
    expect(files.map((m) => m.name).slice(0, 3)).toEqual([
      '0001_core.sql',
      '0002_tokens.sql',
      '0003_jobs.sql',
    ]);

    const first = await migrate(d, logger);
    expect(first.applied).toEqual(files.map((m) => m.name));
    const before = await schemaSnapshot(d.db);
    expect(before).toContain('tx_raw');
    expect(before).toContain('token_prices_bucket_start_brin');

    const second = await migrate(d, logger);
    expect(second).toEqual({ applied: [], alreadyApplied: files.length });
    expect(await schemaSnapshot(d.db)).toBe(before);
    expect(await appliedVersions(d)).toEqual(files.map((m) => String(m.version)));
  });

  test('two migrators at once apply each file exactly once', async () => {
    const d = await fresh();
    const [a, b] = await Promise.all([migrate(d, logger), migrate(d, logger)]);
    expect([...a.applied, ...b.applied].sort()).toEqual(loadMigrations().map((m) => m.name));
  });

  test('an applied file that was edited afterwards stops the migrator with a clear error', async () => {
    const d = await fresh();
    await migrate(d, logger);
    const edited: Migration[] = loadMigrations().map((m) =>
      m.version === 1 ? { ...m, sql: `${m.sql}\n-- edited`, checksum: 'f'.repeat(64) } : m,
    );
    const error: unknown = await migrate(d, logger, edited).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isOofError(error, 'DB_MIGRATION_FAILED')).toBe(true);
    expect((error as Error).message).toMatch(
      /0001_core\.sql was edited after it was applied.*new numbered migration/,
    );
  });

  test('a failing file is rolled back whole and the earlier ones stay applied', async () => {
    const d = await fresh();
    const broken: Migration = {
      version: 9001,
      name: '9001_broken.sql',
      sql: 'CREATE TABLE half_done (x int);\nSELECT no_such_function();',
      checksum: 'b'.repeat(64),
    };
    const error: unknown = await migrate(d, logger, [...loadMigrations(), broken]).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isOofError(error, 'DB_MIGRATION_FAILED')).toBe(true);
    expect((error as Error).message).toContain('9001_broken.sql');
    const exists = await queryRows(d.db, sql`SELECT to_regclass('half_done')::text AS t`);
    expect(exists[0]?.t).toBeNull();
    expect(await appliedVersions(d)).toEqual(loadMigrations().map((m) => String(m.version)));
  });
});
