import { eq, sql } from 'drizzle-orm';
import type { Db } from '../database.ts';
import { toDatabaseError } from '../database-error.ts';
import { copytradeConfig } from '../schema/copytrade-tables.ts';

/** Scope `system`, or a watched wallet's address. */
export interface StoredConfig {
  readonly scope: string;
  readonly config: unknown;
  readonly version: number;
  readonly updatedAt: Date;
}

export async function readConfig(
  db: Db,
  scope: string,
  options: { readonly forUpdate?: boolean } = {},
): Promise<StoredConfig | null> {
  try {
    const q = db.select().from(copytradeConfig).where(eq(copytradeConfig.scope, scope));
    const rows = options.forUpdate === true ? await q.for('update') : await q;
    return rows[0] ?? null;
  } catch (e) {
    throw toDatabaseError(e, `reading the copy-trading config of ${scope}`);
  }
}

/** Writes the (already validated) config of a scope, version + 1; returns the stored row. */
export async function writeConfig(db: Db, scope: string, config: unknown, now: Date): Promise<StoredConfig> {
  try {
    const rows = await db
      .insert(copytradeConfig)
      .values({ scope, config, version: 1, updatedAt: now })
      .onConflictDoUpdate({
        target: copytradeConfig.scope,
        set: { config: sql`excluded.config`, version: sql`${copytradeConfig.version} + 1`, updatedAt: now },
      })
      .returning();
    return rows[0]!;
  } catch (e) {
    throw toDatabaseError(e, `writing the copy-trading config of ${scope}`);
  }
}

/** Every stored scope (system and wallets). */
export async function listConfigs(db: Db): Promise<StoredConfig[]> {
  try {
    return await db.select().from(copytradeConfig);
  } catch (e) {
    throw toDatabaseError(e, 'reading the copy-trading configs');
  }
}
