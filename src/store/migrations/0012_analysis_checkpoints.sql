-- Incremental analysis (SPEC §3 "cheap to recompute").
--
-- Every candle carries a revision, taken from one sequence when the candle is stored and again whenever an upsert
-- changes its values. An analysis checkpoint remembers the highest revision it has seen, so the next run finds
-- the earliest candle that changed since (and falls back to a full recompute when that reaches settled history).
CREATE SEQUENCE token_prices_rev_seq;
ALTER TABLE token_prices ADD COLUMN rev bigint NOT NULL DEFAULT nextval('token_prices_rev_seq');
CREATE INDEX token_prices_rev_idx ON token_prices (rev);

-- A resumed analysis reads a wallet's actions from its settle time on, and counts those before it.
CREATE INDEX actions_owner_ts_idx ON actions (owner, ts) WHERE owner IS NOT NULL;

-- The state of a wallet's analysis just before `settled_before` (ledger books and open lots, holding layers,
-- rug scans, settled totals), as JSON; `key_hash` names the inputs it is valid for (linked wallets, window,
-- detector config, quote mints, exchange deposits, algorithm version). `meta` (JSON) is what the next run checks
-- before resuming: the number of stored actions before `settled_before` per wallet, the mints they touched, and
-- the count and digest of the settled moments. One per wallet: the latest run's.
CREATE TABLE analysis_checkpoints (
  wallet         text        PRIMARY KEY,
  key_hash       text        NOT NULL,
  settled_before timestamptz NOT NULL,
  price_rev      bigint      NOT NULL,
  state          text        NOT NULL,
  meta           text        NOT NULL,
  saved_at       timestamptz NOT NULL
);
