import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../database.ts';
import { toDatabaseError } from '../database-error.ts';
import { queryRows } from '../query-rows.ts';

/** Read models of the launches API: integers and decimals as strings, times as Unix ms strings and ISO 8601. */
export interface LaunchCurveView {
  readonly slot: string;
  readonly tEventMs: string;
  readonly virtualSolReserves: string;
  readonly virtualTokenReserves: string;
  readonly realSolReserves: string;
  readonly realTokenReserves: string;
  readonly complete: boolean;
  readonly impliedPriceSol: string;
  readonly soldPct: string;
  readonly marketCapSol: string;
}

export interface LaunchFeatureView {
  readonly venue: string;
  readonly minuteStartMs: string;
  readonly trades: number;
  readonly uniqueSigners: number;
  readonly uniqueBuyers: number;
  readonly solIn: string;
  readonly solOut: string;
  readonly netInflow: string;
  readonly meanTradeSol: string;
  readonly stddevTradeSol: string;
  readonly top5WhaleShare: string;
  readonly revision: number;
}

export interface LaunchFlagView {
  readonly flag: string;
  readonly observation: string;
  readonly severity: string;
  readonly value: string;
  readonly threshold: string;
  readonly details: unknown;
  readonly slot: string;
  readonly tEventMs: string;
}

export interface LaunchSummary {
  readonly mint: string;
  readonly creator: string;
  readonly name: string;
  readonly symbol: string;
  readonly uri: string;
  readonly bondingCurve: string;
  readonly tokenProgram: string;
  readonly instruction: string;
  readonly status: 'CURVE' | 'MIGRATED';
  readonly createdSignature: string;
  readonly createdSlot: string;
  readonly createdAtMs: string;
  readonly createdAt: string;
  readonly migration: { venue: string; pool: string; signature: string; atMs: string } | null;
  readonly curve: LaunchCurveView | null;
  readonly latestFeature: LaunchFeatureView | null;
  readonly flags: LaunchFlagView[];
}

export interface LaunchCursor {
  readonly createdAtMs: bigint;
  readonly mint: string;
}

interface SummaryRow extends Record<string, unknown> {
  mint: string;
  creator: string;
  name: string;
  symbol: string;
  uri: string;
  bonding_curve: string;
  token_program: string;
  instruction: string;
  status: 'CURVE' | 'MIGRATED';
  created_signature: string;
  created_slot: string;
  created_at_ms: string;
  migrated_venue: string | null;
  migrated_pool: string | null;
  migrated_signature: string | null;
  migrated_at_ms: string | null;
  curve: LaunchCurveView | null;
  feature: LaunchFeatureView | null;
  flags: LaunchFlagView[] | null;
}

const CURVE_JSON = sql.raw(`json_build_object('slot', c.slot::text, 'tEventMs', c.t_event_ms::text,
  'virtualSolReserves', c.virtual_sol_reserves::text, 'virtualTokenReserves', c.virtual_token_reserves::text,
  'realSolReserves', c.real_sol_reserves::text, 'realTokenReserves', c.real_token_reserves::text,
  'complete', c.complete, 'impliedPriceSol', c.implied_price_sol::text, 'soldPct', c.sold_pct::text,
  'marketCapSol', c.market_cap_sol::text)`);
const FEATURE_JSON = sql.raw(`json_build_object('venue', f.venue, 'minuteStartMs', f.minute_start_ms::text,
  'trades', f.trades, 'uniqueSigners', f.unique_signers, 'uniqueBuyers', f.unique_buyers,
  'solIn', f.sol_in::text, 'solOut', f.sol_out::text, 'netInflow', f.net_inflow::text,
  'meanTradeSol', f.mean_trade_sol::text, 'stddevTradeSol', f.stddev_trade_sol::text,
  'top5WhaleShare', f.top5_whale_share::text, 'revision', f.revision)`);
const FLAG_JSON =
  sql.raw(`json_build_object('flag', r.flag, 'observation', r.observation, 'severity', r.severity,
  'value', r.value::text, 'threshold', r.threshold::text, 'details', r.details, 'slot', r.slot::text,
  'tEventMs', r.t_event_ms::text)`);

