/** What the ledger needs from the outside world, passed in as values and pure functions. */

export interface PriceQuote {
  /** USD per whole token, decimal string. */
  readonly priceUsd: string;
  /** Which source answered (`candles:1m`, `geckoterminal`, ...), kept as provenance. */
  readonly source: string;
}

/** Market price of `mint` at `unixSeconds` (the minute of the event), or null when unknown. */
export type PriceAt = (mint: string, unixSeconds: number) => PriceQuote | null;

export interface LedgerOptions {
  /** Quote assets (numeraire): they price the swaps and get no positions. */
  readonly quoteMints: ReadonlySet<string> | readonly string[];
  /** Exposure at or below this many base units counts as flat (closes an episode). Default 0. */
  readonly dustRaw?: bigint | ((mint: string, decimals: number | null) => bigint);
  /** Other wallets of the same user: transfers to them move the basis instead of realizing. */
  readonly linkedWallets?: ReadonlySet<string>;
  /** Known exchange deposit addresses: transfers to them realize at market (see `realizeExchangeDeposits`). */
  readonly exchangeDeposits?: ReadonlySet<string>;
  /** Realize transfers to exchange deposit addresses at `priceAt` (default true); false treats them as transfers. */
  readonly realizeExchangeDeposits?: boolean;
  /**
   * Basis carried over from a linked wallet for an incoming transfer (the `costUsd` of that wallet's `linked_out`
   * flag); undefined/null → the market value at `priceAt`.
   */
  readonly linkedBasisUsd?: (mint: string, signature: string, qtyRaw: bigint) => string | null | undefined;
  readonly priceAt: PriceAt;
  /**
   * Keep a snapshot every this many applied actions (default `SNAPSHOT_EVERY_EVENTS`); 0 keeps none. A snapshot
   * is a deep copy of the whole state, so a one-shot recompute that will not resume should pass 0.
   */
  readonly snapshotEvery?: number;
}

/** Events between two periodic snapshots (SPEC §3). */
export const SNAPSHOT_EVERY_EVENTS = 500;
