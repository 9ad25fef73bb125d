/**
 * What the API reads about an analysed wallet: its summary and its extremes. Extremes come from the cache
 * (`wallet_extremes`, written by every analysis run, dropped by ingest) and are recomputed from the stored
 * trades and moments on a miss, with the same ranking code the analysis uses.
 */
import { sql } from 'drizzle-orm';
import type { Moment, MomentKind } from '../analytics/detectors/moment.ts';
import { MOMENT_KINDS } from '../analytics/detectors/moment.ts';
import { walletExtremes } from '../analytics/extremes/wallet-extremes.ts';
import type { RealizedTrade } from '../analytics/ledger/ledger-records.ts';
import type { Db } from '../store/database.ts';
import { readCachedExtremes, writeCachedExtremes } from '../store/analytics/extremes.repository.ts';
import type { JsonValue } from '../store/jobs/jobs.repository.ts';
import { queryRows } from '../store/query-rows.ts';
import { trimDecimal } from '../store/transactions/action-row.ts';
import { extremesDocument, type AnalysisDocument } from './analysis-report.ts';

const unix = (v: string | Date | null): number | null =>
  v === null ? null : Math.floor(new Date(v).getTime() / 1000);
const trim = (v: string | null): string | null => (v === null ? null : trimDecimal(v));

async function storedTrades(db: Db, wallet: string): Promise<RealizedTrade[]> {
  const rows = await queryRows<{
    id: string;
    mint: string;
    lot_id: string | null;
    episode_id: string | null;
    qty_raw: string;
    cost_usd: string | null;
    proceeds_usd: string | null;
    pnl_usd: string | null;
    entry_sig: string | null;
    entry_at: string | null;
    exit_sig: string;
    exit_idx: number;
    exit_slot: string | null;
    exit_at: string | null;
    exit_kind: 'swap' | 'exchange_deposit';
    price_source: string | null;
  }>(
    db,
    sql`SELECT id, mint, lot_id, episode_id, qty_raw::text, cost_usd::text, proceeds_usd::text, pnl_usd::text,
          entry_sig, entry_at, exit_sig, exit_idx, exit_slot::text, exit_at, exit_kind, price_source
        FROM realized_trades WHERE wallet = ${wallet}`,
  );
  return rows.map((r) => ({
    id: r.id,
    wallet,
    mint: r.mint,
    lotId: r.lot_id,
    episodeId: r.episode_id,
    qtyRaw: BigInt(r.qty_raw),
    costUsd: trim(r.cost_usd),
    proceedsUsd: trim(r.proceeds_usd),
    pnlUsd: trim(r.pnl_usd),
    entry:
      r.entry_sig === null
        ? null
        : { slot: null, signature: r.entry_sig, index: 0, blockTime: unix(r.entry_at) },
    exit: {
      slot: r.exit_slot === null ? null : BigInt(r.exit_slot),
      signature: r.exit_sig,
      index: r.exit_idx,
      blockTime: unix(r.exit_at),
    },
    exitKind: r.exit_kind,
    priceSource: r.price_source,
  }));
}

async function storedMoments(db: Db, wallet: string): Promise<Moment[]> {
  const rows = await queryRows<{
    id: string;
    kind: MomentKind;
    mint: string;
    source_event: string;
    detector_version: string;
    t_event: string;
    usd: string;
    pct: string;
    severity: string;
    status: 'provisional' | 'final';
    sig_ref: string;
    slot_ref: string | null;
    price_source: string;
    confidence: string;
    explain: Moment['explain'];
  }>(
    db,
    sql`SELECT id, kind, mint, source_event, detector_version, t_event, usd::text, pct::text, severity::text,
          status, sig_ref, slot_ref::text, price_source, confidence::text, explain
        FROM oof_moments WHERE wallet = ${wallet}`,
  );
  return rows.map((r) => ({
    id: r.id,
    wallet,
    kind: r.kind,
    mint: r.mint,
    sourceEvent: r.source_event,
    detectorVersion: r.detector_version,
    tEvent: unix(r.t_event) ?? 0,
    usd: trim(r.usd) ?? '0',
    pct: trim(r.pct) ?? '0',
    severity: trim(r.severity) ?? '0',
    status: r.status,
    provenance: {
      sigRef: r.sig_ref,
      slotRef: r.slot_ref,
      priceSource: r.price_source,
      confidence: Number(r.confidence),
    },
    explain: r.explain,
  }));
}

export async function readWalletExtremes(
  db: Db,
  wallet: string,
  now: Date,
): Promise<{ extremes: AnalysisDocument['extremes']; computedAt: Date; cached: boolean }> {
  const cached = await readCachedExtremes(db, wallet, now);
  if (cached !== null) {
    return {
      extremes: cached.extremes as AnalysisDocument['extremes'],
      computedAt: cached.computedAt,
      cached: true,
    };
  }
  const extremes = extremesDocument(
    walletExtremes(await storedTrades(db, wallet), await storedMoments(db, wallet)),
  );
  await writeCachedExtremes(db, wallet, extremes as unknown as JsonValue, now);
  return { extremes, computedAt: now, cached: false };
}

export interface WalletSummary {
  readonly wallet: string;
  readonly realizedPnlUsd: string;
  readonly trades: number;
  readonly episodes: number;
  readonly openLots: number;
  readonly counts: Readonly<Record<MomentKind, number>>;
  readonly lastAnalysis: {
    readonly id: string;
    readonly status: string;
    readonly plan: string;
    readonly window: { readonly from: string; readonly to: string };
    readonly updatedAt: string;
  } | null;
}

export async function readWalletSummary(db: Db, wallet: string): Promise<WalletSummary> {
  const [totals] = await queryRows<{
    pnl: string | null;
    trades: number;
    episodes: number;
    open_lots: number;
  }>(
    db,
    sql`SELECT (SELECT sum(pnl_usd)::text FROM realized_trades WHERE wallet = ${wallet}) AS pnl,
               (SELECT count(*)::int FROM realized_trades WHERE wallet = ${wallet}) AS trades,
               (SELECT count(*)::int FROM episodes WHERE wallet = ${wallet}) AS episodes,
               (SELECT count(*)::int FROM lots WHERE wallet = ${wallet} AND open_qty_raw > 0) AS open_lots`,
  );
  const kinds = await queryRows<{ kind: MomentKind; n: number }>(
    db,
    sql`SELECT kind, count(*)::int AS n FROM oof_moments WHERE wallet = ${wallet} GROUP BY kind`,
  );
  const counts = Object.fromEntries(MOMENT_KINDS.map((k) => [k, 0])) as Record<MomentKind, number>;
  for (const k of kinds) counts[k.kind] = k.n;
  const [last] = await queryRows<{
    id: string;
    status: string;
    plan_code: string;
    window_from: string | Date;
    window_to: string | Date;
    updated_at: string | Date;
  }>(
    db,
    sql`SELECT id, status, plan_code, window_from, window_to, updated_at FROM analyses WHERE wallet = ${wallet}
        ORDER BY created_at DESC, id DESC LIMIT 1`,
  );
  return {
    wallet,
    realizedPnlUsd: trim(totals?.pnl ?? null) ?? '0',
    trades: totals?.trades ?? 0,
    episodes: totals?.episodes ?? 0,
    openLots: totals?.open_lots ?? 0,
    counts,
    lastAnalysis:
      last === undefined
        ? null
        : {
            id: last.id,
            status: last.status,
            plan: last.plan_code,
            window: {
              from: new Date(last.window_from).toISOString(),
              to: new Date(last.window_to).toISOString(),
            },
            updatedAt: new Date(last.updated_at).toISOString(),
          },
  };
}
