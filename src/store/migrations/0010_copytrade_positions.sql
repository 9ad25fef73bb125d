-- Copy trading, part 2 (SPEC §4): the decisions on signals, positions with their event log and fills, the swap
-- queue, circuit-breaker events, performance snapshots, token-safety scores and the configuration hierarchy.

-- Every decision a signal can end in. Beyond the issue's list: `filtered_size` (entry below the minimum),
-- `filtered_fill` (the modelled fill would break the slippage tolerance), `entry_queued` (live: the position
-- opens from the swap's fill), `mirror_exit` (a sell of the source: exits started) and `ignored_no_exit` (a sell
-- of a token we do not hold). `timings` holds the stages of the decision in ms, `details` what decided it.
ALTER TABLE copy_signals DROP CONSTRAINT copy_signals_outcome_check;
ALTER TABLE copy_signals ADD CONSTRAINT copy_signals_outcome_check CHECK (outcome IN ('position_opened',
  'filtered_safety', 'filtered_breaker', 'duplicate', 'ignored_inactive', 'error', 'pending', 'filtered_size',
  'filtered_fill', 'entry_queued', 'mirror_exit', 'ignored_no_exit'));
ALTER TABLE copy_signals ADD COLUMN decimals smallint;
ALTER TABLE copy_signals ADD COLUMN timings jsonb;
ALTER TABLE copy_signals ADD COLUMN details jsonb;
-- The sells of a position's source wallet and mint, for paper-vs-live and the position page.
CREATE INDEX copy_signals_wallet_mint_idx ON copy_signals (wallet, mint, received_at);

-- One row per position, its current state. `state` is the whole domain record (src/copytrade/positions,
-- bigints tagged), the columns beside it are copies for queries. `version` counts the events applied: a write
-- names the version it read, so two processes never apply events over each other.
CREATE TABLE copy_positions (
  id                 text            PRIMARY KEY,
  signal_signature   text            NOT NULL,
  wallet             text            NOT NULL REFERENCES copy_wallets (address),
  mint               text            NOT NULL,
  decimals           smallint        NOT NULL,
  mode               text            NOT NULL CHECK (mode IN ('simulation', 'live')),
  status             text            NOT NULL CHECK (status IN ('open', 'exiting', 'closed', 'error')),
  entry_price_usd    numeric(38, 18) NOT NULL,
  original_qty_raw   numeric(78, 0)  NOT NULL,
  remaining_qty_raw  numeric(78, 0)  NOT NULL,
  peak_price_usd     numeric(38, 18) NOT NULL,
  entry_cost_usd     numeric(38, 18) NOT NULL,
  remaining_cost_usd numeric(38, 18) NOT NULL,
  realized_pnl_usd   numeric(38, 18) NOT NULL,
  last_price_usd     numeric(38, 18),
  last_price_at      timestamptz,
  state              jsonb           NOT NULL,
  version            integer         NOT NULL CHECK (version >= 1),
  opened_at          timestamptz     NOT NULL,
  updated_at         timestamptz     NOT NULL,
  closed_at          timestamptz,
  error_reason       text,
  -- One position per signal: a re-processed signal opens nothing.
  UNIQUE (signal_signature, wallet)
);
CREATE INDEX copy_positions_status_idx ON copy_positions (status, wallet, mint);
CREATE INDEX copy_positions_closed_idx ON copy_positions (closed_at, id) WHERE status = 'closed';

