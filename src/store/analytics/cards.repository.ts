import { sql } from 'drizzle-orm';
import type { JsonValue, MomentKind } from '../../analytics/detectors/moment.ts';
import type { Db } from '../database.ts';
import { toDatabaseError } from '../database-error.ts';
import { queryRows } from '../query-rows.ts';

/** What a moment card needs from `oof_moments` and `token_facts`. Decimals stay strings. */
export interface MomentCardRow {
  readonly id: string;
  readonly wallet: string;
  readonly kind: MomentKind;
  readonly mint: string;
  /** Unix seconds. */
  readonly tEvent: number;
  readonly usd: string;
  readonly pct: string;
  readonly status: 'provisional' | 'final';
  readonly sigRef: string;
  readonly explain: { readonly [k: string]: JsonValue };
  readonly previewPngUrl: string | null;
  readonly symbol: string | null;
  readonly logoUrl: string | null;
}

/** The moment and its token's symbol and logo, or null for an unknown id. */
export async function loadMomentCardRow(db: Db, id: string): Promise<MomentCardRow | null> {
  try {
    const rows = await queryRows<{
      id: string;
      wallet: string;
      kind: MomentKind;
      mint: string;
      t_event_ms: string;
      usd: string;
      pct: string;
      status: 'provisional' | 'final';
      sig_ref: string;
      explain: { [k: string]: JsonValue };
      preview_png_url: string | null;
      symbol: string | null;
      logo_url: string | null;
    }>(
      db,
      sql`SELECT m.id, m.wallet, m.kind, m.mint,
                 (extract(epoch FROM m.t_event) * 1000)::bigint::text AS t_event_ms,
                 m.usd::text AS usd, m.pct::text AS pct, m.status, m.sig_ref, m.explain, m.preview_png_url,
                 f.symbol, f.logo_url
          FROM oof_moments m LEFT JOIN token_facts f ON f.mint = m.mint
          WHERE m.id = ${id}`,
    );
    const r = rows[0];
    if (r === undefined) return null;
    return {
      id: r.id,
      wallet: r.wallet,
      kind: r.kind,
      mint: r.mint,
      tEvent: Math.floor(Number(r.t_event_ms) / 1000),
      usd: r.usd,
      pct: r.pct,
      status: r.status,
      sigRef: r.sig_ref,
      explain: r.explain,
      previewPngUrl: r.preview_png_url,
      symbol: r.symbol,
      logoUrl: r.logo_url,
    };
  } catch (e) {
    throw toDatabaseError(e, `loading moment ${id} for its card`);
  }
}

/**
 * The episode number of the wallet's position in `mint` that the transaction `sig` belongs to: the episode of
 * a realized trade it closed, of a lot it opened, or the episode it opened. Null when the ledger has none.
 */
export async function findEpisodeNumber(
  db: Db,
  wallet: string,
  mint: string,
  sig: string,
): Promise<number | null> {
  try {
    const rows = await queryRows<{ n: number }>(
      db,
      sql`SELECT e.n::int AS n FROM episodes e
          WHERE e.wallet = ${wallet} AND e.mint = ${mint}
            AND (e.opened_sig = ${sig}
                 OR e.id IN (SELECT episode_id FROM realized_trades
                             WHERE wallet = ${wallet} AND mint = ${mint} AND exit_sig = ${sig})
                 OR e.id IN (SELECT episode_id FROM lots
                             WHERE wallet = ${wallet} AND mint = ${mint} AND opened_sig = ${sig}))
          ORDER BY e.n LIMIT 1`,
    );
    return rows[0]?.n ?? null;
  } catch (e) {
    throw toDatabaseError(e, `finding the episode of ${sig}`);
  }
}

/** Records where the default card of a moment is served (cleared again when the moment's values change). */
export async function setMomentPreviewUrl(db: Db, id: string, url: string): Promise<void> {
  try {
    await db.execute(sql`UPDATE oof_moments SET preview_png_url = ${url} WHERE id = ${id}`);
  } catch (e) {
    throw toDatabaseError(e, `saving the card URL of moment ${id}`);
  }
}
