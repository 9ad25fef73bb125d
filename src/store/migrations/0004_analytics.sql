-- Product A: plans and quota, analyses (one per requested wallet) with their progress events, the derived
-- ledger of a wallet (lots, realized trades, episodes, flags), OOF moments and the cached extremes.
-- Derived rows are replaced per wallet in one transaction on every recompute, so they never mix two runs.

CREATE TABLE plans (
  code             text    PRIMARY KEY,
  wallets_per_day  integer NOT NULL CHECK (wallets_per_day >= 0),
  backfill_days    integer NOT NULL CHECK (backfill_days BETWEEN 1 AND 730),
  -- Per-run ceilings: a run that reaches one stops, keeps its partial result and enqueues a continuation.
  max_signatures   integer NOT NULL CHECK (max_signatures > 0),
  max_tx_fetches   integer NOT NULL CHECK (max_tx_fetches > 0),
  max_cpu_ms       integer NOT NULL CHECK (max_cpu_ms > 0),
  max_candle_reads integer NOT NULL CHECK (max_candle_reads > 0)
);

-- Signatures count every listing of the wallet's address and of its token accounts (a transaction touching
-- both is listed twice, fetched once), so they sit well above the fetch ceilings.
INSERT INTO plans VALUES
  ('FREE',  2, 180,  10000,  2500,  60000,  20000),
  ('LITE',  5, 365,  40000, 10000, 180000,  80000),
  ('PRO',  25, 730, 150000, 60000, 900000, 250000);

CREATE TABLE analyses (
  id              text        PRIMARY KEY,
  -- Who asked (user id, API key, 'cli'): quota is counted per subject.
  subject         text        NOT NULL,
  wallet          text        NOT NULL,
  plan_code       text        NOT NULL REFERENCES plans (code),
  window_from     timestamptz NOT NULL,
  window_to       timestamptz NOT NULL,
  -- Other wallets of the same user: transfers with them move basis instead of realizing (SPEC §3).
  linked_wallets  text[]      NOT NULL DEFAULT '{}',
  status          text        NOT NULL CHECK (status IN ('queued', 'running', 'partial', 'done', 'failed')),
  -- Runs so far: 1 for the first, +1 per continuation (continuations never charge quota).
  runs            integer     NOT NULL DEFAULT 0,
  -- Where the signature walk stopped (the oldest signature handled), for the continuation.
  resume_before   text,
  progress        jsonb       NOT NULL DEFAULT '{}',
  summary         jsonb,
  error           jsonb,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (window_from <= window_to)
);
CREATE INDEX analyses_wallet_idx ON analyses (wallet, created_at DESC);

-- One row per (subject, UTC day, wallet) charged: the plan's wallets_per_day counts these rows.
CREATE TABLE quota_usage (
  subject     text        NOT NULL,
  day         date        NOT NULL,
  wallet      text        NOT NULL,
  analysis_id text        NOT NULL REFERENCES analyses (id),
  charged_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (subject, day, wallet)
);

-- Progress, moment, done and error events of an analysis, numbered so a stream can resume (Last-Event-ID).
CREATE TABLE analysis_events (
  analysis_id text        NOT NULL REFERENCES analyses (id),
  seq         integer     NOT NULL,
  kind        text        NOT NULL CHECK (kind IN ('progress', 'moment', 'done', 'error')),
  data        jsonb       NOT NULL,
  at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (analysis_id, seq)
);

CREATE TABLE lots (
  id             text            PRIMARY KEY,
  wallet         text            NOT NULL,
  mint           text            NOT NULL,
  decimals       smallint,
  qty_raw        numeric(39, 0)  NOT NULL,
  open_qty_raw   numeric(39, 0)  NOT NULL,
  cost_usd       numeric(38, 18),
  open_cost_usd  numeric(38, 18),
  unit_cost_usd  numeric(38, 18),
  opened_sig     text            NOT NULL,
  opened_idx     integer         NOT NULL,
  opened_slot    bigint,
  opened_at      timestamptz,
  basis_source   text            NOT NULL
    CHECK (basis_source IN ('swap', 'transfer_in', 'airdrop', 'linked_wallet', 'unknown')),
  price_source   text,
  episode_id     text
);
CREATE INDEX lots_wallet_mint_idx ON lots (wallet, mint);

