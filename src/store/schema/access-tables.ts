import { integer, numeric, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Drizzle views of `migrations/0006_access.sql` (the SQL is the source of truth). */
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const authNonces = pgTable('auth_nonces', {
  nonce: text('nonce').primaryKey(),
  wallet: text('wallet').notNull(),
  message: text('message').notNull(),
  issuedAt: ts('issued_at').notNull(),
  expiresAt: ts('expires_at').notNull(),
  consumedAt: ts('consumed_at'),
});

export const userPlans = pgTable('user_plans', {
  subject: text('subject').primaryKey(),
  planCode: text('plan_code').notNull(),
  stakingBoost: integer('staking_boost').notNull().default(0),
  /** Whole OOF tokens as a decimal string (NUMERIC(38,18)). */
  stakedOof: numeric('staked_oof', { precision: 38, scale: 18 }),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
