import { sql } from 'drizzle-orm';
import { bigint, numeric, pgTable, primaryKey, smallint, text, timestamp } from 'drizzle-orm/pg-core';

/** Drizzle views of `migrations/0002_tokens.sql` (the SQL is the source of truth). Prices are decimal strings. */
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const usd = (name: string) => numeric(name, { precision: 38, scale: 18 });

export const tokenFacts = pgTable('token_facts', {
  mint: text('mint').primaryKey(),
  symbol: text('symbol'),
  name: text('name'),
  decimals: smallint('decimals'),
  logoUrl: text('logo_url'),
  mintAuthority: text('mint_authority'),
  freezeAuthority: text('freeze_authority'),
  createdAt: ts('created_at'),
  athUsd: usd('ath_usd'),
  athAt: ts('ath_at'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const PRICE_RESOLUTIONS = ['1m', '5m', '1h'] as const;
export type PriceResolution = (typeof PRICE_RESOLUTIONS)[number];

export const tokenPrices = pgTable(
  'token_prices',
  {
    mint: text('mint').notNull(),
    resolution: text('resolution', { enum: PRICE_RESOLUTIONS }).notNull(),
    bucketStart: ts('bucket_start').notNull(),
    open: usd('open').notNull(),
    high: usd('high').notNull(),
    low: usd('low').notNull(),
    close: usd('close').notNull(),
    volumeUsd: usd('volume_usd'),
    source: text('source').notNull(),
    /** Bumped (from `token_prices_rev_seq`, migration 0012) when the candle is stored or its values change. */
    rev: bigint('rev', { mode: 'number' })
      .notNull()
      .default(sql`nextval('token_prices_rev_seq')`),
  },
  (t) => [primaryKey({ columns: [t.mint, t.resolution, t.bucketStart] })],
);
