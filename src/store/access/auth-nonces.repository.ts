import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Db } from '../database.ts';
import { toDatabaseError } from '../database-error.ts';
import { authNonces } from '../schema/access-tables.ts';

/** A sign-in nonce: the exact message the wallet must sign, valid once until `expiresAt`. */
export interface AuthNonce {
  readonly nonce: string;
  readonly wallet: string;
  readonly message: string;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
}

/** Where a kept nonce is: a day after expiry it is of no use to anyone, even to explain a refusal. */
const EXPIRED_KEPT_MS = 24 * 3600 * 1000;

/** Stores a new nonce and drops those expired for more than a day (the table stays small without a job). */
export async function insertAuthNonce(db: Db, nonce: AuthNonce, now: Date): Promise<void> {
  try {
    await db.delete(authNonces).where(lt(authNonces.expiresAt, new Date(now.getTime() - EXPIRED_KEPT_MS)));
    await db.insert(authNonces).values({ ...nonce });
  } catch (e) {
    throw toDatabaseError(e, `storing a sign-in nonce for ${nonce.wallet}`);
  }
}

/** The nonce if it was issued to `wallet`, is unused and has not expired at `now`; else null. */
export async function findUsableAuthNonce(
  db: Db,
  nonce: string,
  wallet: string,
  now: Date,
): Promise<AuthNonce | null> {
  try {
    const rows = await db
      .select({
        nonce: authNonces.nonce,
        wallet: authNonces.wallet,
        message: authNonces.message,
        issuedAt: authNonces.issuedAt,
        expiresAt: authNonces.expiresAt,
      })
      .from(authNonces)
      .where(
        and(
          eq(authNonces.nonce, nonce),
          eq(authNonces.wallet, wallet),
          isNull(authNonces.consumedAt),
          gt(authNonces.expiresAt, now),
        ),
      );
    return rows[0] ?? null;
  } catch (e) {
    throw toDatabaseError(e, `reading sign-in nonce for ${wallet}`);
  }
}

/**
 * Marks the nonce used. One conditional UPDATE, so of two concurrent sign-ins with the same nonce exactly one
 * gets `true`; `false` means it was already used, expired, or is not this wallet's.
 */
export async function consumeAuthNonce(db: Db, nonce: string, wallet: string, now: Date): Promise<boolean> {
  try {
    const rows = await db
      .update(authNonces)
      .set({ consumedAt: now })
      .where(
        and(
          eq(authNonces.nonce, nonce),
          eq(authNonces.wallet, wallet),
          isNull(authNonces.consumedAt),
          gt(authNonces.expiresAt, now),
        ),
      )
      .returning({ nonce: authNonces.nonce });
    return rows.length === 1;
  } catch (e) {
    throw toDatabaseError(e, `consuming sign-in nonce for ${wallet}`);
  }
}
