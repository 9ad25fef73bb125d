import type { DetectorConfig } from '../analytics/detectors/detector-config.ts';
import type { PriceWindow } from '../analytics/detectors/price-window.ts';
import type { SolanaRpc } from '../chain/rpc/solana-rpc.ts';
import type { IngestDeps } from '../ingest/ingest.ts';

/** Per-mint outcome of filling price history (a source down or answering garbage is reported, not fatal). */
export interface PriceFillError {
  readonly mint: string;
  readonly code: string;
  readonly message: string;
}

export interface PriceFillResult {
  readonly candleReads: number;
  readonly ceilingHit: boolean;
  readonly errors: readonly PriceFillError[];
}

/** Port: price history for the analysis (SPEC §2.6 sources in order), then an in-memory window over it. */
export interface PriceHistoryPort {
  /** Makes the store hold candles of `mints` over `[from, to]` where a source has them; reads count. */
  fill(
    mints: readonly string[],
    from: Date,
    to: Date,
    maxCandleReads: number,
    onProgress?: (done: number, total: number) => void,
  ): Promise<PriceFillResult>;
  /**
   * Stored candles of `mints` over `[from, to]` (plus the detectors' look-ahead), as a synchronous window;
   * `fromByMint` starts some mints later (a resumed run needs only the recent history of most of them).
   */
  window(
    mints: readonly string[],
    from: Date,
    to: Date,
    fromByMint?: ReadonlyMap<string, Date>,
  ): Promise<PriceWindow>;
}

export interface AnalysisDeps extends IngestDeps {
  /** Null: analyse what is stored, fetch nothing (no RPC configured). */
  readonly rpc: SolanaRpc | null;
  readonly prices: PriceHistoryPort;
  readonly detectors: DetectorConfig;
  readonly quoteMints: readonly string[];
  /** Known exchange deposit addresses (transfers to them realize at market). */
  readonly exchangeDeposits: ReadonlySet<string>;
  readonly clock: () => Date;
}