-- Append-only event log of each position (OPENED, then the state machine's events): replaying it from OPENED
-- gives `state` again.
CREATE TABLE copy_position_events (
  position_id text        NOT NULL REFERENCES copy_positions (id),
  seq         integer     NOT NULL CHECK (seq >= 1),
  type        text        NOT NULL,
  event       jsonb       NOT NULL,
  at          timestamptz NOT NULL,
  PRIMARY KEY (position_id, seq)
);

-- Every fill of a position: the entry (seq 0) and each exit, paper and live. A live fill keeps the paper fill
-- modelled for the same swap beside it (same seq, source 'paper'): the paper-vs-live slippage per signal.
CREATE TABLE copy_fills (
  position_id      text            NOT NULL REFERENCES copy_positions (id),
  seq              integer         NOT NULL CHECK (seq >= 0),
  source           text            NOT NULL CHECK (source IN ('paper', 'live')),
  signal_signature text,
  side             text            NOT NULL CHECK (side IN ('buy', 'sell')),
  reason           text            NOT NULL,
  qty_raw          numeric(78, 0)  NOT NULL,
  quote_price_usd  numeric(38, 18) NOT NULL,
  price_usd        numeric(38, 18) NOT NULL,
  notional_usd     numeric(38, 18) NOT NULL,
  fees_usd         numeric(38, 18) NOT NULL,
  slippage_usd     numeric(38, 18) NOT NULL,
  realized_pnl_usd numeric(38, 18),
  at               timestamptz     NOT NULL,
  PRIMARY KEY (position_id, seq, source)
);

-- The swap queue. `id` is the client id of the swap (entry:<position>, exit:<position>:<n>): the idempotency key
-- of a send, so a retried decision or a restarted worker never sends the same swap twice. `tx_signature` is set
-- before the transaction is sent; a retry of a `sending` order looks it up instead of sending a new one.
CREATE TABLE copy_orders (
  id           text            PRIMARY KEY,
  position_id  text            NOT NULL,
  wallet       text            NOT NULL,
  mint         text            NOT NULL,
  kind         text            NOT NULL CHECK (kind IN ('ENTRY', 'MIRROR_EXIT', 'STOP_LOSS', 'TRAILING_STOP',
                 'TAKE_PROFIT', 'SCALE_OUT')),
  priority     smallint        NOT NULL CHECK (priority BETWEEN 0 AND 3),
  mode         text            NOT NULL CHECK (mode IN ('simulation', 'live')),
  status       text            NOT NULL CHECK (status IN ('queued', 'sending', 'filled', 'failed', 'cancelled')),
  qty_raw      numeric(78, 0)  NOT NULL,
  decision     jsonb           NOT NULL,
  attempts     integer         NOT NULL DEFAULT 0,
  tx_signature text,
  last_error   text,
  not_before   timestamptz     NOT NULL,
  created_at   timestamptz     NOT NULL,
  updated_at   timestamptz     NOT NULL
);
CREATE INDEX copy_orders_open_idx ON copy_orders (priority, created_at, id) WHERE status IN ('queued', 'sending');
CREATE INDEX copy_orders_position_idx ON copy_orders (position_id, created_at);

-- Circuit-breaker activations and deactivations with the metric and threshold of the moment (append-only).
CREATE TABLE copy_breaker_events (
  id          bigserial   PRIMARY KEY,
  type        text        NOT NULL CHECK (type IN ('BREAKER_ACTIVATED', 'BREAKER_DEACTIVATED')),
  kind        text        NOT NULL,
  wallet      text,
  metric      text        NOT NULL,
  threshold   text        NOT NULL,
  sample_size integer     NOT NULL,
  at          timestamptz NOT NULL
);
CREATE INDEX copy_breaker_events_at_idx ON copy_breaker_events (at, id);

-- Small named documents of the engine: the breaker state of the last evaluation (`breakers`), the loop heartbeat
-- (`engine`), the last nightly performance refresh.
CREATE TABLE copytrade_state (
  key        text        PRIMARY KEY,
  value      jsonb       NOT NULL,
  updated_at timestamptz NOT NULL
);

-- Performance per source wallet and window (24h, 7d, 30d, all), replaced on every close and nightly.
CREATE TABLE copy_performance (
  wallet      text        NOT NULL,
  time_window text        NOT NULL CHECK (time_window IN ('24h', '7d', '30d', 'all')),
  stats       jsonb       NOT NULL,
  computed_at timestamptz NOT NULL,
  PRIMARY KEY (wallet, time_window)
);

-- Every token-safety score a decision used, with its inputs (each check's value, threshold, source, reason).
CREATE TABLE copy_safety_scores (
  mint        text            NOT NULL,
  computed_at timestamptz     NOT NULL,
  score       numeric(38, 18) NOT NULL,
  tradable    boolean         NOT NULL,
  checks      jsonb           NOT NULL,
  warnings    jsonb           NOT NULL,
  PRIMARY KEY (mint, computed_at)
);

-- Configuration hierarchy: scope `system`, or a watched wallet's address; positions carry their own overrides.
-- Validated by src/copytrade/config before it is written; every change is audited in copytrade_audit.
CREATE TABLE copytrade_config (
  scope      text        PRIMARY KEY,
  config     jsonb       NOT NULL,
  version    integer     NOT NULL CHECK (version >= 1),
  updated_at timestamptz NOT NULL
);

-- The live trading key, encrypted at rest (AES-256-GCM, key from OOF_COPYTRADE_KEY): never stored in clear.
CREATE TABLE copytrade_keys (
  id         text        PRIMARY KEY,
  public_key text        NOT NULL,
  iv         text        NOT NULL,
  ciphertext text        NOT NULL,
  auth_tag   text        NOT NULL,
  created_at timestamptz NOT NULL
);
