import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../database.ts';

/** A column of an unnest upsert: its name and the SQL type its text is cast to (constants, never input). */
export interface UpsertColumn {
  readonly name: string;
  readonly type: string;
}

const ROWS_PER_STATEMENT = 5_000;

/**
 * `INSERT … SELECT … FROM unnest($1::text[], …) ON CONFLICT (key) DO UPDATE SET <update> = excluded.<update>`:
 * one array parameter per column (see transactions/bulk-insert.ts for why), for the high-volume launch rows.
 * Rows must be unique by the conflict key within one call. `setWhere` guards the update (e.g. revisions).
 */
export async function upsertUnnest(
  db: Db,
  table: string,
  columns: readonly UpsertColumn[],
  rows: readonly (readonly string[])[],
  conflict: readonly string[],
  update: readonly string[],
  setWhere?: SQL,
): Promise<void> {
  const ident = (names: readonly string[]) =>
    sql.join(
      names.map((n) => sql.identifier(n)),
      sql`, `,
    );
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const part = rows.slice(start, start + ROWS_PER_STATEMENT);
    const arrays = sql.join(
      columns.map((_, c) => sql`${sql.param(part.map((r) => r[c] ?? null))}::text[]`),
      sql`, `,
    );
    const casts = sql.join(
      columns.map((c) => sql`${sql.identifier(c.name)}::${sql.raw(c.type)}`),
      sql`, `,
    );
    const sets = sql.join(
      update.map((n) => sql`${sql.identifier(n)} = excluded.${sql.identifier(n)}`),
      sql`, `,
    );
    await db.execute(
      sql`INSERT INTO ${sql.identifier(table)} (${ident(columns.map((c) => c.name))})
        SELECT ${casts} FROM unnest(${arrays}) AS u(${ident(columns.map((c) => c.name))})
        ON CONFLICT (${ident(conflict)}) DO UPDATE SET ${sets}
        ${setWhere === undefined ? sql`` : sql`WHERE ${setWhere}`}`,
    );
  }
}
