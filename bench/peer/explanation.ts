import type { SwapAmounts } from './peer-swaps.ts';

/**
 * A hand-written finding about one transaction where our decoder and a peer disagree. The fixed part is the
 * truth, established from the transaction's own balance changes, transfers and program events: the swap our
 * decoder must report for the compared wallet (or none). Who is wrong is then decided at run time, so a decoder
 * fix (or a regression) moves the verdict without anyone editing this file:
 * - our swap differs from `truth` → ours is wrong (`oursWrong` says what to fix);
 * - our swap equals `truth` → the peer's figure is the odd one, and the note for that peer says why.
 */
export type PeerVerdict =
  /** The peer's figure is not supported by the transaction (double-counted legs, a mint of supply read as a buy…). */
  | 'peer_wrong'
  /** Both are right about different quantities (gross of a fee the wallet never paid or received…). */
  | 'peer_measures_differently'
  /**
   * Our contract nets one swap per wallet from its balance changes; the peer reports something that contract
   * cannot express (two swaps that cancel, a same-mint arbitrage, a swap by a program-owned account).
   */
  | 'outside_model';

/**
 * Why a peer differs, grouped so the report can count each kind once. A category fixes the verdict: every
 * comparison in it is judged the same way, and the report's summary explains the category in one paragraph.
 */
export type PeerCategory =
  | 'jupiter_legs_twice'
  | 'pump_sell_gross'
  | 'create_unknown_trade'
  | 'fee_measured_at_pool'
  | 'liquidity_read_as_trade'
  | 'token_2022_swap_missed'
  | 'swap_credited_to_payer'
  | 'two_swaps_netted'
  | 'same_mint_arbitrage'
  | 'program_owned_swapper';

export interface CategoryInfo {
  readonly verdict: PeerVerdict;
  readonly title: string;
  /** One paragraph for the summary: what the peer does, what we do, and why ours is the swap of the contract. */
  readonly summary: string;
}

