import {
  DexParser,
  getFinalSwap,
  type ParseConfig,
  type ParseResult,
  type SolanaTransaction,
  type TradeInfo,
} from 'solana-dex-parser';

/**
 * solana-dex-parser@2.6.7 (the peer) run on one raw RPC result, reduced to one swap per wallet so it can be set
 * beside our decoder's swap action (also one per wallet).
 */
export interface SwapAmounts {
  readonly mintIn: string;
  readonly amountIn: bigint;
  readonly mintOut: string;
  readonly amountOut: bigint;
}

export interface PeerLeg extends SwapAmounts {
  /** The peer's venue name for the leg (`RaydiumV4`, `Pumpfun`, `Unknown`...). */
  readonly amm: string;
}

export interface PeerSwap extends SwapAmounts {
  readonly owner: string;
  /**
   * `trade` when the peer reported one trade for this wallet; `aggregate` when it reported several and we take
   * the peer's own merge (`aggregateTrade`, or its `getFinalSwap` applied to this wallet's trades when the
   * transaction has trades of several wallets, since the peer's `aggregateTrade` then mixes wallets).
   */
  readonly basis: 'trade' | 'aggregate';
  readonly legs: readonly PeerLeg[];
  /** `route` (Jupiter, OKX, Photon...) when the peer names one, else the first leg's amm. */
  readonly venueLabel: string;
}

export interface PeerResult {
  readonly swaps: readonly PeerSwap[];
  /** Raw number of trades the peer returned, before grouping by wallet. */
  readonly tradeCount: number;
}

const parser = new DexParser();

/**
 * The peer takes the RPC result object as it came off the wire (pubkeys as base58 strings, which its adapter
 * accepts though web3.js' types say `PublicKey`), so the cast is the whole adapter.
 */
export function runPeer(raw: unknown, config?: ParseConfig): ParseResult {
  return parser.parseAll(raw as SolanaTransaction, config);
}

/** `config` undefined is the peer's default (`parseAll(tx)`), the configuration the comparison is about. */
export function peerSwaps(raw: unknown, config?: ParseConfig): PeerResult {
  // 2.6.7 leaves its input alone (checked), but nothing promises that: a clone keeps our decoder's input pristine.
  const result = runPeer(structuredClone(raw), config);
  const signer = result.signer[0] ?? '';
  const byOwner = new Map<string, TradeInfo[]>();
  for (const t of result.trades) {
    const owner = t.user || signer;
    byOwner.set(owner, [...(byOwner.get(owner) ?? []), t]);
  }
  const swaps: PeerSwap[] = [];
  for (const [owner, trades] of byOwner) {
    const first = trades[0];
    if (first === undefined) continue;
    const merged =
      trades.length === 1
        ? first
        : byOwner.size === 1 && result.aggregateTrade !== undefined
          ? result.aggregateTrade
          : getFinalSwap(trades);
    if (merged === null || merged === undefined) continue;
    swaps.push({
      owner,
      ...amountsOf(merged),
      basis: trades.length === 1 ? 'trade' : 'aggregate',
      legs: trades.map((t) => ({ ...amountsOf(t), amm: t.amm ?? 'Unknown' })),
      venueLabel: first.route || first.amm || 'Unknown',
    });
  }
  return { swaps, tradeCount: result.trades.length };
}

function amountsOf(t: TradeInfo): SwapAmounts {
  return {
    mintIn: t.inputToken.mint,
    amountIn: BigInt(t.inputToken.amountRaw),
    mintOut: t.outputToken.mint,
    amountOut: BigInt(t.outputToken.amountRaw),
  };
}
