-- Copy trading (SPEC §4): the watchlist of source wallets, the signals their swaps produce, and the audit trail
-- of configuration changes.

-- One row per watched wallet. Removing a wallet from the watchlist is a soft delete (active = false): its
-- signals keep pointing at it, and a swap that arrives after removal is still recorded as `ignored_inactive`.
-- strategy_template names a template of src/copytrade/strategy (checked by the API against that module, so a new
-- template needs no migration); strategy_overrides is the validated override object merged over it.
-- sync_status says whether the Helius webhook reflects this row: a change that alters the watched set sets it
-- back to `pending`, a sync sets `synced` (synced_at) or `error` (sync_error).
CREATE TABLE copy_wallets (
  address            text        PRIMARY KEY,
  label              text,
  mode               text        NOT NULL DEFAULT 'simulation' CHECK (mode IN ('simulation', 'live')),
  strategy_template  text        NOT NULL DEFAULT 'default',
  strategy_overrides jsonb       NOT NULL DEFAULT '{}',
  discovery_source   text,
  notes              text,
  active             boolean     NOT NULL DEFAULT true,
  sync_status        text        NOT NULL DEFAULT 'pending' CHECK (sync_status IN ('pending', 'synced', 'error')),
  sync_error         text,
  synced_at          timestamptz,
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL
);

-- Append-only: one row per (transaction, watched wallet), written when the swap is received with the payload as
-- received; only outcome, reason, decided_at and decision_ms change, once, from `pending` to the decision.
-- amount_raw is the non-quote token in base units, quote_amount_raw the quote asset (SOL, USDC, USDT) paid or
-- received; usd is the value of the quote leg when the decoder could price it.
CREATE TABLE copy_signals (
  signature        text            NOT NULL,
  wallet           text            NOT NULL REFERENCES copy_wallets (address),
  slot             bigint,
  t_event          timestamptz,
  side             text            NOT NULL CHECK (side IN ('buy', 'sell')),
  mint             text            NOT NULL,
  amount_raw       numeric(78, 0)  NOT NULL,
  quote_mint       text            NOT NULL,
  quote_amount_raw numeric(78, 0)  NOT NULL,
  usd              numeric(38, 18),
  venue            text,
  raw              jsonb           NOT NULL,
  outcome          text            NOT NULL CHECK (outcome IN ('position_opened', 'filtered_safety',
                     'filtered_breaker', 'duplicate', 'ignored_inactive', 'error', 'pending')),
  reason           text,
  received_at      timestamptz     NOT NULL,
  decided_at       timestamptz,
  decision_ms      integer         CHECK (decision_ms >= 0),
  PRIMARY KEY (signature, wallet)
);
-- Pages newest first, over everything or one wallet (keyset on received_at, signature, wallet).
CREATE INDEX copy_signals_received_idx ON copy_signals (received_at, signature, wallet);
CREATE INDEX copy_signals_wallet_received_idx ON copy_signals (wallet, received_at, signature);
-- The decision engine's queue: what is still undecided.
CREATE INDEX copy_signals_pending_idx ON copy_signals (received_at) WHERE outcome = 'pending';

-- Every configuration change (watchlist create, update, removal): who, what, and the row before and after.
CREATE TABLE copytrade_audit (
  id      bigserial   PRIMARY KEY,
  subject text        NOT NULL,
  action  text        NOT NULL,
  target  text        NOT NULL,
  before  jsonb,
  after   jsonb,
  at      timestamptz NOT NULL
);
CREATE INDEX copytrade_audit_target_idx ON copytrade_audit (target, at);
