import { sql, type SQL } from 'drizzle-orm';
import type { Moment, MomentKind, MomentStatus } from '../../analytics/detectors/moment.ts';
import type { Db } from '../database.ts';
import { toDatabaseError } from '../database-error.ts';
import { queryRows } from '../query-rows.ts';
import { trimDecimal } from '../transactions/action-row.ts';
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

/** A stored moment as the API serves it: amounts as decimal strings, times ISO 8601. */
export interface StoredMoment {
  readonly id: string;
  readonly wallet: string;
  readonly kind: string;
  readonly mint: string;
  readonly sourceEvent: string;
  readonly detectorVersion: string;
  readonly tEvent: string;
  readonly usd: string;
  readonly pct: string;
  readonly severity: string;
  readonly status: string;
  readonly sigRef: string;
  readonly slotRef: string | null;
  readonly priceSource: string;
  readonly confidence: number;
  readonly explain: unknown;
  readonly previewPngUrl: string | null;
  readonly createdAt: string;
}

/** Position after which the next page starts: the last row's `(t_event, id)`, newest first. */
export interface MomentCursor {
  readonly tEvent: string;
  readonly id: string;
}

export interface MomentQuery {
  readonly wallet?: string;
  readonly kinds?: readonly string[];
  /** Only moments at or after this time. */
  readonly since?: Date;
  /** Only moments worth at least this many USD (decimal string). */
  readonly minUsd?: string;
  readonly limit: number;
  readonly after?: MomentCursor;
}

interface MomentRow {
  id: string;
  wallet: string;
  kind: string;
  mint: string;
  source_event: string;
  detector_version: string;
  t_event_iso: string;
  usd: string;
  pct: string;
  severity: string;
  status: string;
  sig_ref: string;
  slot_ref: string | null;
  price_source: string;
  confidence: string;
  explain: unknown;
  preview_png_url: string | null;
  created_at: string;
}

const SELECT = sql`SELECT id, wallet, kind, mint, source_event, detector_version,
  to_char(t_event AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS t_event_iso,
  usd::text AS usd, pct::text AS pct, severity::text AS severity, status, sig_ref, slot_ref::text AS slot_ref,
  price_source, confidence::text AS confidence, explain, preview_png_url,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at
  FROM oof_moments`;

function toStored(r: MomentRow): StoredMoment {
  return {
    id: r.id,
    wallet: r.wallet,
    kind: r.kind,
    mint: r.mint,
    sourceEvent: r.source_event,
    detectorVersion: r.detector_version,
    tEvent: r.t_event_iso,
    usd: trimDecimal(r.usd),
    pct: trimDecimal(r.pct),
    severity: trimDecimal(r.severity),
    status: r.status,
    sigRef: r.sig_ref,
    slotRef: r.slot_ref,
    priceSource: r.price_source,
    confidence: Number(r.confidence),
    explain: r.explain,
    previewPngUrl: r.preview_png_url,
    createdAt: r.created_at,
  };
}

/** Moments newest first, keyset-paginated on `(t_event, id)` (indexes `oof_moments_*page_idx`). */
export async function listMoments(
  db: Db,
  q: MomentQuery,
): Promise<{ moments: StoredMoment[]; next: MomentCursor | null }> {
  const where: SQL[] = [];
  if (q.wallet !== undefined) where.push(sql`wallet = ${q.wallet}`);
  if (q.kinds !== undefined && q.kinds.length > 0)
    where.push(sql`kind = ANY(${sql.param([...q.kinds])}::text[])`);
  if (q.since !== undefined) where.push(sql`t_event >= ${q.since.toISOString()}::timestamptz`);
  if (q.minUsd !== undefined) where.push(sql`usd >= ${q.minUsd}::numeric`);
  if (q.after !== undefined) {
    where.push(sql`(t_event, id) < (${q.after.tEvent}::timestamptz, ${q.after.id})`);
  }
  const clause = where.length === 0 ? sql`` : sql` WHERE ${sql.join(where, sql` AND `)}`;
  try {
    const rows = await queryRows<MomentRow & Record<string, unknown>>(
      db,
      sql`${SELECT}${clause} ORDER BY oof_moments.t_event DESC, oof_moments.id DESC LIMIT ${q.limit + 1}`,
    );
    const page = rows.slice(0, q.limit).map(toStored);
    const last = page[page.length - 1];
    return {
      moments: page,
      next: rows.length > q.limit && last ? { tEvent: last.tEvent, id: last.id } : null,
    };
  } catch (e) {
    throw toDatabaseError(e, 'listing moments');
  }
}

export async function getStoredMoment(db: Db, id: string): Promise<StoredMoment | null> {
  try {
    const rows = await queryRows<MomentRow & Record<string, unknown>>(db, sql`${SELECT} WHERE id = ${id}`);
    const r = rows[0];
    return r === undefined ? null : toStored(r);
  } catch (e) {
    throw toDatabaseError(e, `reading moment ${id}`);
  }
}

/**
 * The wallet's stored moments of the current detector versions whose subject lies before `settleAt` (unix s):
 * the settled part of a resumed analysis (`isSettledMoment`: an idle-yield window counts once it closed before
 * then, every other kind by its event time), as the detectors built them.
 */
export async function loadSettledMoments(
  db: Db,
  wallet: string,
  settleAt: number,
  versions: Readonly<Record<MomentKind, string>>,
): Promise<Moment[]> {
  const versionOf = sql.join(
    Object.entries(versions).map(([kind, v]) => sql`WHEN ${kind} THEN ${v}`),
    sql` `,
  );
  try {
    const rows = await queryRows<MomentRow & { t: string } & Record<string, unknown>>(
      db,
      sql`${SELECT_FOR_DOMAIN} WHERE wallet = ${wallet}
            AND detector_version = (CASE kind ${versionOf} END)
            AND ((kind <> 'idle_yield' AND t_event < to_timestamp(${settleAt}))
              OR (kind = 'idle_yield' AND explain->>'open' = 'false' AND (explain->>'end')::bigint < ${settleAt}))`,
    );
    return rows.map((r) => ({
      id: r.id,
      wallet: r.wallet,
      kind: r.kind as MomentKind,
      mint: r.mint,
      sourceEvent: r.source_event,
      detectorVersion: r.detector_version,
      tEvent: Number(r.t),
      usd: trimDecimal(r.usd),
      pct: trimDecimal(r.pct),
      severity: trimDecimal(r.severity),
      status: r.status as MomentStatus,
      provenance: {
        sigRef: r.sig_ref,
        slotRef: r.slot_ref,
        priceSource: r.price_source,
        confidence: Number(r.confidence),
      },
      explain: r.explain as Moment['explain'],
    }));
  } catch (e) {
    throw toDatabaseError(e, `loading the settled moments of ${wallet}`);
  }
}

const SELECT_FOR_DOMAIN = sql`SELECT id, wallet, kind, mint, source_event, detector_version,
  extract(epoch FROM t_event)::bigint::text AS t, usd::text AS usd, pct::text AS pct, severity::text AS severity,
  status, sig_ref, slot_ref::text AS slot_ref, price_source, confidence::text AS confidence, explain
  FROM oof_moments`;
