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
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

/** Drizzle views of `migrations/0008_copytrade.sql` (the SQL is the source of truth). */
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
  },
  (t) => [
    primaryKey({ columns: [t.signature, t.wallet] }),
    index('copy_signals_received_idx').on(t.receivedAt, t.signature, t.wallet),
    index('copy_signals_wallet_received_idx').on(t.wallet, t.receivedAt, t.signature),
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
