import {
  bigint,
  date,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

/** Drizzle views of `migrations/0004_analytics.sql` (the SQL is the source of truth). */
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const usd = (name: string) => numeric(name, { precision: 38, scale: 18 });
const raw = (name: string) => numeric(name, { precision: 39, scale: 0 });

export const PLAN_CODES = ['FREE', 'LITE', 'PRO'] as const;
export type PlanCode = (typeof PLAN_CODES)[number];

export const plans = pgTable('plans', {
  code: text('code').primaryKey(),
  walletsPerDay: integer('wallets_per_day').notNull(),
  backfillDays: integer('backfill_days').notNull(),
  maxSignatures: integer('max_signatures').notNull(),
  maxTxFetches: integer('max_tx_fetches').notNull(),
  maxCpuMs: integer('max_cpu_ms').notNull(),
  maxCandleReads: integer('max_candle_reads').notNull(),
});

export const ANALYSIS_STATUSES = ['queued', 'running', 'partial', 'done', 'failed'] as const;
export type AnalysisStatus = (typeof ANALYSIS_STATUSES)[number];

export const analyses = pgTable('analyses', {
  id: text('id').primaryKey(),
  subject: text('subject').notNull(),
  wallet: text('wallet').notNull(),
  planCode: text('plan_code').notNull(),
  windowFrom: ts('window_from').notNull(),
  windowTo: ts('window_to').notNull(),
  linkedWallets: text('linked_wallets').array().notNull().default([]),
  status: text('status', { enum: ANALYSIS_STATUSES }).notNull(),
  runs: integer('runs').notNull().default(0),
  resumeBefore: text('resume_before'),
  progress: jsonb('progress').notNull().default({}),
  summary: jsonb('summary'),
  error: jsonb('error'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const quotaUsage = pgTable(
  'quota_usage',
  {
    subject: text('subject').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    wallet: text('wallet').notNull(),
    analysisId: text('analysis_id').notNull(),
    chargedAt: ts('charged_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.subject, t.day, t.wallet] })],
);

export const ANALYSIS_EVENT_KINDS = ['progress', 'moment', 'done', 'error'] as const;
export type AnalysisEventKind = (typeof ANALYSIS_EVENT_KINDS)[number];

export const analysisEvents = pgTable(
  'analysis_events',
  {
    analysisId: text('analysis_id').notNull(),
    seq: integer('seq').notNull(),
    kind: text('kind', { enum: ANALYSIS_EVENT_KINDS }).notNull(),
    data: jsonb('data').notNull(),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.analysisId, t.seq] })],
);

export const lots = pgTable('lots', {
  id: text('id').primaryKey(),
  wallet: text('wallet').notNull(),
  mint: text('mint').notNull(),
  decimals: smallint('decimals'),
  qtyRaw: raw('qty_raw').notNull(),
  openQtyRaw: raw('open_qty_raw').notNull(),
  costUsd: usd('cost_usd'),
  openCostUsd: usd('open_cost_usd'),
  unitCostUsd: usd('unit_cost_usd'),
  openedSig: text('opened_sig').notNull(),
  openedIdx: integer('opened_idx').notNull(),
  openedSlot: bigint('opened_slot', { mode: 'bigint' }),
  openedAt: ts('opened_at'),
  basisSource: text('basis_source').notNull(),
  priceSource: text('price_source'),
  episodeId: text('episode_id'),
});

export const realizedTrades = pgTable('realized_trades', {
  id: text('id').primaryKey(),
  wallet: text('wallet').notNull(),
  mint: text('mint').notNull(),
  lotId: text('lot_id'),
  episodeId: text('episode_id'),
  qtyRaw: raw('qty_raw').notNull(),
  costUsd: usd('cost_usd'),
  proceedsUsd: usd('proceeds_usd'),
  pnlUsd: usd('pnl_usd'),
  entrySig: text('entry_sig'),
  entryAt: ts('entry_at'),
  exitSig: text('exit_sig').notNull(),
  exitIdx: integer('exit_idx').notNull(),
  exitSlot: bigint('exit_slot', { mode: 'bigint' }),
  exitAt: ts('exit_at'),
  exitKind: text('exit_kind').notNull(),
  priceSource: text('price_source'),
});

export const episodes = pgTable('episodes', {
  id: text('id').primaryKey(),
  wallet: text('wallet').notNull(),
  mint: text('mint').notNull(),
  n: integer('n').notNull(),
  openedSig: text('opened_sig').notNull(),
  openedAt: ts('opened_at'),
  closedSig: text('closed_sig'),
  closedAt: ts('closed_at'),
  qtyInRaw: raw('qty_in_raw').notNull(),
  qtyOutRaw: raw('qty_out_raw').notNull(),
  realizedCostUsd: usd('realized_cost_usd').notNull(),
  realizedProceedsUsd: usd('realized_proceeds_usd').notNull(),
  realizedPnlUsd: usd('realized_pnl_usd').notNull(),
  unpricedTrades: integer('unpriced_trades').notNull(),
});

export const ledgerFlags = pgTable(
  'ledger_flags',
  {
    wallet: text('wallet').notNull(),
    seq: integer('seq').notNull(),
    code: text('code').notNull(),
    mint: text('mint').notNull(),
    sig: text('sig').notNull(),
    idx: integer('idx').notNull(),
    at: ts('at'),
    qtyRaw: raw('qty_raw').notNull(),
    costUsd: usd('cost_usd'),
    counterparty: text('counterparty'),
  },
  (t) => [primaryKey({ columns: [t.wallet, t.seq] })],
);

export const oofMoments = pgTable('oof_moments', {
  id: text('id').primaryKey(),
  wallet: text('wallet').notNull(),
  kind: text('kind').notNull(),
  mint: text('mint').notNull(),
  sourceEvent: text('source_event').notNull(),
  detectorVersion: text('detector_version').notNull(),
  tEvent: ts('t_event').notNull(),
  usd: usd('usd').notNull(),
  pct: usd('pct').notNull(),
  severity: usd('severity').notNull(),
  status: text('status').notNull(),
  sigRef: text('sig_ref').notNull(),
  slotRef: bigint('slot_ref', { mode: 'bigint' }),
  priceSource: text('price_source').notNull(),
  confidence: numeric('confidence', { precision: 6, scale: 4 }).notNull(),
  explain: jsonb('explain').notNull(),
  previewPngUrl: text('preview_png_url'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const walletExtremes = pgTable('wallet_extremes', {
  wallet: text('wallet').primaryKey(),
  extremes: jsonb('extremes').notNull(),
  computedAt: ts('computed_at').notNull(),
  expiresAt: ts('expires_at').notNull(),
});

export const priceCoverage = pgTable(
  'price_coverage',
  {
    mint: text('mint').notNull(),
    source: text('source').notNull(),
    fromTs: ts('from_ts').notNull(),
    toTs: ts('to_ts').notNull(),
    candles: integer('candles').notNull(),
    fetchedAt: ts('fetched_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.mint, t.source, t.fromTs] })],
);

/** Drizzle view of `migrations/0007_ledger_fingerprint.sql`. */
export const walletLedgerState = pgTable('wallet_ledger_state', {
  wallet: text('wallet').primaryKey(),
  fingerprint: text('fingerprint').notNull(),
  savedAt: ts('saved_at').notNull(),
});

/** Drizzle view of `migrations/0012_analysis_checkpoints.sql`. */
export const analysisCheckpoints = pgTable('analysis_checkpoints', {
  wallet: text('wallet').primaryKey(),
  keyHash: text('key_hash').notNull(),
  settledBefore: ts('settled_before').notNull(),
  priceRev: bigint('price_rev', { mode: 'number' }).notNull(),
  state: text('state').notNull(),
  meta: text('meta').notNull(),
  savedAt: ts('saved_at').notNull(),
});