export const PEER_CATEGORIES: Readonly<Record<PeerCategory, CategoryInfo>> = {
  jupiter_legs_twice: {
    verdict: 'peer_wrong',
    title: 'Jupiter legs counted twice by `parseAll`’s default aggregation',
    summary:
      'With the default `aggregateTrades: true`, solana-dex-parser 2.6.7 (`dex-parser.js`, `parseWithClassifier`) ' +
      'parses a Jupiter route into `aggregateTrade` only, leaves `trades` empty, falls through to the per-program ' +
      'loop, and there parses the route again — once from Jupiter’s route events (programId JUP6…) and once from ' +
      'each AMM’s own instruction. The copies carry different `idx`, so its de-duplication keeps both, and ' +
      '`getFinalSwap` then sums every leg whose mint matches the first input or the last output: the aggregate is ' +
      'about twice the route. With `aggregateTrades: false` it returns the route legs once (see the side run).',
  },
  pump_sell_gross: {
    verdict: 'peer_measures_differently',
    title: 'pump.fun sells: gross payout vs what the wallet received',
    summary:
      'On a pump.fun sell the bonding curve pays the protocol fee (and, on newer curves, the creator fee) straight ' +
      'to the fee recipients out of the sale; the wallet receives TradeEvent `solAmount` minus those fees. The ' +
      'peer reports `solAmount` (it lists the fees beside it in its `fee` field); we report what arrived, which ' +
      'is what crossed between the wallet and the curve.',
  },
  create_unknown_trade: {
    verdict: 'peer_wrong',
    title: 'Fake `Unknown` trade on token creates',
    summary:
      'On a create + first buy (pump.fun, Raydium LaunchLab) the peer adds a trade with programId metaqbxx… ' +
      '(Metaplex): it pairs the lamports the wallet sent to the new metadata account (rent, by system transfer + ' +
      'allocate + assign) with the whole 1,000,000,000,000,000 supply minted to the curve’s vault, which never ' +
      'reaches the wallet, and its aggregate adds both to the real buy. We report that SOL as `rent` and the buy ' +
      'alone as the swap; the buy leg the peer reports equals ours in every case.',
  },
  fee_measured_at_pool: {
    verdict: 'peer_measures_differently',
    title: 'Venue fees: peer measures at the pool, we measure at the wallet',
    summary:
      'Fees the venue’s own instructions take out of the wallet’s input (PumpSwap protocol and coin-creator fees, ' +
      'an OKX commission) or out of the output before it reaches the wallet (a Jupiter platform fee) sit between ' +
      'the wallet and the pool. The peer reports what reached or left the pool (PumpSwap ' +
      '`quote_amount_in_with_lp_fee`, the first AMM leg’s input, the last leg’s output) and lists the fee ' +
      'separately; we report what left and what reached the wallet (PumpSwap `user_quote_amount_in`, Jupiter’s ' +
      '`exactOutAmount`).',
  },
  liquidity_read_as_trade: {
    verdict: 'peer_wrong',
    title: 'Orca liquidity operations read as trades',
    summary:
      'On Whirlpool deposits, repositions and fee collections the peer pairs the tokens that moved with a ' +
      '0-amount WSOL transfer (or with the second collected token) and reports a trade, some of them "for 0 SOL". ' +
      'Nothing was exchanged: we report no swap.',
  },
  token_2022_swap_missed: {
    verdict: 'peer_wrong',
    title: 'Whirlpool swaps with Token-2022 mints not recognised',
    summary:
      'solana-dex-parser returns no trade for `swapV2`/`twoHopSwapV2` with Token-2022 (transfer-fee or ' +
      'transfer-hook) mints and lists their token movements under `transfers` only. These are the swaps only we ' +
      'found; they are not in the peer tally, which counts swaps the peer reported.',
  },
  swap_credited_to_payer: {
    verdict: 'peer_wrong',
    title: 'Swap credited to a wallet that received nothing',
    summary:
      'The peer credits the signer with tokens that went to another wallet’s account; the signer only paid.',
  },
  two_swaps_netted: {
    verdict: 'outside_model',
    title: 'Two swaps by one wallet in one transaction',
    summary:
      'Our contract nets one swap per wallet from its balance changes. When a wallet buys and sells in the same ' +
      'transaction we report the net (or nothing, when the token cancels out); the peers report the two trades ' +
      '(solana-dex-parser then merges them into one SOL → SOL aggregate).',
  },
  same_mint_arbitrage: {
    verdict: 'outside_model',
    title: 'Same-mint arbitrage',
    summary:
      'A route that starts and ends in the same mint (SOL → … → SOL, USDC → … → USDC) changes one balance only; ' +
      'our contract has no same-mint swap and reports the gain as a transfer. The peers report X → X.',
  },
  program_owned_swapper: {
    verdict: 'outside_model',
    title: 'Swap by a program-owned account',
    summary:
      'The tokens moved in and out of accounts held by a program-derived address, not by the signer; our decoder ' +
      'treats only on-curve owners as wallets, so it reports no swap. The peers credit the signer.',
  },
};

export interface PeerNote {
  /** The difference that decides the verdict: without it the peer would still disagree. */
  readonly category: PeerCategory;
  /** Further differences of other kinds in the same figure (e.g. a two-swap aggregate whose legs are doubled). */
  readonly also?: readonly PeerCategory[];
  /** This transaction's numbers: the peer's figure, ours, and where each comes from. */
  readonly why: string;
}

export interface Explanation {
  /** The wallet the disagreement is about. */
  readonly owner: string;
  /** The swap our decoder must report for `owner` (null: no swap), in base units. */
  readonly truth: SwapAmounts | null;
  /** What the decoder gets wrong and what to change; shown while it misses `truth`. */
  readonly oursWrong?: string;
  /** About solana-dex-parser's figure. */
  readonly dexParser?: PeerNote;
  /** About the Jupiter parsers' expected outputs (jup-ag/instruction-parser, serejke). */
  readonly jupiter?: PeerNote;
}

export function swap(mintIn: string, amountIn: bigint, mintOut: string, amountOut: bigint): SwapAmounts {
  return { mintIn, amountIn, mintOut, amountOut };
}

export const ORCA_LOCAL_VALIDATOR =
  'Recorded on a local test validator (orca-whirlpool-tx-decoder fixtures), not mainnet.';
