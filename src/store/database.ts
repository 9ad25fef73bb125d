import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

/**
 * A Drizzle handle that is either the whole database or an open transaction: repositories take this, so a
 * caller can enlist them in its own transaction (enqueue a job in the same commit as the rows it is about).
 * The query-result type is the common base of the PGlite and node-postgres drivers; typed columns map to the
 * same JS types on both (NUMERIC as string, bigint columns as bigint). Raw `execute` rows are NOT uniform
 * (int8 is a number on PGlite, a string on pg): cast to text in raw SQL.
 */
export type Db = PgDatabase<PgQueryResultHKT>;

export type DatabaseKind = 'embedded' | 'postgres';

/** One statement-at-a-time session for scripts that Drizzle cannot run (multi-statement migration files). */
export interface ScriptSession {
  /** One parameterised statement; int8 and numeric results should be cast to text by the caller. */
  query(text: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>;
  /** A script of several statements without parameters. */
  exec(script: string): Promise<void>;
}

export interface Database {
  readonly kind: DatabaseKind;
  /** For single statements outside a transaction. Inside `transaction`, use the `tx` it hands you. */
  readonly db: Db;
  /**
   * Runs `fn` in one transaction. On the embedded database this is serialized behind a mutex (PGlite has one
   * session). Calling it again from inside `fn` throws instead of deadlocking or silently committing apart.
   */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /** Same guarantees as `transaction`, for migrations: a raw session that can run multi-statement scripts. */
  scriptTransaction<T>(fn: (session: ScriptSession) => Promise<T>): Promise<T>;
  /**
   * Calls `onPayload` for every `NOTIFY channel, payload` (sent with `pg_notify` by any process on the same
   * database) until the returned function is called. Postgres: one dedicated connection per listener.
   */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
