import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { OofError } from '../core/errors/oof-error.ts';
import type { Logger } from '../core/log/logger.ts';
import type { Database, Db } from './database.ts';
import { toDatabaseError, toTransactionError } from './database-error.ts';
import { TransactionGuard } from './transaction-guard.ts';
import { acquireEmbeddedLock } from './embedded-lock.ts';

export interface EmbeddedDatabaseOptions {
  /** A folder, or `memory://` for a throw-away database (tests). */
  readonly path: string;
  readonly logger: Logger;
  /** A `dumpDataDir()` tarball to start from instead of running initdb (test templates: ~0.5 s instead of ~4 s). */
  readonly loadDataDir?: Blob;
}

export interface EmbeddedDatabase extends Database {
  readonly kind: 'embedded';
  /** A tarball of the whole data folder (a backup, or a template for `loadDataDir`). */
  dumpDataDir(): Promise<Blob>;
}

/** PGlite: Postgres compiled to WASM, in this process. One session, so every transaction is serialized. */
export async function openEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const { path, logger } = options;
  const inMemory = path.startsWith('memory://');
  const creating = !inMemory && !existsSync(join(path, 'PG_VERSION'));
  const startedMs = performance.now();
  if (creating) {
    logger.info({ path }, 'creating the embedded database (first start only, takes a few seconds)');
    mkdirSync(path, { recursive: true });
  }
  const lock = inMemory ? null : acquireEmbeddedLock(path);
  let client: PGlite;
  try {
    client = new PGlite(path, options.loadDataDir === undefined ? {} : { loadDataDir: options.loadDataDir });
    await client.waitReady;
  } catch (cause) {
    lock?.release();
    throw new OofError(
      'DB_UNAVAILABLE',
      `Cannot open the embedded database at ${path}: ${(cause as Error).message}. ` +
        'If another OOF process uses this data folder, stop it or set OOF_DATA_DIR to another folder.',
      { path },
      cause,
    );
  }
  logger.info(
    { path, created: creating, ms: Math.round(performance.now() - startedMs) },
    creating ? 'embedded database created' : 'embedded database opened',
  );

  const db: Db = drizzle(client);
  const guard = new TransactionGuard({ exclusive: true });
  let closed = false;
  return {
    kind: 'embedded',
    db,
    transaction: (fn) =>
      guard.run(async () => {
        try {
          return await db.transaction((tx) => fn(tx));
        } catch (e) {
          throw toTransactionError(e);
        }
      }),
    scriptTransaction: (fn) =>
      guard.run(async () => {
        try {
          return await client.transaction((tx) =>
            fn({
              query: async (text, params) =>
                (await tx.query<Record<string, unknown>>(text, params === undefined ? [] : [...params])).rows,
              exec: async (script) => {
                await tx.exec(script);
              },
            }),
          );
        } catch (e) {
          throw toDatabaseError(e, 'running a script');
        }
      }),
    dumpDataDir: () => guard.run(() => client.dumpDataDir('none')),
    listen: async (channel, onPayload) => {
      const unsubscribe = await client.listen(channel, onPayload);
      return async () => {
        if (!closed) await unsubscribe();
      };
    },
    close: async () => {
      if (closed) return;
      closed = true;
      // Let a transaction in flight finish first: closing under it would lose its commit.
      try {
        await guard.run(() => client.close());
      } finally {
        lock?.release();
      }
    },
  };
}
