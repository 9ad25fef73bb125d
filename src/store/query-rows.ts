import type { SQL } from 'drizzle-orm';
import type { Db } from './database.ts';

/**
 * Rows of a raw SQL statement. Both drivers return `{ rows }`, but column values are NOT typed alike:
 * int8 is a number on PGlite and a string on pg, NUMERIC a string on both. Cast int8 to text (or int4) in the
 * SQL, and parse it here, so the code does not depend on the driver.
 */
export async function queryRows<T extends Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as { rows: T[] };
  return result.rows;
}
