import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { OofError } from '../core/errors/oof-error.ts';
import type { Logger } from '../core/log/logger.ts';
import type { Database, Db } from './database.ts';
import { toDatabaseError, toTransactionError } from './database-error.ts';
import { TransactionGuard } from './transaction-guard.ts';

export interface PostgresDatabaseOptions {
  readonly url: string;
  readonly logger: Logger;
  /** Schema to work in (`search_path`); tests use one fresh schema per file. */
  readonly schema?: string;
  readonly poolSize?: number;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

export async function openPostgresDatabase(options: PostgresDatabaseOptions): Promise<Database> {
  const { url, logger, schema } = options;
  if (schema !== undefined && !IDENTIFIER.test(schema)) {
    throw new OofError('CONFIG_INVALID', `Schema name "${schema}" must be a lower-case SQL identifier.`, {
      schema,
    });
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    application_name: 'oof',
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // Without a listener an idle connection dropped by the server would crash the process.
  pool.on('error', (err) => logger.warn({ err }, 'an idle Postgres connection failed; the pool replaces it'));
  try {
    await pool.query('select 1');
  } catch (cause) {
    await pool.end().catch(() => undefined);
    throw new OofError(
      'DB_UNAVAILABLE',
      `Cannot connect to Postgres at ${redactUrl(url)}: ${(cause as Error).message}. ` +
        'Check that the server runs and DATABASE_URL (host, port, user, password, database) is right.',
      { url: redactUrl(url) },
      cause,
    );
  }
  logger.info({ url: redactUrl(url), schema }, 'connected to Postgres');

  const db: Db = drizzle(pool);
  const guard = new TransactionGuard({ exclusive: false });
  let closed = false;
  return {
    kind: 'postgres',
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
        let client: pg.PoolClient;
        try {
          client = await pool.connect();
        } catch (e) {
          throw toDatabaseError(e, 'connecting');
        }
        try {
          await client.query('BEGIN');
          const result = await fn({
            query: async (text, params) =>
              (await client.query<Record<string, unknown>>(text, params === undefined ? [] : [...params]))
                .rows,
            // No parameters → simple query protocol, which accepts several statements.
            exec: async (script) => {
              await client.query(script);
            },
          });
          await client.query('COMMIT');
          return result;
        } catch (e) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw toDatabaseError(e, 'running a script');
        } finally {
          client.release();
        }
      }),
    listen: async (channel, onPayload) => {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (e) {
        throw toDatabaseError(e, `listening on ${channel}`);
      }
      const onNotification = (n: pg.Notification): void => {
        if (n.channel === channel) onPayload(n.payload ?? '');
      };
      client.on('notification', onNotification);
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        client.off('notification', onNotification);
        await client.query(`UNLISTEN ${pg.escapeIdentifier(channel)}`).catch(() => undefined);
        client.release();
      };
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
