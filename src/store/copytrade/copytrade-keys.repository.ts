import { eq } from 'drizzle-orm';
import type { Db } from '../database.ts';
import { toDatabaseError } from '../database-error.ts';
import { copytradeKeys } from '../schema/copytrade-tables.ts';

/** An encrypted trading key (AES-GCM fields base64); the clear key never reaches the database. */
export interface StoredTradingKey {
  readonly id: string;
  readonly publicKey: string;
  readonly iv: string;
  readonly ciphertext: string;
  readonly authTag: string;
  readonly createdAt: Date;
}

export async function readTradingKey(db: Db, id: string): Promise<StoredTradingKey | null> {
  try {
    const rows = await db.select().from(copytradeKeys).where(eq(copytradeKeys.id, id));
    return rows[0] ?? null;
  } catch (e) {
    throw toDatabaseError(e, `reading trading key ${id}`);
  }
}

/** Stores (or replaces) the encrypted key of `id`. */
export async function writeTradingKey(db: Db, key: StoredTradingKey): Promise<void> {
  try {
    await db
      .insert(copytradeKeys)
      .values(key)
      .onConflictDoUpdate({
        target: copytradeKeys.id,
        set: {
          publicKey: key.publicKey,
          iv: key.iv,
          ciphertext: key.ciphertext,
          authTag: key.authTag,
          createdAt: key.createdAt,
        },
      });
  } catch (e) {
    throw toDatabaseError(e, `storing trading key ${key.id}`);
  }
}
