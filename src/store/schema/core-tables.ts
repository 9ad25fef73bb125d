import { sql } from 'drizzle-orm';
import {
  bigint,
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
import type { ActionKind, SwapSide } from '../../decoder/action.ts';

/**
 * Drizzle views of the tables that `migrations/0001_core.sql` creates. The SQL files are the source of truth;
 * these only type queries, and `schema-matches-migrations.test.ts` fails when the two drift apart.
 * Timestamps are `Date`, slots and lamports `bigint`, NUMERIC columns decimal strings.
 */
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const txRaw = pgTable('tx_raw', {
  sig: text('sig').primaryKey(),
  slot: bigint('slot', { mode: 'bigint' }).notNull(),
  blockTime: ts('block_time'),
  status: text('status', { enum: ['ok', 'failed'] }).notNull(),
  err: jsonb('err'),
  feeLamports: bigint('fee_lamports', { mode: 'bigint' }).notNull(),
  objectKey: text('object_key').notNull(),
  sizeBytes: integer('size_bytes').notNull(),
  compressedBytes: integer('compressed_bytes').notNull(),
  decoderVersion: integer('decoder_version').notNull(),
  decodedAt: ts('decoded_at').notNull().defaultNow(),
  ingestedAt: ts('ingested_at').notNull().defaultNow(),
});

export const actions = pgTable(
  'actions',
  {
    sig: text('sig').notNull(),
    idx: integer('idx').notNull(),
    kind: text('kind').$type<ActionKind>().notNull(),
    owner: text('owner'),
    mintIn: text('mint_in'),
    amountIn: numeric('amount_in', { precision: 78, scale: 0 }),
    decimalsIn: smallint('decimals_in'),
    mintOut: text('mint_out'),
    amountOut: numeric('amount_out', { precision: 78, scale: 0 }),
    decimalsOut: smallint('decimals_out'),
    venue: text('venue'),
    programs: text('programs')
      .array()
      .notNull()
      .default(sql`'{}'`),
    side: text('side').$type<SwapSide>(),
    counterparty: text('counterparty'),
    usdIn: numeric('usd_in', { precision: 38, scale: 18 }),
    usdOut: numeric('usd_out', { precision: 38, scale: 18 }),
    transferFeeRaw: numeric('transfer_fee_raw', { precision: 78, scale: 0 }),
    event: jsonb('event'),
    slot: bigint('slot', { mode: 'bigint' }).notNull(),
    ts: ts('ts'),
  },
  (t) => [
    primaryKey({ columns: [t.sig, t.idx] }),
    index('actions_mint_in_ts_idx').on(t.mintIn, t.ts),
    index('actions_mint_out_ts_idx').on(t.mintOut, t.ts),
    index('actions_owner_slot_idx').on(t.owner, t.slot, t.sig, t.idx),
  ],
);

export const participants = pgTable(
  'participants',
  { sig: text('sig').notNull(), wallet: text('wallet').notNull() },
  (t) => [
    primaryKey({ columns: [t.sig, t.wallet] }),
    index('participants_wallet_sig_idx').on(t.wallet, t.sig),
  ],
);

export const walletCursors = pgTable('wallet_cursors', {
  wallet: text('wallet').primaryKey(),
  fromTs: ts('from_ts'),
  toTs: ts('to_ts'),
  oldestSig: text('oldest_sig'),
  newestSig: text('newest_sig'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** Drizzle view of `migrations/0005_token_accounts.sql`. */
export const tokenAccounts = pgTable(
  'token_accounts',
  {
    account: text('account').primaryKey(),
    owner: text('owner').notNull(),
    mint: text('mint').notNull(),
    firstSig: text('first_sig').notNull(),
    firstSlot: bigint('first_slot', { mode: 'bigint' }).notNull(),
  },
  (t) => [index('token_accounts_owner_idx').on(t.owner, t.mint)],
);
