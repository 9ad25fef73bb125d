import { sql } from 'drizzle-orm';
import type { Moment } from '../../analytics/detectors/moment.ts';
import type { Db } from '../database.ts';
import { toDatabaseError } from '../database-error.ts';
import { queryRows } from '../query-rows.ts';
import { bulkInsert, type BulkColumn, type TextValue } from '../transactions/bulk-insert.ts';

const col = (name: string, type: string): BulkColumn => ({ name, type });
const COLUMNS = [
  col('id', 'text'),
  col('wallet', 'text'),
  col('kind', 'text'),
  col('mint', 'text'),
  col('source_event', 'text'),
  col('detector_version', 'text'),
  col('t_event', 'timestamptz'),
  col('usd', 'numeric(38,18)'),
  col('pct', 'numeric(38,18)'),
  col('severity', 'numeric(38,18)'),
  col('status', 'text'),
  col('sig_ref', 'text'),
  col('slot_ref', 'bigint'),
  col('price_source', 'text'),
  col('confidence', 'numeric(6,4)'),
  col('explain', 'jsonb'),
  col('created_at', 'timestamptz'),
  col('updated_at', 'timestamptz'),
];

const row =
  (now: string) =>
  (m: Moment): TextValue[] => [
    m.id,
    m.wallet,
    m.kind,
    m.mint,
    m.sourceEvent,
    m.detectorVersion,
    new Date(m.tEvent * 1000).toISOString(),
    m.usd,
    m.pct,
    m.severity,
    m.status,
    m.provenance.sigRef,
    m.provenance.slotRef,
    m.provenance.priceSource,
    m.provenance.confidence.toFixed(4),
    JSON.stringify(m.explain),
    now,
    now,
  ];

export interface MomentsWriteResult {
  /** Ids not stored before this write (new triggers: the ones to stream as `moment` events). */
  readonly inserted: readonly string[];
  /** Provisional moments whose values or status changed (finalized, or a window that saw a new extreme). */
  readonly updated: number;
  /** Provisional moments that no longer trigger (e.g. a rug whose price recovered inside its window). */
  readonly withdrawn: number;
}

/**
 * Writes a wallet's moments from a recompute (SPEC §3: every trigger kept). A final moment is never changed;
 * a provisional one takes the new values (and `final` once its window closed); provisional moments the
 * recompute no longer produces are withdrawn. Moments are keyed by their natural id, so a rerun is idempotent.
 * Call it inside a transaction.
 */
export async function writeWalletMoments(
  db: Db,
  wallet: string,
  moments: readonly Moment[],
  now: Date,
): Promise<MomentsWriteResult> {
  try {
    const existing = await queryRows<{ id: string; status: string }>(
      db,
      sql`SELECT id, status FROM oof_moments WHERE wallet = ${wallet}`,
    );
    const before = new Map(existing.map((r) => [r.id, r.status]));
    const fresh = new Set(moments.map((m) => m.id));
    const withdraw = existing.filter((r) => r.status === 'provisional' && !fresh.has(r.id)).map((r) => r.id);
    if (withdraw.length > 0) {
      await db.execute(sql`DELETE FROM oof_moments WHERE id = ANY(${sql.param(withdraw)}::text[])`);
    }
    const stamp = now.toISOString();
    const insert = moments.filter((m) => !before.has(m.id));
    const refresh = moments.filter((m) => before.get(m.id) === 'provisional');
    await bulkInsert(db, 'oof_moments', COLUMNS, insert.map(row(stamp)));
    if (refresh.length > 0) {
      const arr = (f: (m: Moment) => string) => sql.param(refresh.map(f));
      // A changed value outdates the card: its URL is cleared so the next request renders it again.
      await db.execute(sql`UPDATE oof_moments AS m SET
          usd = u.usd::numeric, pct = u.pct::numeric, severity = u.severity::numeric, status = u.status,
          price_source = u.price_source, confidence = u.confidence::numeric, explain = u.explain::jsonb,
          preview_png_url = CASE WHEN m.usd = u.usd::numeric AND m.pct = u.pct::numeric AND m.status = u.status
                                 THEN m.preview_png_url END,
          updated_at = ${stamp}::timestamptz
        FROM unnest(${arr((m) => m.id)}::text[], ${arr((m) => m.usd)}::text[], ${arr((m) => m.pct)}::text[],
                    ${arr((m) => m.severity)}::text[], ${arr((m) => m.status)}::text[],
                    ${arr((m) => m.provenance.priceSource)}::text[],
                    ${arr((m) => m.provenance.confidence.toFixed(4))}::text[],
                    ${arr((m) => JSON.stringify(m.explain))}::text[])
          AS u(id, usd, pct, severity, status, price_source, confidence, explain)
        WHERE m.id = u.id`);
    }
    return { inserted: insert.map((m) => m.id), updated: refresh.length, withdrawn: withdraw.length };
  } catch (e) {
    throw toDatabaseError(e, `saving the moments of ${wallet}`);
  }
}
