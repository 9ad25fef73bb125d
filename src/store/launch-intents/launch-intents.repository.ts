import { createHash } from 'node:crypto';
import { asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../database.ts';
import { toDatabaseError } from '../database-error.ts';
import { launchIntents, type IntentStatus } from '../schema/launch-intent-tables.ts';

/** A trade intent as received from a strategy process, already validated at the gRPC edge. */
export interface IntentRecord {
  readonly intentId: string;
  readonly strategyId: string;
  readonly clientId: string | null;
  readonly mint: string;
  readonly venue: 'pumpfun' | 'pumpswap' | 'raydium';
  readonly side: 'buy' | 'sell';
  /** Buy: lamports to spend; sell: token base units. */
  readonly size: bigint;
  readonly maxSlippageBps: number;
  readonly ttlMs: bigint;
  readonly reasonCodes: readonly string[];
  readonly basedOnCursor: bigint;
  readonly tDecisionMs: bigint;
}

/** The executor's answer to an intent, stored with it. */
export interface IntentAnswer {
  readonly status: IntentStatus;
  readonly errorCode: string | null;
  readonly message: string;
}

export interface StoredIntent extends IntentRecord, IntentAnswer {
  readonly fingerprint: string;
  readonly receivedAt: Date;
  readonly cancelReason: string | null;
  readonly cancelledAt: Date | null;
}

/**
 * sha256 of the intent's fields in a fixed order (not the client id, which names the connection, not the
 * intent): equal for a retry of the same intent, different when another intent reuses an id.
 */
export function intentFingerprint(intent: IntentRecord): string {
  const canonical = JSON.stringify([
    intent.intentId,
    intent.strategyId,
    intent.mint,
    intent.venue,
    intent.side,
    intent.size.toString(),
    intent.maxSlippageBps,
    intent.ttlMs.toString(),
    intent.reasonCodes,
    intent.basedOnCursor.toString(),
    intent.tDecisionMs.toString(),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

type Row = typeof launchIntents.$inferSelect;

const toStored = (r: Row): StoredIntent => ({
  intentId: r.intentId,
  strategyId: r.strategyId,
  clientId: r.clientId,
  mint: r.mint,
  venue: r.venue,
  side: r.side,
  size: BigInt(r.size),
  maxSlippageBps: r.maxSlippageBps,
  ttlMs: r.ttlMs,
  reasonCodes: r.reasonCodes,
  basedOnCursor: BigInt(r.basedOnCursor),
  tDecisionMs: r.tDecisionMs,
  status: r.status,
  errorCode: r.errorCode,
  message: r.message,
  fingerprint: r.fingerprint,
  receivedAt: r.receivedAt,
  cancelReason: r.cancelReason,
  cancelledAt: r.cancelledAt,
});

/**
 * Stores an intent with its answer, once per intent id: a second call with the same id inserts nothing and
 * returns the row stored first (`inserted: false`), so a retrying client gets the same answer. The caller
 * compares fingerprints to tell a retry from a different intent under a reused id.
 */
export async function recordIntent(
  db: Db,
  intent: IntentRecord,
  answer: IntentAnswer,
  receivedAt: Date,
): Promise<{ readonly stored: StoredIntent; readonly inserted: boolean }> {
  try {
    const inserted = await db
      .insert(launchIntents)
      .values({
        intentId: intent.intentId,
        fingerprint: intentFingerprint(intent),
        strategyId: intent.strategyId,
        clientId: intent.clientId,
        mint: intent.mint,
        venue: intent.venue,
        side: intent.side,
        size: intent.size.toString(),
        maxSlippageBps: intent.maxSlippageBps,
        ttlMs: intent.ttlMs,
        reasonCodes: sql`${JSON.stringify(intent.reasonCodes)}::jsonb`,
        basedOnCursor: intent.basedOnCursor.toString(),
        tDecisionMs: intent.tDecisionMs,
        status: answer.status,
        errorCode: answer.errorCode,
        message: answer.message,
        receivedAt,
      })
      .onConflictDoNothing({ target: launchIntents.intentId })
      .returning();
    const row = inserted[0];
    if (row !== undefined) return { stored: toStored(row), inserted: true };
    const existing = await findIntent(db, intent.intentId);
    if (existing === null) {
      // The conflicting row cannot vanish: intents are never deleted.
      throw new Error(`launch intent ${intent.intentId} conflicted on insert but cannot be read back`);
    }
    return { stored: existing, inserted: false };
  } catch (e) {
    throw toDatabaseError(e, 'recording a launch trade intent');
  }
}

export async function findIntent(db: Db, intentId: string): Promise<StoredIntent | null> {
  try {
    const rows = await db.select().from(launchIntents).where(eq(launchIntents.intentId, intentId));
    const row = rows[0];
    return row === undefined ? null : toStored(row);
  } catch (e) {
    throw toDatabaseError(e, 'reading a launch trade intent');
  }
}

/**
 * Records a cancellation of a stored intent: the first reason and time are kept, later calls change nothing.
 * Returns the stored intent, or null when no intent has that id.
 */
export async function recordIntentCancel(
  db: Db,
  intentId: string,
  reason: string,
  at: Date,
): Promise<StoredIntent | null> {
  try {
    const rows = await db
      .update(launchIntents)
      .set({
        cancelReason: sql`COALESCE(${launchIntents.cancelReason}, ${reason})`,
        cancelledAt: sql`COALESCE(${launchIntents.cancelledAt}, ${at.toISOString()}::timestamptz)`,
      })
      .where(eq(launchIntents.intentId, intentId))
      .returning();
    const row = rows[0];
    return row === undefined ? null : toStored(row);
  } catch (e) {
    throw toDatabaseError(e, 'recording the cancellation of a launch trade intent');
  }
}

/** Every stored intent in arrival order (tests, audits). */
export async function listIntents(db: Db): Promise<StoredIntent[]> {
  try {
    const rows = await db.select().from(launchIntents).orderBy(asc(launchIntents.id));
    return rows.map(toStored);
  } catch (e) {
    throw toDatabaseError(e, 'listing launch trade intents');
  }
}

/** The newest `limit` intents about one mint (a launch's page), by decision time then arrival. */
export async function listIntentsOfMint(db: Db, mint: string, limit: number): Promise<StoredIntent[]> {
  try {
    const rows = await db
      .select()
      .from(launchIntents)
      .where(eq(launchIntents.mint, mint))
      .orderBy(desc(launchIntents.tDecisionMs), desc(launchIntents.id))
      .limit(limit);
    return rows.map(toStored);
  } catch (e) {
    throw toDatabaseError(e, `listing the launch trade intents of ${mint}`);
  }
}
