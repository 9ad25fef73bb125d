import type { Action } from '../../decoder/action.ts';
import { SOL_MINT } from '../../domain/mints.ts';

/** What a swap of a watched wallet says, oriented as a trade: the token, the quote asset, and which way. */
export interface SwapSignalFields {
  readonly signature: string;
  readonly wallet: string;
  readonly actionIndex: number;
  readonly slot: bigint | null;
  readonly tEvent: Date | null;
  readonly side: 'buy' | 'sell';
  readonly mint: string;
  readonly amountRaw: bigint;
  /** Decimals of `mint` as decoded; null when the decoder did not know them. */
  readonly decimals: number | null;
  readonly quoteMint: string;
  readonly quoteAmountRaw: bigint;
  /** USD of the quote leg: what a buy paid (`usdIn`) or a sell received (`usdOut`). */
  readonly usd: string | null;
  readonly venue: string | null;
}

/**
 * The trade of a `swap` action against a quote asset, or null for anything else (other kinds, no owner,
 * token-for-token swaps with `side: 'swap'` that have no SOL leg). By the decoder's direction convention `in`
 * left the wallet and `out` arrived: a buy paid the quote (`in`) for the token (`out`), a sell the reverse.
 * A swap between two quote assets (SOL ↔ USDC/USDT: the decoder's `side: 'swap'`) is a swap of the wallet too
 * (SPEC §4 "every swap"); it is oriented against SOL, the desk's capital: SOL → USDC buys USDC, USDC → SOL
 * sells it.
 */
export function swapSignalOf(action: Action): SwapSignalFields | null {
  if (action.kind !== 'swap' || action.owner === null) return null;
  const { mintIn, amountIn, mintOut, amountOut } = action;
  if (mintIn === null || amountIn === null || mintOut === null || amountOut === null) return null;
  const side = sideOf(action.side, mintIn, mintOut);
  if (side === null) return null;
  const buy = side === 'buy';
  return {
    signature: action.signature,
    wallet: action.owner,
    actionIndex: action.index,
    slot: action.slot,
    tEvent: action.blockTime === null ? null : new Date(action.blockTime * 1000),
    side,
    mint: buy ? mintOut : mintIn,
    amountRaw: buy ? amountOut : amountIn,
    decimals: buy ? action.decimalsOut : action.decimalsIn,
    quoteMint: buy ? mintIn : mintOut,
    quoteAmountRaw: buy ? amountIn : amountOut,
    usd: buy ? action.usdIn : action.usdOut,
    venue: action.venue,
  };
}

function sideOf(side: Action['side'], mintIn: string, mintOut: string): 'buy' | 'sell' | null {
  if (side === 'buy' || side === 'sell') return side;
  if (side !== 'swap' || (mintIn === SOL_MINT) === (mintOut === SOL_MINT)) return null;
  return mintIn === SOL_MINT ? 'buy' : 'sell';
}
