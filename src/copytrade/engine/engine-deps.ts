import type { Logger } from '../../core/log/logger.ts';
import type { Database } from '../../store/database.ts';
import type { PriceFeed } from '../monitor/price-feed.ts';
import type { TokenSafety } from '../safety/token-safety.ts';
import type { LiveExecutor } from './live-executor.ts';
import type { WatchedAddressSync } from '../signals/sync-watchlist.ts';

/** What the copy-trading engine runs on: the store, the price feed, token safety, a clock, live execution. */
export interface EngineDeps {
  readonly database: Database;
  readonly logger: Logger;
  readonly prices: PriceFeed;
  readonly safety: TokenSafety;
  readonly clock: () => Date;
  /**
   * Sends live swaps; null when live trading is not configured (no signing key): a live-mode wallet's entries
   * are then refused with `COPYTRADE_LIVE_UNAVAILABLE`, never half-opened.
   */
  readonly live: LiveExecutor | null;
  /**
   * Makes the Helius webhook watch the active watchlist (one coalesced edit); absent when Helius is not
   * configured (no API key or public URL): watchlist rows then stay `pending`.
   */
  readonly watchlistSync?: WatchedAddressSync | null;
}

/** The NOTIFY channel of copy-trading events (signal outcomes, position changes, breaker events). */
export const COPYTRADE_CHANNEL = 'copytrade_events';
