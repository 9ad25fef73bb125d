-- Fingerprint of the ledger rows last saved per wallet (lots, realized trades, episodes, flags): a recompute
-- that yields the same ledger writes nothing.
CREATE TABLE wallet_ledger_state (
  wallet      text        PRIMARY KEY,
  fingerprint text        NOT NULL,
  saved_at    timestamptz NOT NULL
);