CREATE TABLE realized_trades (
  id            text            PRIMARY KEY,
  wallet        text            NOT NULL,
  mint          text            NOT NULL,
  lot_id        text,
  episode_id    text,
  qty_raw       numeric(39, 0)  NOT NULL,
  cost_usd      numeric(38, 18),
  proceeds_usd  numeric(38, 18),
  pnl_usd       numeric(38, 18),
  entry_sig     text,
  entry_at      timestamptz,
  exit_sig      text            NOT NULL,
  exit_idx      integer         NOT NULL,
  exit_slot     bigint,
  exit_at       timestamptz,
  exit_kind     text            NOT NULL CHECK (exit_kind IN ('swap', 'exchange_deposit')),
  price_source  text
);
CREATE INDEX realized_trades_wallet_idx ON realized_trades (wallet, exit_at, id);

CREATE TABLE episodes (
  id                    text            PRIMARY KEY,
  wallet                text            NOT NULL,
  mint                  text            NOT NULL,
  n                     integer         NOT NULL CHECK (n >= 1),
  opened_sig            text            NOT NULL,
  opened_at             timestamptz,
  closed_sig            text,
  closed_at             timestamptz,
  qty_in_raw            numeric(39, 0)  NOT NULL,
  qty_out_raw           numeric(39, 0)  NOT NULL,
  realized_cost_usd     numeric(38, 18) NOT NULL,
  realized_proceeds_usd numeric(38, 18) NOT NULL,
  realized_pnl_usd      numeric(38, 18) NOT NULL,
  unpriced_trades       integer         NOT NULL
);
CREATE INDEX episodes_wallet_mint_idx ON episodes (wallet, mint, n);

CREATE TABLE ledger_flags (
  wallet        text            NOT NULL,
  seq           integer         NOT NULL,
  code          text            NOT NULL,
  mint          text            NOT NULL,
  sig           text            NOT NULL,
  idx           integer         NOT NULL,
  at            timestamptz,
  qty_raw       numeric(39, 0)  NOT NULL,
  cost_usd      numeric(38, 18),
  counterparty  text,
  PRIMARY KEY (wallet, seq)
);

CREATE TABLE oof_moments (
  id                text            PRIMARY KEY,
  wallet            text            NOT NULL,
  kind              text            NOT NULL CHECK (kind IN ('s2e', 'bhd', 'bad_route', 'idle_yield', 'rug')),
  mint              text            NOT NULL,
  source_event      text            NOT NULL,
  detector_version  text            NOT NULL,
  t_event           timestamptz     NOT NULL,
  usd               numeric(38, 18) NOT NULL,
  pct               numeric(38, 18) NOT NULL,
  severity          numeric(38, 18) NOT NULL,
  status            text            NOT NULL CHECK (status IN ('provisional', 'final')),
  sig_ref           text            NOT NULL,
  slot_ref          bigint,
  price_source      text            NOT NULL,
  confidence        numeric(6, 4)   NOT NULL CHECK (confidence BETWEEN 0 AND 1),
  explain           jsonb           NOT NULL,
  preview_png_url   text,
  created_at        timestamptz     NOT NULL DEFAULT now(),
  updated_at        timestamptz     NOT NULL DEFAULT now()
);
-- Keyset pagination on (t_event, id), per wallet and across wallets.
CREATE INDEX oof_moments_wallet_page_idx ON oof_moments (wallet, t_event DESC, id DESC);
CREATE INDEX oof_moments_page_idx ON oof_moments (t_event DESC, id DESC);

CREATE TABLE wallet_extremes (
  wallet      text        PRIMARY KEY,
  extremes    jsonb       NOT NULL,
  computed_at timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL
);

-- Which time ranges of a mint's price history a source has already been asked for (found or not), so a
-- second analysis does not ask again.
CREATE TABLE price_coverage (
  mint       text        NOT NULL,
  source     text        NOT NULL,
  from_ts    timestamptz NOT NULL,
  to_ts      timestamptz NOT NULL,
  candles    integer     NOT NULL CHECK (candles >= 0),
  fetched_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (mint, source, from_ts),
  CHECK (from_ts <= to_ts)
);
