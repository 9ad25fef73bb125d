-- API access (SPEC §3 "Access"): single-use nonces of the wallet sign-in, and each subject's plan with its
-- staking boost. A subject is `user:<JWT sub>`, `wallet:<address>` or `anonymous:<ip>`, the same string that
-- `analyses.subject` and `quota_usage.subject` hold.

-- A nonce is issued for one wallet with the exact message to sign; verifying consumes it (consumed_at set),
-- so a signature can never be replayed. Expired rows are deleted when new nonces are issued.
CREATE TABLE auth_nonces (
  nonce       text        PRIMARY KEY,
  wallet      text        NOT NULL,
  message     text        NOT NULL,
  issued_at   timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  consumed_at timestamptz,
  CHECK (issued_at < expires_at)
);
CREATE INDEX auth_nonces_expires_idx ON auth_nonces (expires_at);

-- No row means FREE without boost. staking_boost = extra new wallets per day on top of the plan's
-- wallets_per_day, derived from staked_oof by the rule in src/api/access/staking-boost.ts when the stake is
-- recorded (staked_oof is kept for provenance).
CREATE TABLE user_plans (
  subject       text            PRIMARY KEY,
  plan_code     text            NOT NULL REFERENCES plans (code),
  staking_boost integer         NOT NULL DEFAULT 0 CHECK (staking_boost >= 0),
  staked_oof    numeric(38, 18),
  updated_at    timestamptz     NOT NULL DEFAULT now()
);
