import { randomBytes, createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { createLogger, type Logger } from '../../core/log/logger.ts';
import type { Database } from '../database.ts';
import { loadMigrations, migrate } from '../migrate.ts';
import { openDatabase } from '../open-database.ts';
import { openEmbeddedDatabase } from '../open-embedded-database.ts';

/**
 * A fresh, isolated database for one test file: PGlite in memory by default, or — when `DATABASE_URL` is set
 * (CI runs the suite both ways) — a new schema on that server, dropped by `dispose()`, so test files running
 * in parallel never see each other's rows.
 *
 * PGlite's initdb takes ~4 s; we pay it once per machine by caching a dump of a fresh (or freshly migrated)
 * database in the temp folder, keyed by the PGlite version and the migration checksums. Loading it takes ~0.5 s.
 */
export interface TestDatabase extends Database {
  /** `pglite` or `postgres`, for test names and messages. */
  readonly label: 'pglite' | 'postgres';
  /** Closes the connection and, on Postgres, drops the schema. */
  dispose(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Apply migrations (default true); false gives an empty database to test the migrator itself. */
  readonly migrate?: boolean;
  readonly logger?: Logger;
}

export function testDatabaseUrl(): string | undefined {
  const url = process.env.DATABASE_URL;
  return url === undefined || url === '' ? undefined : url;
}

export async function openTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const logger = options.logger ?? createLogger('silent');
  const withMigrations = options.migrate ?? true;
  const url = testDatabaseUrl();
  if (url === undefined) {
    const template = await embeddedTemplate(withMigrations);
    const database = await openDatabase({ dataDir: tmpdir() }, logger, {
      embeddedPath: 'memory://',
      embeddedTemplate: template,
      migrate: withMigrations,
    });
    return { ...database, label: 'pglite', dispose: () => database.close() };
  }
  const schema = `oof_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(url, `CREATE SCHEMA ${schema}`);
  const database = await openDatabase({ dataDir: tmpdir(), databaseUrl: url }, logger, {
    schema,
    poolSize: 4,
    migrate: withMigrations,
  });
  return {
    ...database,
    label: 'postgres',
    dispose: async () => {
      await database.close();
      await adminQuery(url, `DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    },
  };
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

function pgliteVersion(): string {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve('@electric-sql/pglite'));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

async function embeddedTemplate(withMigrations: boolean): Promise<Blob> {
  const key = createHash('sha256')
    .update(pgliteVersion())
    .update(
      withMigrations
        ? loadMigrations()
            .map((m) => m.checksum)
            .join(',')
        : 'empty',
    )
    .digest('hex')
    .slice(0, 16);
  const path = join(tmpdir(), `oof-pglite-template-${key}.tar`);
  if (!existsSync(path)) {
    const silent = createLogger('silent');
    const database = await openEmbeddedDatabase({ path: 'memory://', logger: silent });
    if (withMigrations) await migrate(database, silent);
    const dump = new Uint8Array(await (await database.dumpDataDir()).arrayBuffer());
    await database.close();
    // Parallel test files may race to build it: each writes its own temp file, the rename is atomic.
    const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(temp, dump);
    renameSync(temp, path);
  }
  return new Blob([readFileSync(path)]);
}
