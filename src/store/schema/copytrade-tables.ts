import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

/** Drizzle views of `migrations/0008_copytrade.sql` and `0010_copytrade_positions.sql` (the SQL is the truth). */
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const COPY_MODES = ['simulation', 'live'] as const;
export type CopyMode = (typeof COPY_MODES)[number];

export const SYNC_STATUSES = ['pending', 'synced', 'error'] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];

export const SIGNAL_OUTCOMES = [
  'position_opened',
  'filtered_safety',
  'filtered_breaker',
  'duplicate',
  'ignored_inactive',
  'error',
  'pending',
  'filtered_size',
  'filtered_fill',
  'entry_queued',
  'mirror_exit',
  'ignored_no_exit',
] as const;
export type SignalOutcome = (typeof SIGNAL_OUTCOMES)[number];

export const copyWallets = pgTable('copy_wallets', {
  address: text('address').primaryKey(),
  label: text('label'),
  mode: text('mode').$type<CopyMode>().notNull().default('simulation'),
  strategyTemplate: text('strategy_template').notNull().default('default'),
  strategyOverrides: jsonb('strategy_overrides').notNull().default({}),
  discoverySource: text('discovery_source'),
  notes: text('notes'),
  active: boolean('active').notNull().default(true),
  syncStatus: text('sync_status').$type<SyncStatus>().notNull().default('pending'),
  syncError: text('sync_error'),
  syncedAt: ts('synced_at'),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

/** Where a signal came from: the Helius webhook queue or the WebSocket subscription. */
export const SIGNAL_SOURCES = ['helius_webhook', 'ws_subscription'] as const;
export type SignalSource = (typeof SIGNAL_SOURCES)[number];

export const copySignals = pgTable(
  'copy_signals',
  {
    signature: text('signature').notNull(),
    wallet: text('wallet').notNull(),
    slot: bigint('slot', { mode: 'bigint' }),
    tEvent: ts('t_event'),
    side: text('side').$type<'buy' | 'sell'>().notNull(),
    mint: text('mint').notNull(),
    /** Base units as a decimal string (NUMERIC(78,0)). */
    amountRaw: numeric('amount_raw', { precision: 78, scale: 0 }).notNull(),
    quoteMint: text('quote_mint').notNull(),
    quoteAmountRaw: numeric('quote_amount_raw', { precision: 78, scale: 0 }).notNull(),
    usd: numeric('usd', { precision: 38, scale: 18 }),
    venue: text('venue'),
    raw: jsonb('raw').notNull(),
    outcome: text('outcome').$type<SignalOutcome>().notNull(),
    reason: text('reason'),
    receivedAt: ts('received_at').notNull(),
    decidedAt: ts('decided_at'),
    decisionMs: integer('decision_ms'),
    decimals: smallint('decimals'),
    timings: jsonb('timings'),
    details: jsonb('details'),
    /** `helius_webhook` or `ws_subscription` (migration 0013); null before sources were kept. */
    source: text('source').$type<SignalSource>(),
  },
  (t) => [
    primaryKey({ columns: [t.signature, t.wallet] }),
    index('copy_signals_received_idx').on(t.receivedAt, t.signature, t.wallet),
    index('copy_signals_wallet_received_idx').on(t.wallet, t.receivedAt, t.signature),
    index('copy_signals_wallet_mint_idx').on(t.wallet, t.mint, t.receivedAt),
  ],
);

export const copytradeAudit = pgTable(
  'copytrade_audit',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    subject: text('subject').notNull(),
    action: text('action').notNull(),
    target: text('target').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    at: ts('at').notNull(),
  },
  (t) => [index('copytrade_audit_target_idx').on(t.target, t.at)],
);

const usd = (name: string) => numeric(name, { precision: 38, scale: 18 });
const raw = (name: string) => numeric(name, { precision: 78, scale: 0 });

export const POSITION_STATUSES = ['open', 'exiting', 'closed', 'error'] as const;
export const ORDER_STATUSES = ['queued', 'sending', 'filled', 'failed', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const copyPositions = pgTable(
  'copy_positions',
  {
    id: text('id').primaryKey(),
    signalSignature: text('signal_signature').notNull(),
    wallet: text('wallet').notNull(),
    mint: text('mint').notNull(),
    decimals: smallint('decimals').notNull(),
    mode: text('mode').$type<CopyMode>().notNull(),
    status: text('status').$type<(typeof POSITION_STATUSES)[number]>().notNull(),
    entryPriceUsd: usd('entry_price_usd').notNull(),
    originalQtyRaw: raw('original_qty_raw').notNull(),
    remainingQtyRaw: raw('remaining_qty_raw').notNull(),
    peakPriceUsd: usd('peak_price_usd').notNull(),
    entryCostUsd: usd('entry_cost_usd').notNull(),
    remainingCostUsd: usd('remaining_cost_usd').notNull(),
    realizedPnlUsd: usd('realized_pnl_usd').notNull(),
    lastPriceUsd: usd('last_price_usd'),
    lastPriceAt: ts('last_price_at'),
    state: jsonb('state').notNull(),
    version: integer('version').notNull(),
    openedAt: ts('opened_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    closedAt: ts('closed_at'),
    errorReason: text('error_reason'),
  },
  (t) => [index('copy_positions_status_idx').on(t.status, t.wallet, t.mint)],
);

export const copyPositionEvents = pgTable(
  'copy_position_events',
  {
    positionId: text('position_id').notNull(),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    event: jsonb('event').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.positionId, t.seq] })],
);

