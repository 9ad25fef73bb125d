-- Launch radar (SPEC §5): Pump.fun launches seen by the executor, their trades, curve and AMM snapshots, per-minute
-- flow features, risk flags, fee policies, and the append-only event log streamed to strategy processes.
-- Amounts are base units (lamports, token base units) in NUMERIC(20,0) (u64); prices, shares and percentages are
-- exact decimals; times are Unix milliseconds of the block time (bigint), the unit the gRPC contract uses.

-- The logs notifications as received (one per signature), so a restart re-resolves what was seen but not stored.
CREATE TABLE launch_raw_logs (
  signature   text    PRIMARY KEY,
  slot        bigint  NOT NULL,
  failed      boolean NOT NULL,
  logs        jsonb   NOT NULL,
  resolved    boolean NOT NULL DEFAULT false
);
CREATE INDEX launch_raw_logs_unresolved_idx ON launch_raw_logs (slot) WHERE NOT resolved;

-- One row per token created on the Pump.fun bonding curve; status moves CURVE → MIGRATED once, never back.
CREATE TABLE launch_tokens (
  mint               text    PRIMARY KEY,
  creator            text    NOT NULL,
  name               text    NOT NULL,
  symbol             text    NOT NULL,
  uri                text    NOT NULL,
  bonding_curve      text    NOT NULL,
  token_program      text    NOT NULL,
  -- "create" or "create_v2"
  instruction        text    NOT NULL,
  status             text    NOT NULL DEFAULT 'CURVE' CHECK (status IN ('CURVE', 'MIGRATED')),
  created_signature  text    NOT NULL,
  created_slot       bigint  NOT NULL,
  created_at_ms      bigint  NOT NULL,
  complete_slot      bigint,
  complete_at_ms     bigint,
  migrated_venue     text    CHECK (migrated_venue IN ('pumpswap', 'raydium')),
  migrated_pool      text,
  migrated_signature text,
  migrated_slot      bigint,
  migrated_at_ms     bigint
);
-- Newest-first keyset pages of the launches API, and "other launches of this creator" for the serial flag.
CREATE INDEX launch_tokens_created_idx ON launch_tokens (created_at_ms, mint);
CREATE INDEX launch_tokens_creator_idx ON launch_tokens (creator, created_at_ms);
CREATE INDEX launch_tokens_bonding_curve_idx ON launch_tokens (bonding_curve);

-- Every trade event (curve or AMM), as reported by the program; event_index orders events inside a transaction.
CREATE TABLE launch_trades (
  signature              text           NOT NULL,
  event_index            integer        NOT NULL CHECK (event_index >= 0),
  mint                   text           NOT NULL,
  slot                   bigint         NOT NULL,
  t_event_ms             bigint         NOT NULL,
  signer                 text           NOT NULL,
  side                   text           NOT NULL CHECK (side IN ('buy', 'sell')),
  venue                  text           NOT NULL CHECK (venue IN ('pumpfun', 'pumpswap', 'raydium')),
  sol_amount             numeric(20, 0) NOT NULL,
  token_amount           numeric(20, 0) NOT NULL,
  fee_lamports           numeric(20, 0) NOT NULL,
  creator_fee_lamports   numeric(20, 0) NOT NULL,
  virtual_sol_reserves   numeric(20, 0) NOT NULL,
  virtual_token_reserves numeric(20, 0) NOT NULL,
  real_sol_reserves      numeric(20, 0) NOT NULL,
  real_token_reserves    numeric(20, 0) NOT NULL,
  PRIMARY KEY (signature, event_index)
);
CREATE INDEX launch_trades_mint_time_idx ON launch_trades (mint, t_event_ms, slot, signature, event_index);
CREATE INDEX launch_trades_time_idx ON launch_trades (t_event_ms);

-- Bonding-curve account states (accountSubscribe, or the reserves a trade event reported), one per curve and slot.
CREATE TABLE curve_snapshots (
  mint                   text            NOT NULL,
  slot                   bigint          NOT NULL,
  t_event_ms             bigint          NOT NULL,
  bonding_curve          text            NOT NULL,
  virtual_sol_reserves   numeric(20, 0)  NOT NULL,
  virtual_token_reserves numeric(20, 0)  NOT NULL,
  real_sol_reserves      numeric(20, 0)  NOT NULL,
  real_token_reserves    numeric(20, 0)  NOT NULL,
  token_total_supply     numeric(20, 0)  NOT NULL,
  complete               boolean         NOT NULL,
  implied_price_sol      numeric(38, 18) NOT NULL,
  sold_pct               numeric(38, 18) NOT NULL,
  market_cap_sol         numeric(38, 18) NOT NULL,
  PRIMARY KEY (mint, slot)
);

-- AMM pool states after migration, one per pool and slot. base = the launched token, quote = SOL.
CREATE TABLE amm_snapshots (
  pool              text            NOT NULL,
  slot              bigint          NOT NULL,
  t_event_ms        bigint          NOT NULL,
  mint              text            NOT NULL,
  venue             text            NOT NULL CHECK (venue IN ('pumpswap', 'raydium')),
  base_reserve      numeric(20, 0)  NOT NULL,
  quote_reserve     numeric(20, 0)  NOT NULL,
  lp_supply         numeric(20, 0)  NOT NULL,
  implied_price_sol numeric(38, 18) NOT NULL,
  PRIMARY KEY (pool, slot)
);
CREATE INDEX amm_snapshots_mint_idx ON amm_snapshots (mint, slot);

