import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

/** Drizzle view of `migrations/0011_launch_intents.sql` (the SQL is the source of truth). */
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const INTENT_STATUSES = ['REJECTED'] as const;
export type IntentStatus = (typeof INTENT_STATUSES)[number];

export const launchIntents = pgTable(
  'launch_intents',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    intentId: text('intent_id').notNull().unique(),
    fingerprint: text('fingerprint').notNull(),
    strategyId: text('strategy_id').notNull(),
    clientId: text('client_id'),
    mint: text('mint').notNull(),
    venue: text('venue').$type<'pumpfun' | 'pumpswap' | 'raydium'>().notNull(),
    side: text('side').$type<'buy' | 'sell'>().notNull(),
    /** u64 as a decimal string (NUMERIC(20,0)). */
    size: numeric('size', { precision: 20, scale: 0 }).notNull(),
    maxSlippageBps: integer('max_slippage_bps').notNull(),
    ttlMs: bigint('ttl_ms', { mode: 'bigint' }).notNull(),
    reasonCodes: jsonb('reason_codes').$type<string[]>().notNull(),
    basedOnCursor: numeric('based_on_cursor', { precision: 20, scale: 0 }).notNull(),
    tDecisionMs: bigint('t_decision_ms', { mode: 'bigint' }).notNull(),
    status: text('status').$type<IntentStatus>().notNull(),
    errorCode: text('error_code'),
    message: text('message').notNull(),
    receivedAt: ts('received_at').notNull(),
    cancelReason: text('cancel_reason'),
    cancelledAt: ts('cancelled_at'),
  },
  (t) => [
    index('launch_intents_strategy_idx').on(t.strategyId, t.tDecisionMs, t.intentId),
    index('launch_intents_mint_idx').on(t.mint, t.tDecisionMs),
  ],
);