export const copyFills = pgTable(
  'copy_fills',
  {
    positionId: text('position_id').notNull(),
    seq: integer('seq').notNull(),
    source: text('source').$type<'paper' | 'live'>().notNull(),
    signalSignature: text('signal_signature'),
    side: text('side').$type<'buy' | 'sell'>().notNull(),
    reason: text('reason').notNull(),
    qtyRaw: raw('qty_raw').notNull(),
    quotePriceUsd: usd('quote_price_usd').notNull(),
    priceUsd: usd('price_usd').notNull(),
    notionalUsd: usd('notional_usd').notNull(),
    feesUsd: usd('fees_usd').notNull(),
    slippageUsd: usd('slippage_usd').notNull(),
    realizedPnlUsd: usd('realized_pnl_usd'),
    at: ts('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.positionId, t.seq, t.source] })],
);

export const copyOrders = pgTable('copy_orders', {
  id: text('id').primaryKey(),
  positionId: text('position_id').notNull(),
  wallet: text('wallet').notNull(),
  mint: text('mint').notNull(),
  kind: text('kind').notNull(),
  priority: smallint('priority').notNull(),
  mode: text('mode').$type<CopyMode>().notNull(),
  status: text('status').$type<OrderStatus>().notNull(),
  qtyRaw: raw('qty_raw').notNull(),
  decision: jsonb('decision').notNull(),
  attempts: integer('attempts').notNull().default(0),
  txSignature: text('tx_signature'),
  lastError: text('last_error'),
  notBefore: ts('not_before').notNull(),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

export const copyBreakerEvents = pgTable('copy_breaker_events', {
  id: bigserial('id', { mode: 'bigint' }).primaryKey(),
  type: text('type').$type<'BREAKER_ACTIVATED' | 'BREAKER_DEACTIVATED'>().notNull(),
  kind: text('kind').notNull(),
  wallet: text('wallet'),
  metric: text('metric').notNull(),
  threshold: text('threshold').notNull(),
  sampleSize: integer('sample_size').notNull(),
  at: ts('at').notNull(),
});

export const copytradeState = pgTable('copytrade_state', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

export const copyPerformance = pgTable(
  'copy_performance',
  {
    wallet: text('wallet').notNull(),
    timeWindow: text('time_window').notNull(),
    stats: jsonb('stats').notNull(),
    computedAt: ts('computed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.wallet, t.timeWindow] })],
);

export const copySafetyScores = pgTable(
  'copy_safety_scores',
  {
    mint: text('mint').notNull(),
    computedAt: ts('computed_at').notNull(),
    score: usd('score').notNull(),
    tradable: boolean('tradable').notNull(),
    checks: jsonb('checks').notNull(),
    warnings: jsonb('warnings').notNull(),
  },
  (t) => [primaryKey({ columns: [t.mint, t.computedAt] })],
);

export const copytradeConfig = pgTable('copytrade_config', {
  scope: text('scope').primaryKey(),
  config: jsonb('config').notNull(),
  version: integer('version').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

export const copytradeKeys = pgTable('copytrade_keys', {
  id: text('id').primaryKey(),
  publicKey: text('public_key').notNull(),
  iv: text('iv').notNull(),
  ciphertext: text('ciphertext').notNull(),
  authTag: text('auth_tag').notNull(),
  createdAt: ts('created_at').notNull(),
});
