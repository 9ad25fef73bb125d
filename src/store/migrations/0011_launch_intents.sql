-- Launch radar trade intents (SPEC §5): every TradeIntent a strategy process submits to the executor over gRPC,
-- as received, with the executor's answer. This product never signs or sends: every intent is answered
-- REJECTED / TRADING_DISABLED, and the row is the audit trail of what the strategy wanted and why.
--
-- intent_id is the client's idempotency key: a second submission of the same id inserts nothing and gets the
-- stored answer (fingerprint = sha256 of the canonical intent tells a true retry from a different intent that
-- reuses an id). u64 values (size, based_on_cursor) are NUMERIC(20,0): they can exceed int8.
CREATE TABLE launch_intents (
  id               bigserial      PRIMARY KEY,
  intent_id        text           NOT NULL UNIQUE,
  fingerprint      text           NOT NULL,
  strategy_id      text           NOT NULL,
  client_id        text,
  mint             text           NOT NULL,
  venue            text           NOT NULL CHECK (venue IN ('pumpfun', 'pumpswap', 'raydium')),
  side             text           NOT NULL CHECK (side IN ('buy', 'sell')),
  -- Buy: lamports to spend. Sell: token base units to sell.
  size             numeric(20, 0) NOT NULL CHECK (size > 0),
  max_slippage_bps integer        NOT NULL CHECK (max_slippage_bps BETWEEN 0 AND 10000),
  ttl_ms           bigint         NOT NULL CHECK (ttl_ms >= 0),
  reason_codes     jsonb          NOT NULL,
  based_on_cursor  numeric(20, 0) NOT NULL,
  t_decision_ms    bigint         NOT NULL,
  -- Always REJECTED in this product (error_code TRADING_DISABLED); the column keeps the executor's answer.
  status           text           NOT NULL CHECK (status IN ('REJECTED')),
  error_code       text,
  message          text           NOT NULL,
  received_at      timestamptz    NOT NULL,
  -- A CancelIntent for a stored intent: the first one is recorded, later ones get the same answer.
  cancel_reason    text,
  cancelled_at     timestamptz
);
CREATE INDEX launch_intents_strategy_idx ON launch_intents (strategy_id, t_decision_ms, intent_id);
CREATE INDEX launch_intents_mint_idx ON launch_intents (mint, t_decision_ms);
