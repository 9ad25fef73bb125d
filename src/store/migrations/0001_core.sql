-- Core chain data: raw transactions (bodies live in the object store), normalized actions, participants and
-- per-wallet backfill cursors. Money columns are NUMERIC: token amounts are integers in base units
-- (NUMERIC(78,0) holds any u256, so sums of u64 amounts never overflow), USD values NUMERIC(38,18).

CREATE TABLE tx_raw (
  sig              text        PRIMARY KEY,
  slot             bigint      NOT NULL CHECK (slot >= 0),
  -- NULL when the node did not report a block time (very old slots).
  block_time       timestamptz,
  status           text        NOT NULL CHECK (status IN ('ok', 'failed')),
  -- The transaction error exactly as RPC reported it; NULL when status = 'ok'.
  err              jsonb,
  fee_lamports     bigint      NOT NULL CHECK (fee_lamports >= 0),
  -- Where the compressed getTransaction result lives: tx/<first 2 chars of sig>/<sig>.json.br
  object_key       text        NOT NULL,
  size_bytes       integer     NOT NULL CHECK (size_bytes >= 0),
  compressed_bytes integer     NOT NULL CHECK (compressed_bytes >= 0),
  -- Which decoder produced the actions below; a newer decoder re-decodes rows with a lower number.
  decoder_version  integer     NOT NULL,
  decoded_at       timestamptz NOT NULL DEFAULT now(),
  ingested_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX tx_raw_slot_idx ON tx_raw (slot);
CREATE INDEX tx_raw_decoder_version_idx ON tx_raw (decoder_version);

-- One row per normalized action. "in" = what left the owner's wallet, "out" = what arrived (see decoder/action.ts).
CREATE TABLE actions (
  sig              text        NOT NULL REFERENCES tx_raw (sig) ON DELETE CASCADE,
  idx              integer     NOT NULL CHECK (idx >= 0),
  -- One of ACTION_KINDS (decoder/action.ts). Checked by ingest, not here: the decoder adds kinds over time
  -- and a CHECK would need a migration for each.
  kind             text        NOT NULL,
  owner            text,
  mint_in          text,
  amount_in        numeric(78, 0) CHECK (amount_in >= 0),
  decimals_in      smallint    CHECK (decimals_in BETWEEN 0 AND 255),
  mint_out         text,
  amount_out       numeric(78, 0) CHECK (amount_out >= 0),
  decimals_out     smallint    CHECK (decimals_out BETWEEN 0 AND 255),
  venue            text,
  programs         text[]      NOT NULL DEFAULT '{}',
  side             text,
  counterparty     text,
  usd_in           numeric(38, 18),
  usd_out          numeric(38, 18),
  -- Token-2022 transfer fee withheld on this leg, base units of the leg's mint.
  transfer_fee_raw numeric(78, 0) CHECK (transfer_fee_raw >= 0),
  event            jsonb,
  -- Denormalized from tx_raw so per-mint and per-owner time scans need no join.
  slot             bigint      NOT NULL,
  ts               timestamptz,
  PRIMARY KEY (sig, idx)
);

CREATE INDEX actions_mint_in_ts_idx ON actions (mint_in, ts) WHERE mint_in IS NOT NULL;
CREATE INDEX actions_mint_out_ts_idx ON actions (mint_out, ts) WHERE mint_out IS NOT NULL;
-- A wallet's history in chain order: (slot, sig, idx) is the stable order the ledger replays.
CREATE INDEX actions_owner_slot_idx ON actions (owner, slot, sig, idx) WHERE owner IS NOT NULL;

-- Every wallet whose balances changed, plus the signers.
CREATE TABLE participants (
  sig    text NOT NULL REFERENCES tx_raw (sig) ON DELETE CASCADE,
  wallet text NOT NULL,
  PRIMARY KEY (sig, wallet)
);

CREATE INDEX participants_wallet_sig_idx ON participants (wallet, sig);

-- How far a wallet's history has been backfilled: [from_ts, to_ts] is covered, and paging resumes before
-- oldest_sig (going back in time) or until newest_sig (catching up).
CREATE TABLE wallet_cursors (
  wallet     text        PRIMARY KEY,
  from_ts    timestamptz,
  to_ts      timestamptz,
  oldest_sig text,
  newest_sig text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (from_ts IS NULL OR to_ts IS NULL OR from_ts <= to_ts)
);
