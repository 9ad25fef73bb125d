import { join, resolve } from 'node:path';
import type { Config } from '../core/config/config.ts';
import type { Logger } from '../core/log/logger.ts';
import type { Database } from './database.ts';
import { migrate } from './migrate.ts';
import { openEmbeddedDatabase } from './open-embedded-database.ts';
import { openPostgresDatabase } from './open-postgres-database.ts';

export interface OpenDatabaseOptions {
  /** Apply pending migrations before returning (default true: the embedded deployment needs no setup step). */
  readonly migrate?: boolean;
  /** Embedded only: overrides `<dataDir>/db`; `memory://` for a throw-away database. */
  readonly embeddedPath?: string;
  /** Embedded only: start from a `dumpDataDir()` tarball instead of initdb. */
  readonly embeddedTemplate?: Blob;
  /** Postgres only: the schema to use (`search_path`). */
  readonly schema?: string;
  readonly poolSize?: number;
}

/**
 * The one way to get a database: Postgres when `config.databaseUrl` is set, otherwise PGlite in
 * `<dataDir>/db`. The same migrations and the same SQL run on both.
 */
export async function openDatabase(
  config: Pick<Config, 'dataDir' | 'databaseUrl'>,
  logger: Logger,
  options: OpenDatabaseOptions = {},
): Promise<Database> {
  const database =
    config.databaseUrl === undefined
      ? await openEmbeddedDatabase({
          path: options.embeddedPath ?? join(resolve(config.dataDir), 'db'),
          logger,
          ...(options.embeddedTemplate === undefined ? {} : { loadDataDir: options.embeddedTemplate }),
        })
      : await openPostgresDatabase({
          url: config.databaseUrl,
          logger,
          ...(options.schema === undefined ? {} : { schema: options.schema }),
          ...(options.poolSize === undefined ? {} : { poolSize: options.poolSize }),
        });
  if (options.migrate ?? true) {
    try {
      await migrate(database, logger);
    } catch (e) {
      await database.close();
      throw e;
    }
  }
  return database;
}
