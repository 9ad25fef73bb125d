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
} from 'drizzle-orm/pg-core';

/** Drizzle views of `migrations/0009_launch_radar.sql` (the SQL is the source of truth). */
const u64 = (name: string) => numeric(name, { precision: 20, scale: 0 });
const dec = (name: string) => numeric(name, { precision: 38, scale: 18 });
const int8 = (name: string) => bigint(name, { mode: 'bigint' });

export const launchRawLogs = pgTable('launch_raw_logs', {
  signature: text('signature').primaryKey(),
  slot: int8('slot').notNull(),
  failed: boolean('failed').notNull(),
  logs: jsonb('logs').notNull(),
  resolved: boolean('resolved').notNull().default(false),
});

export const launchTokens = pgTable(
  'launch_tokens',
  {
    mint: text('mint').primaryKey(),
    creator: text('creator').notNull(),
    name: text('name').notNull(),
    symbol: text('symbol').notNull(),
    uri: text('uri').notNull(),
    bondingCurve: text('bonding_curve').notNull(),
    tokenProgram: text('token_program').notNull(),
    instruction: text('instruction').$type<'create' | 'create_v2'>().notNull(),
    status: text('status').$type<'CURVE' | 'MIGRATED'>().notNull().default('CURVE'),
    createdSignature: text('created_signature').notNull(),
    createdSlot: int8('created_slot').notNull(),
    createdAtMs: int8('created_at_ms').notNull(),
    completeSlot: int8('complete_slot'),
    completeAtMs: int8('complete_at_ms'),
    migratedVenue: text('migrated_venue').$type<'pumpswap' | 'raydium'>(),
    migratedPool: text('migrated_pool'),
    migratedSignature: text('migrated_signature'),
    migratedSlot: int8('migrated_slot'),
    migratedAtMs: int8('migrated_at_ms'),
  },
  (t) => [
    index('launch_tokens_created_idx').on(t.createdAtMs, t.mint),
    index('launch_tokens_creator_idx').on(t.creator, t.createdAtMs),
    index('launch_tokens_bonding_curve_idx').on(t.bondingCurve),
  ],
);

export const launchTrades = pgTable(
  'launch_trades',
  {
    signature: text('signature').notNull(),
    eventIndex: integer('event_index').notNull(),
    mint: text('mint').notNull(),
    slot: int8('slot').notNull(),
    tEventMs: int8('t_event_ms').notNull(),
    signer: text('signer').notNull(),
    side: text('side').$type<'buy' | 'sell'>().notNull(),
    venue: text('venue').$type<'pumpfun' | 'pumpswap' | 'raydium'>().notNull(),
    solAmount: u64('sol_amount').notNull(),
    tokenAmount: u64('token_amount').notNull(),
    feeLamports: u64('fee_lamports').notNull(),
    creatorFeeLamports: u64('creator_fee_lamports').notNull(),
    virtualSolReserves: u64('virtual_sol_reserves').notNull(),
    virtualTokenReserves: u64('virtual_token_reserves').notNull(),
    realSolReserves: u64('real_sol_reserves').notNull(),
    realTokenReserves: u64('real_token_reserves').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.signature, t.eventIndex] }),
    index('launch_trades_mint_time_idx').on(t.mint, t.tEventMs, t.slot, t.signature, t.eventIndex),
    index('launch_trades_time_idx').on(t.tEventMs),
  ],
);

export const curveSnapshots = pgTable(
  'curve_snapshots',
  {
    mint: text('mint').notNull(),
    slot: int8('slot').notNull(),
    tEventMs: int8('t_event_ms').notNull(),
    bondingCurve: text('bonding_curve').notNull(),
    virtualSolReserves: u64('virtual_sol_reserves').notNull(),
    virtualTokenReserves: u64('virtual_token_reserves').notNull(),
    realSolReserves: u64('real_sol_reserves').notNull(),
    realTokenReserves: u64('real_token_reserves').notNull(),
    tokenTotalSupply: u64('token_total_supply').notNull(),
    complete: boolean('complete').notNull(),
    impliedPriceSol: dec('implied_price_sol').notNull(),
    soldPct: dec('sold_pct').notNull(),
    marketCapSol: dec('market_cap_sol').notNull(),
  },
  (t) => [primaryKey({ columns: [t.mint, t.slot] })],
);

