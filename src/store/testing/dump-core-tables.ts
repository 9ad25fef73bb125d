import { sql } from 'drizzle-orm';
import type { Db } from '../database.ts';
import { queryRows } from '../query-rows.ts';

/**
 * Every row of tx_raw, actions and participants, every column as text, in key order: two dumps are equal
 * exactly when the stored data (timestamps included) is identical, on either database.
 */
export async function dumpCoreTables(
  db: Db,
): Promise<Record<'txRaw' | 'actions' | 'participants', string[]>> {
  const rowsAsText = async (
    table: 'tx_raw' | 'actions' | 'participants',
    order: string,
  ): Promise<string[]> => {
    const rows = await queryRows<{ r: string }>(
      db,
      sql`SELECT t::text AS r FROM ${sql.identifier(table)} t ORDER BY ${sql.raw(order)}`,
    );
    return rows.map((row) => row.r);
  };
  return {
    txRaw: await rowsAsText('tx_raw', 'sig'),
    actions: await rowsAsText('actions', 'sig, idx'),
    participants: await rowsAsText('participants', 'sig, wallet'),
  };
}
