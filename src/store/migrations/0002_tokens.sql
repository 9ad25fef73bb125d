-- Token metadata and price candles. Prices are NUMERIC(38,18): exact, never float.

CREATE TABLE token_facts (
  mint             text        PRIMARY KEY,
  symbol           text,
  name             text,
  decimals         smallint    CHECK (decimals BETWEEN 0 AND 255),
  logo_url         text,
  -- NULL authority = revoked (a safety signal), so "unknown" is not stored here: absent row = unknown.
  mint_authority   text,
  freeze_authority text,
  created_at       timestamptz,
  ath_usd          numeric(38, 18),
  ath_at           timestamptz,
  updated_at       timestamptz NOT NULL DEFAULT now()
);

-- Candles in three tiers: 1m for the last 7 days, 5m to 180 days, 1h to 2 years.
CREATE TABLE token_prices (
  mint         text            NOT NULL,
  resolution   text            NOT NULL CHECK (resolution IN ('1m', '5m', '1h')),
  bucket_start timestamptz     NOT NULL,
  open         numeric(38, 18) NOT NULL,
  high         numeric(38, 18) NOT NULL,
  low          numeric(38, 18) NOT NULL,
  close        numeric(38, 18) NOT NULL,
  volume_usd   numeric(38, 18),
  -- Which provider the candle came from (geckoterminal, birdeye, local_vwap, ...): moments record it.
  source       text            NOT NULL,
  PRIMARY KEY (mint, resolution, bucket_start),
  CHECK (low <= high)
);

-- Candles arrive roughly in time order, so a BRIN index keeps time-range scans cheap at a tiny size.
CREATE INDEX token_prices_bucket_start_brin ON token_prices USING brin (bucket_start);