const trim = (d: string): string => (d.includes('.') ? d.replace(/0+$/, '').replace(/\.$/, '') : d);
const trimCurve = (c: LaunchCurveView): LaunchCurveView => ({
  ...c,
  impliedPriceSol: trim(c.impliedPriceSol),
  soldPct: trim(c.soldPct),
  marketCapSol: trim(c.marketCapSol),
});
const trimFeature = (f: LaunchFeatureView): LaunchFeatureView => ({
  ...f,
  meanTradeSol: trim(f.meanTradeSol),
  stddevTradeSol: trim(f.stddevTradeSol),
  top5WhaleShare: trim(f.top5WhaleShare),
});
const trimFlag = (f: LaunchFlagView): LaunchFlagView => ({
  ...f,
  value: trim(f.value),
  threshold: trim(f.threshold),
});

function summarySelect(where: SQL, limit: number): SQL {
  return sql`SELECT t.mint, t.creator, t.name, t.symbol, t.uri, t.bonding_curve, t.token_program, t.instruction,
      t.status, t.created_signature, t.created_slot::text AS created_slot, t.created_at_ms::text AS created_at_ms,
      t.migrated_venue, t.migrated_pool, t.migrated_signature, t.migrated_at_ms::text AS migrated_at_ms,
      (SELECT ${CURVE_JSON} FROM curve_snapshots c WHERE c.mint = t.mint ORDER BY c.slot DESC LIMIT 1) AS curve,
      (SELECT ${FEATURE_JSON} FROM features_1m f WHERE f.mint = t.mint
         ORDER BY f.minute_start_ms DESC, f.venue LIMIT 1) AS feature,
      (SELECT json_agg(${FLAG_JSON} ORDER BY r.t_event_ms, r.flag, r.observation) FROM risk_flags r
         WHERE r.mint = t.mint) AS flags
    FROM launch_tokens t WHERE ${where}
    ORDER BY t.created_at_ms DESC, t.mint DESC LIMIT ${limit}`;
}

const toSummary = (r: SummaryRow): LaunchSummary => ({
  mint: r.mint,
  creator: r.creator,
  name: r.name,
  symbol: r.symbol,
  uri: r.uri,
  bondingCurve: r.bonding_curve,
  tokenProgram: r.token_program,
  instruction: r.instruction,
  status: r.status,
  createdSignature: r.created_signature,
  createdSlot: r.created_slot,
  createdAtMs: r.created_at_ms,
  createdAt: new Date(Number(r.created_at_ms)).toISOString(),
  migration:
    r.migrated_venue === null || r.migrated_pool === null || r.migrated_signature === null
      ? null
      : {
          venue: r.migrated_venue,
          pool: r.migrated_pool,
          signature: r.migrated_signature,
          atMs: r.migrated_at_ms ?? '0',
        },
  curve: r.curve === null ? null : trimCurve(r.curve),
  latestFeature: r.feature === null ? null : trimFeature(r.feature),
  flags: (r.flags ?? []).map(trimFlag),
});

/** Launches newest first, keyset-paged on (created_at_ms, mint); optionally one status only. */
export async function listLaunches(
  db: Db,
  q: { limit: number; after?: LaunchCursor; status?: 'CURVE' | 'MIGRATED' },
): Promise<{ launches: LaunchSummary[]; next: LaunchCursor | null }> {
  const conditions: SQL[] = [sql`true`];
  if (q.after !== undefined)
    conditions.push(sql`(t.created_at_ms, t.mint) < (${q.after.createdAtMs}, ${q.after.mint})`);
  if (q.status !== undefined) conditions.push(sql`t.status = ${q.status}`);
  try {
    const rows = await queryRows<SummaryRow>(
      db,
      summarySelect(sql.join(conditions, sql` AND `), q.limit + 1),
    );
    const page = rows.slice(0, q.limit).map(toSummary);
    const last = page[page.length - 1];
    return {
      launches: page,
      next:
        rows.length > q.limit && last !== undefined
          ? { createdAtMs: BigInt(last.createdAtMs), mint: last.mint }
          : null,
    };
  } catch (e) {
    throw toDatabaseError(e, 'listing launches');
  }
}