-- Flow features per minute, mint and venue (SPEC §5). revision counts re-computations of an already emitted
-- bucket after a late trade folded into it; the values are always those of every stored trade of the bucket.
CREATE TABLE features_1m (
  mint             text            NOT NULL,
  venue            text            NOT NULL,
  minute_start_ms  bigint          NOT NULL,
  trades           integer         NOT NULL,
  unique_signers   integer         NOT NULL,
  unique_buyers    integer         NOT NULL,
  sol_in           numeric(30, 0)  NOT NULL,
  sol_out          numeric(30, 0)  NOT NULL,
  net_inflow       numeric(31, 0)  NOT NULL,
  mean_trade_sol   numeric(38, 18) NOT NULL,
  stddev_trade_sol numeric(38, 18) NOT NULL,
  top5_whale_share numeric(38, 18) NOT NULL,
  revision         integer         NOT NULL DEFAULT 0,
  PRIMARY KEY (mint, venue, minute_start_ms)
);
CREATE INDEX features_1m_minute_idx ON features_1m (minute_start_ms);

-- Risk flags. observation names what raised it (a slot, a minute, a trade), so the same observation is stored once.
CREATE TABLE risk_flags (
  mint        text            NOT NULL,
  flag        text            NOT NULL CHECK (flag IN ('HOLDER_CONCENTRATION', 'CREATOR_DUMPING', 'SERIAL_LAUNCHER',
                'BUNDLED_LAUNCH')),
  observation text            NOT NULL,
  severity    text            NOT NULL CHECK (severity IN ('info', 'warn', 'critical')),
  value       numeric(38, 18) NOT NULL,
  threshold   numeric(38, 18) NOT NULL,
  details     jsonb           NOT NULL,
  slot        bigint          NOT NULL,
  t_event_ms  bigint          NOT NULL,
  PRIMARY KEY (mint, flag, observation)
);
CREATE INDEX risk_flags_time_idx ON risk_flags (t_event_ms);

-- Holder concentration snapshots: shares of the supply held by the largest holders (curve account excluded).
CREATE TABLE holder_snapshots (
  mint        text            NOT NULL,
  slot        bigint          NOT NULL,
  t_event_ms  bigint          NOT NULL,
  holders     integer         NOT NULL,
  top5_share  numeric(38, 18) NOT NULL,
  top10_share numeric(38, 18) NOT NULL,
  PRIMARY KEY (mint, slot)
);

-- Trading fees per venue, effective from a time: the cost estimates (backtest fills) read them from here.
CREATE TABLE fee_policies (
  venue              text    NOT NULL CHECK (venue IN ('pumpfun', 'pumpswap', 'raydium')),
  effective_from_ms  bigint  NOT NULL,
  protocol_fee_bps   integer NOT NULL CHECK (protocol_fee_bps >= 0),
  creator_fee_bps    integer NOT NULL CHECK (creator_fee_bps >= 0),
  lp_fee_bps         integer NOT NULL CHECK (lp_fee_bps >= 0),
  -- Priority fee and base fee per transaction a trade is assumed to pay, lamports.
  network_fee_lamports numeric(20, 0) NOT NULL,
  source             text    NOT NULL,
  PRIMARY KEY (venue, effective_from_ms)
);
-- Pump.fun curve: 1 % protocol fee as deployed through April 2025, then 0.95 % protocol + 0.05 % creator with the
-- creator-fee upgrade of mid-May 2025 (TradeEvent feeBasisPoints = 95, creatorFeeBasisPoints = 5). PumpSwap: 0.20 %
-- LP + 0.05 % protocol at launch (March 2025), + 0.05 % coin creator since the same upgrade. Raydium AMM v4: 0.25 %
-- (0.22 % LP + 0.03 % protocol). Network: the 5000-lamport base fee + a typical 100,000-lamport priority fee.
-- The upgrade instant (2025-05-12T00:00Z) is to the day; later dynamic pump.fun fee tiers are not modelled here.
INSERT INTO fee_policies (venue, effective_from_ms, protocol_fee_bps, creator_fee_bps, lp_fee_bps,
  network_fee_lamports, source) VALUES
  ('pumpfun', 0, 100, 0, 0, 105000, 'pump.fun TradeEvent, 2024 to April 2025'),
  ('pumpfun', 1747008000000, 95, 5, 0, 105000, 'pump.fun TradeEvent fee_basis_points / creator_fee_basis_points'),
  ('pumpswap', 0, 5, 0, 20, 105000, 'PumpSwap GlobalConfig lp_fee / protocol_fee bps at launch'),
  ('pumpswap', 1747008000000, 5, 5, 20, 105000, 'PumpSwap GlobalConfig with coin_creator_fee_basis_points'),
  ('raydium', 0, 3, 0, 22, 105000, 'Raydium AMM v4 trade fee 25/10000');

-- The event log streamed to strategies (gRPC StreamEvents): append-only, cursor order is stream order.
-- dedupe_key names the fact (a trade, a launch, a bucket revision) so re-processing appends nothing.
CREATE TABLE launch_events (
  cursor     bigserial PRIMARY KEY,
  kind       text      NOT NULL,
  mint       text,
  slot       bigint    NOT NULL,
  t_event_ms bigint    NOT NULL,
  body       jsonb     NOT NULL,
  dedupe_key text      NOT NULL UNIQUE
);
CREATE INDEX launch_events_mint_idx ON launch_events (mint, cursor);
