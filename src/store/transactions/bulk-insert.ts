import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../database.ts';
import { queryRows } from '../query-rows.ts';

/**
 * Multi-row insert as `INSERT … SELECT … FROM unnest($1::text[], $2::text[], …)`: one array parameter per
 * column instead of one parameter per value. Postgres parses and plans a 20-column, 5,000-row insert as fast
 * as a single row, there is no 65,535-parameter ceiling, and both drivers pass `text[]` the same way. Every
 * value travels as text and is cast in SQL, so no driver-specific type mapping (bigint, numeric, jsonb) is
 * involved and NUMERIC stays exact.
 */
export interface BulkColumn {
  readonly name: string;
  /** The SQL type the text is cast to, e.g. `numeric(78,0)`, `jsonb`, `text[]`. A constant, never input. */
  readonly type: string;
}

export type TextValue = string | null;

/** A Postgres array literal (`{"a","b"}`) for a text[] column carried inside a text value. */
export function pgTextArrayLiteral(items: readonly string[]): string {
  return `{${items.map((s) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

const ROWS_PER_STATEMENT = 5_000;

/**
 * Inserts rows (values in `columns` order), skipping conflicts; returns the `returning` column of the rows
 * actually inserted (empty when `returning` is not given).
 */
export async function bulkInsert(
  db: Db,
  table: string,
  columns: readonly BulkColumn[],
  rows: readonly (readonly TextValue[])[],
  returning?: string,
): Promise<string[]> {
  const out: string[] = [];
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const part = rows.slice(start, start + ROWS_PER_STATEMENT);
    const arrays = columns.map((_, c) => part.map((row) => row[c] ?? null));
    const names = sql.join(
      columns.map((c) => sql.identifier(c.name)),
      sql`, `,
    );
    const casts = sql.join(
      columns.map((c) => sql`${sql.identifier(c.name)}::${sql.raw(c.type)}`),
      sql`, `,
    );
    const unnest = sql.join(
      arrays.map((values) => sql`${sql.param(values)}::text[]`),
      sql`, `,
    );
    const statement: SQL = sql`INSERT INTO ${sql.identifier(table)} (${names})
      SELECT ${casts} FROM unnest(${unnest}) AS u(${names})
      ON CONFLICT DO NOTHING`;
    if (returning === undefined) {
      await db.execute(statement);
    } else {
      const rows = await queryRows<{ r: string }>(
        db,
        sql`${statement} RETURNING ${sql.identifier(returning)}::text AS r`,
      );
      for (const row of rows) out.push(row.r);
    }
  }
  return out;
}
