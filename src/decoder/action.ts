/**
 * A normalized action: what one transaction did for one owner, keyed by `(signature, index)`.
 *
 * Direction convention (same for every kind): `mintIn/amountIn` is what LEFT the owner's wallet,
 * `mintOut/amountOut` is what ARRIVED in it. A swap has both sides; a transfer out, burn, lp_add leg or
 * fee has only the "in" side (`rent` is SOL locked in an account the owner opened for someone else; `fee` is the
 * network fee — counterparty null — or SOL paid to a third party during a swap: venue fee recipient, bot, tip); a transfer in, mint, lp_remove leg or airdrop only the "out" side.
 * Amounts are base-unit integers; native SOL and WSOL are both reported as the SOL mint with 9 decimals.
 */
export const ACTION_KINDS = [
  'swap',
  'transfer_in',
  'transfer_out',
  'mint',
  'burn',
  'lp_add',
  'lp_remove',
  'stake',
  'unstake',
  'rent',
  'fee',
  'event',
] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

export type SwapSide = 'buy' | 'sell' | 'swap';

export interface ProgramEvent {
  /** Program that emitted it, e.g. `pumpfun`. */
  readonly program: string;
  /** Event name from the IDL, e.g. `TradeEvent`. */
  readonly name: string;
  /** Decoded fields; integers as decimal strings, public keys as base58. */
  readonly data: Readonly<Record<string, unknown>>;
}

export interface Action {
  readonly signature: string;
  readonly index: number;
  /** Null only when the source recording had no slot (see NormalizedTransaction.slot). */
  readonly slot: bigint | null;
  /** Block time in unix seconds, null when the node did not report it. */
  readonly blockTime: number | null;
  readonly kind: ActionKind;
  readonly owner: string | null;
  readonly mintIn: string | null;
  readonly amountIn: bigint | null;
  readonly decimalsIn: number | null;
  readonly mintOut: string | null;
  readonly amountOut: bigint | null;
  readonly decimalsOut: number | null;
  /** Venue/route for swaps and LP actions (`pumpfun`, `jupiter_v6>raydium_amm_v4`, `unknown`), else null. */
  readonly venue: string | null;
  /** Names of the non-infrastructure programs the transaction invoked, outer first, deduplicated. */
  readonly programs: readonly string[];
  /** For a swap against a quote asset: which way the non-quote token moved. */
  readonly side: SwapSide | null;
  /** The other wallet of a transfer (owner of the counterpart account) when known. */
  readonly counterparty: string | null;
  /** USD value of the "in" / "out" leg when that leg is a quote asset and a price was available (decimal string). */
  readonly usdIn: string | null;
  readonly usdOut: string | null;
  /** Token-2022 transfer fee withheld on this leg, base units of the leg's mint. */
  readonly transferFeeRaw: bigint | null;
  readonly event: ProgramEvent | null;
}
