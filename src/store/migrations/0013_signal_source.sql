-- Where a copy-trading signal came from: the Helius webhook queue or the WebSocket subscription of the watched
-- wallets. NULL for signals recorded before sources were kept.
ALTER TABLE copy_signals ADD COLUMN source text CHECK (source IN ('helius_webhook', 'ws_subscription'));
