/** Output records of the ledger. Money is a decimal string (USD), quantities are base-unit bigints. */

/** Where in the chain an event happened, in ledger order. */
export interface EventRef {
  readonly slot: bigint | null;
  readonly signature: string;
  readonly index: number;
  /** Unix seconds. */
  readonly blockTime: number | null;
}

export type BasisSource = 'swap' | 'transfer_in' | 'airdrop' | 'linked_wallet' | 'unknown';

export interface Lot {
  /** `${wallet}:${mint}:lot:${n}`, n counted per (wallet, mint) from 1. */
  readonly id: string;
  readonly wallet: string;
  readonly mint: string;
  readonly decimals: number | null;
  /** Quantity when opened. */
  readonly qtyRaw: bigint;
  /** Quantity still held (0 when fully consumed). */
  readonly openQtyRaw: bigint;
  /** Total cost when opened, null when the basis is unknown. */
  readonly costUsd: string | null;
  /** Part of the cost still attached to `openQtyRaw`. */
  readonly openCostUsd: string | null;
  /** USD per whole token (informative, truncated to 18 digits; conservation uses `costUsd`). */
  readonly unitCostUsd: string | null;
  readonly openedAt: EventRef;
  readonly basisSource: BasisSource;
  /** Source of the price used for the basis (`swap` when the quote leg priced it). */
  readonly priceSource: string | null;
  readonly episodeId: string | null;
}

export type ExitKind = 'swap' | 'exchange_deposit';

export interface RealizedTrade {
  /** `${wallet}:${mint}:trade:${n}`. */
  readonly id: string;
  readonly wallet: string;
  readonly mint: string;
  /** Null only for an oversold remainder (no lot held it). */
  readonly lotId: string | null;
  readonly episodeId: string | null;
  readonly qtyRaw: bigint;
  readonly costUsd: string | null;
  readonly proceedsUsd: string | null;
  /** `proceedsUsd − costUsd`, exactly; null when either is unknown. */
  readonly pnlUsd: string | null;
  readonly entry: EventRef | null;
  readonly exit: EventRef;
  readonly exitKind: ExitKind;
  readonly priceSource: string | null;
}

export interface Episode {
  /** `${wallet}:${mint}:episode:${n}`. */
  readonly id: string;
  readonly wallet: string;
  readonly mint: string;
  /** 1-based: "episode 3 of BONK". */
  readonly n: number;
  readonly openedAt: EventRef;
  readonly closedAt: EventRef | null;
  readonly qtyInRaw: bigint;
  readonly qtyOutRaw: bigint;
  /** Sum of the known costs / proceeds / PnL of the realized trades of the episode. */
  readonly realizedCostUsd: string;
  readonly realizedProceedsUsd: string;
  readonly realizedPnlUsd: string;
  /** Realized trades of the episode whose PnL is unknown (basis or proceeds missing). */
  readonly unpricedTrades: number;
}

export type LedgerFlagCode =
  | 'linked_out'
  | 'exchange_deposit_unpriced'
  | 'transfer_out_unpriced'
  | 'removed_without_pnl'
  | 'basis_unknown'
  | 'swap_unpriced'
  | 'fee_unpriced'
  | 'oversold';

export interface LedgerFlag {
  readonly code: LedgerFlagCode;
  readonly mint: string;
  readonly at: EventRef;
  readonly qtyRaw: bigint;
  /** Cost of the lots that left without PnL (linked_out, transfer_out_unpriced, ...), when known. */
  readonly costUsd: string | null;
  readonly counterparty: string | null;
}

export interface LedgerResult {
  readonly lots: readonly Lot[];
  readonly realizedTrades: readonly RealizedTrade[];
  readonly episodes: readonly Episode[];
  readonly flags: readonly LedgerFlag[];
}
