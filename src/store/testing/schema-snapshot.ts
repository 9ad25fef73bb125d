import { sql } from 'drizzle-orm';
import type { Db } from '../database.ts';
import { queryRows } from '../query-rows.ts';

/** Columns and indexes of the current schema as text, to compare a database before and after an operation. */
export async function schemaSnapshot(db: Db): Promise<string> {
  const columns = await queryRows(
    db,
    sql`
    SELECT c.relname AS table_name, a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS type,
           a.attnotnull::text AS not_null
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND a.attnum > 0
      AND NOT a.attisdropped
    ORDER BY 1, 2`,
  );
  const indexes = await queryRows(
    db,
    sql`
    SELECT indexname, replace(indexdef, current_schema() || '.', '') AS indexdef
    FROM pg_indexes WHERE schemaname = current_schema() ORDER BY 1`,
  );
  return JSON.stringify({ columns, indexes }, null, 1);
}