export const ammSnapshots = pgTable(
  'amm_snapshots',
  {
    pool: text('pool').notNull(),
    slot: int8('slot').notNull(),
    tEventMs: int8('t_event_ms').notNull(),
    mint: text('mint').notNull(),
    venue: text('venue').$type<'pumpswap' | 'raydium'>().notNull(),
    baseReserve: u64('base_reserve').notNull(),
    quoteReserve: u64('quote_reserve').notNull(),
    lpSupply: u64('lp_supply').notNull(),
    impliedPriceSol: dec('implied_price_sol').notNull(),
  },
  (t) => [primaryKey({ columns: [t.pool, t.slot] }), index('amm_snapshots_mint_idx').on(t.mint, t.slot)],
);

export const features1m = pgTable(
  'features_1m',
  {
    mint: text('mint').notNull(),
    venue: text('venue').notNull(),
    minuteStartMs: int8('minute_start_ms').notNull(),
    trades: integer('trades').notNull(),
    uniqueSigners: integer('unique_signers').notNull(),
    uniqueBuyers: integer('unique_buyers').notNull(),
    solIn: numeric('sol_in', { precision: 30, scale: 0 }).notNull(),
    solOut: numeric('sol_out', { precision: 30, scale: 0 }).notNull(),
    netInflow: numeric('net_inflow', { precision: 31, scale: 0 }).notNull(),
    meanTradeSol: dec('mean_trade_sol').notNull(),
    stddevTradeSol: dec('stddev_trade_sol').notNull(),
    top5WhaleShare: dec('top5_whale_share').notNull(),
    revision: integer('revision').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.mint, t.venue, t.minuteStartMs] }),
    index('features_1m_minute_idx').on(t.minuteStartMs),
  ],
);

export const riskFlags = pgTable(
  'risk_flags',
  {
    mint: text('mint').notNull(),
    flag: text('flag').notNull(),
    observation: text('observation').notNull(),
    severity: text('severity').notNull(),
    value: dec('value').notNull(),
    threshold: dec('threshold').notNull(),
    details: jsonb('details').notNull(),
    slot: int8('slot').notNull(),
    tEventMs: int8('t_event_ms').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.mint, t.flag, t.observation] }),
    index('risk_flags_time_idx').on(t.tEventMs),
  ],
);

export const holderSnapshots = pgTable(
  'holder_snapshots',
  {
    mint: text('mint').notNull(),
    slot: int8('slot').notNull(),
    tEventMs: int8('t_event_ms').notNull(),
    holders: integer('holders').notNull(),
    top5Share: dec('top5_share').notNull(),
    top10Share: dec('top10_share').notNull(),
  },
  (t) => [primaryKey({ columns: [t.mint, t.slot] })],
);

export const feePolicies = pgTable(
  'fee_policies',
  {
    venue: text('venue').$type<'pumpfun' | 'pumpswap' | 'raydium'>().notNull(),
    effectiveFromMs: int8('effective_from_ms').notNull(),
    protocolFeeBps: integer('protocol_fee_bps').notNull(),
    creatorFeeBps: integer('creator_fee_bps').notNull(),
    lpFeeBps: integer('lp_fee_bps').notNull(),
    networkFeeLamports: u64('network_fee_lamports').notNull(),
    source: text('source').notNull(),
  },
  (t) => [primaryKey({ columns: [t.venue, t.effectiveFromMs] })],
);

export const launchEvents = pgTable(
  'launch_events',
  {
    cursor: bigserial('cursor', { mode: 'bigint' }).primaryKey(),
    kind: text('kind').notNull(),
    mint: text('mint'),
    slot: int8('slot').notNull(),
    tEventMs: int8('t_event_ms').notNull(),
    body: jsonb('body').notNull(),
    dedupeKey: text('dedupe_key').notNull().unique(),
  },
  (t) => [index('launch_events_mint_idx').on(t.mint, t.cursor)],
);
