/**
 * One executed (or, in simulation, modelled) swap of a position: the same record for paper and live fills, so
 * positions, PnL and the paper-vs-live comparison do not care where a fill came from.
 */
export type FillSide = 'buy' | 'sell';
export type FillSource = 'paper' | 'live';

export interface Fill {
  readonly side: FillSide;
  readonly source: FillSource;
  /** Token base units bought or sold, > 0. */
  readonly qtyRaw: bigint;
  /** The quote the fill was modelled on (paper) or the swap was sent at (live), USD per whole token. */
  readonly quotePriceUsd: string;
  /** Execution price, USD per whole token: above the quote for a buy, below for a sell (slippage). */
  readonly priceUsd: string;
  /** `qtyRaw × priceUsd` (buy rounded up, sell rounded down: against us). */
  readonly notionalUsd: string;
  /** Swap fee (bps of the notional, rounded up). */
  readonly swapFeeUsd: string;
  /** Network fee in SOL valued at the SOL price (rounded up). */
  readonly networkFeeUsd: string;
  /** `swapFeeUsd + networkFeeUsd`. */
  readonly feesUsd: string;
  /** What slippage cost: `qty × |price − quote|`, ≥ 0. */
  readonly slippageUsd: string;
  /** Unix milliseconds of the fill. */
  readonly atMs: number;
}