export async function getLaunch(db: Db, mint: string): Promise<LaunchSummary | null> {
  try {
    const rows = await queryRows<SummaryRow>(db, summarySelect(sql`t.mint = ${mint}`, 1));
    const row = rows[0];
    return row === undefined ? null : toSummary(row);
  } catch (e) {
    throw toDatabaseError(e, 'reading a launch');
  }
}

/** The newest `limit` curve snapshots, oldest first. */
export async function launchCurveSeries(db: Db, mint: string, limit: number): Promise<LaunchCurveView[]> {
  try {
    const rows = await queryRows<{ c: LaunchCurveView }>(
      db,
      sql`SELECT ${CURVE_JSON} AS c FROM (SELECT * FROM curve_snapshots WHERE mint = ${mint}
            ORDER BY slot DESC LIMIT ${limit}) c ORDER BY c.slot`,
    );
    return rows.map((r) => trimCurve(r.c));
  } catch (e) {
    throw toDatabaseError(e, 'reading curve snapshots');
  }
}

/** The newest `limit` minutes of features (every venue), oldest first. */
export async function launchFeatureSeries(db: Db, mint: string, limit: number): Promise<LaunchFeatureView[]> {
  try {
    const rows = await queryRows<{ f: LaunchFeatureView }>(
      db,
      sql`SELECT ${FEATURE_JSON} AS f FROM (SELECT * FROM features_1m WHERE mint = ${mint}
            ORDER BY minute_start_ms DESC, venue LIMIT ${limit}) f ORDER BY f.minute_start_ms, f.venue`,
    );
    return rows.map((r) => trimFeature(r.f));
  } catch (e) {
    throw toDatabaseError(e, 'reading features');
  }
}

export interface LaunchTradeView {
  readonly signature: string;
  readonly eventIndex: number;
  readonly slot: string;
  readonly tEventMs: string;
  readonly signer: string;
  readonly side: 'buy' | 'sell';
  readonly venue: string;
  readonly solAmount: string;
  readonly tokenAmount: string;
  readonly feeLamports: string;
  readonly creatorFeeLamports: string;
  readonly virtualSolReserves: string;
  readonly virtualTokenReserves: string;
}

export interface TradeCursor {
  readonly tEventMs: bigint;
  readonly signature: string;
  readonly eventIndex: number;
}

/** A mint's trades newest first, keyset-paged on (t_event_ms, signature, event_index). */
export async function launchTradesPage(
  db: Db,
  mint: string,
  limit: number,
  after?: TradeCursor,
): Promise<{ trades: LaunchTradeView[]; next: TradeCursor | null }> {
  const keyset =
    after === undefined
      ? sql`true`
      : sql`(t_event_ms, signature, event_index) < (${after.tEventMs}, ${after.signature}, ${after.eventIndex})`;
  try {
    const rows = await queryRows<LaunchTradeView & Record<string, unknown>>(
      db,
      sql`SELECT signature, event_index AS "eventIndex", slot::text AS slot, t_event_ms::text AS "tEventMs", signer,
            side, venue, sol_amount::text AS "solAmount", token_amount::text AS "tokenAmount",
            fee_lamports::text AS "feeLamports", creator_fee_lamports::text AS "creatorFeeLamports",
            virtual_sol_reserves::text AS "virtualSolReserves", virtual_token_reserves::text AS "virtualTokenReserves"
          FROM launch_trades WHERE mint = ${mint} AND ${keyset}
          ORDER BY t_event_ms DESC, signature DESC, event_index DESC LIMIT ${limit + 1}`,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      trades: page,
      next:
        rows.length > limit && last !== undefined
          ? { tEventMs: BigInt(last.tEventMs), signature: last.signature, eventIndex: last.eventIndex }
          : null,
    };
  } catch (e) {
    throw toDatabaseError(e, 'reading launch trades');
  }
}
