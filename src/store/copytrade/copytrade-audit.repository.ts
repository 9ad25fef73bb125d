import { asc, eq } from 'drizzle-orm';
import type { Db } from '../database.ts';
import { toDatabaseError } from '../database-error.ts';
import { copytradeAudit } from '../schema/copytrade-tables.ts';

/** What a configuration change did: a watchlist change, or a config change (system or one wallet's layer). */
export type CopytradeAuditAction =
  | 'wallet.create'
  | 'wallet.update'
  | 'wallet.deactivate'
  | 'config.system.update'
  | 'config.wallet.update'
  | 'live.key.import'
  | 'config.position.update';

export interface CopytradeAuditEntry {
  /** The subject key of who made the change (`user:<sub>`, `wallet:<address>`). */
  readonly subject: string;
  readonly action: CopytradeAuditAction;
  /** What was changed: the watched wallet's address. */
  readonly target: string;
  /** The row before and after, as JSON (null before a create). */
  readonly before: unknown;
  readonly after: unknown;
  readonly at: Date;
}

/** Appends one audit row; call it in the transaction of the change it records. */
export async function appendCopytradeAudit(db: Db, entry: CopytradeAuditEntry): Promise<void> {
  try {
    await db.insert(copytradeAudit).values({
      subject: entry.subject,
      action: entry.action,
      target: entry.target,
      before: entry.before ?? null,
      after: entry.after ?? null,
      at: entry.at,
    });
  } catch (e) {
    throw toDatabaseError(e, `auditing ${entry.action} of ${entry.target}`);
  }
}

/** The audit trail of one target, oldest first. */
export async function listCopytradeAudit(db: Db, target: string): Promise<CopytradeAuditEntry[]> {
  try {
    const rows = await db
      .select()
      .from(copytradeAudit)
      .where(eq(copytradeAudit.target, target))
      .orderBy(asc(copytradeAudit.id));
    return rows.map((r) => ({
      subject: r.subject,
      action: r.action as CopytradeAuditAction,
      target: r.target,
      before: r.before,
      after: r.after,
      at: r.at,
    }));
  } catch (e) {
    throw toDatabaseError(e, `reading the audit trail of ${target}`);
  }
}
