/**
 * PumpSwap constant-product arithmetic at its March 2025 launch: LP fee 20 bps (stays in the pool) and protocol
 * fee 5 bps, both rounded up, on the quote (WSOL) side. Checked against the recorded BuyEvent of
 * jiangxiaop-solana-swap-scan pumpswap-create.json (quote_amount_in = ceil(Q·out / (B − out))).
 */
export const LP_FEE_BPS = 20n;
export const PROTOCOL_FEE_BPS = 5n;

/**
 * Fee rates of a pool, basis points of the quote side. The coin-creator fee (May 2025 upgrade) is charged like
 * the protocol fee, on top for a buy and out of the proceeds for a sell; the simulated March 2025 pools have none.
 */
export interface PoolFees {
  readonly lpFeeBps: bigint;
  readonly protocolFeeBps: bigint;
  readonly creatorFeeBps: bigint;
}

export const PUMPSWAP_LAUNCH_FEES: PoolFees = {
  lpFeeBps: LP_FEE_BPS,
  protocolFeeBps: PROTOCOL_FEE_BPS,
  creatorFeeBps: 0n,
};

const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;

export interface PoolBuy {
  readonly quoteAmountIn: bigint;
  readonly lpFee: bigint;
  readonly protocolFee: bigint;
  readonly creatorFee: bigint;
  /** What the pool vault receives: quote_amount_in + lp_fee. */
  readonly quoteAmountInWithLpFee: bigint;
  /** What leaves the user's quote account: the above plus the protocol fee. */
  readonly userQuoteAmountIn: bigint;
}

export function poolBuy(
  baseReserve: bigint,
  quoteReserve: bigint,
  baseOut: bigint,
  fees: PoolFees = PUMPSWAP_LAUNCH_FEES,
): PoolBuy {
  const quoteAmountIn = ceilDiv(quoteReserve * baseOut, baseReserve - baseOut);
  const lpFee = ceilDiv(quoteAmountIn * fees.lpFeeBps, 10_000n);
  const protocolFee = ceilDiv(quoteAmountIn * fees.protocolFeeBps, 10_000n);
  const creatorFee = ceilDiv(quoteAmountIn * fees.creatorFeeBps, 10_000n);
  const quoteAmountInWithLpFee = quoteAmountIn + lpFee;
  return {
    quoteAmountIn,
    lpFee,
    protocolFee,
    creatorFee,
    quoteAmountInWithLpFee,
    userQuoteAmountIn: quoteAmountInWithLpFee + protocolFee + creatorFee,
  };
}

/** Base tokens a quote budget buys (the client's quote): the largest output whose total cost fits the budget. */
export function baseOutForQuote(
  baseReserve: bigint,
  quoteReserve: bigint,
  budget: bigint,
  fees: PoolFees = PUMPSWAP_LAUNCH_FEES,
): bigint {
  const net = (budget * 10_000n) / (10_000n + fees.lpFeeBps + fees.protocolFeeBps + fees.creatorFeeBps);
  let out = (baseReserve * net) / (quoteReserve + net);
  while (out > 0n && poolBuy(baseReserve, quoteReserve, out, fees).userQuoteAmountIn > budget)
    out -= out / 100_000n + 1n;
  return out;
}

export interface PoolSell {
  readonly quoteAmountOut: bigint;
  readonly lpFee: bigint;
  readonly protocolFee: bigint;
  readonly creatorFee: bigint;
  readonly quoteAmountOutWithoutLpFee: bigint;
  readonly userQuoteAmountOut: bigint;
}

export function poolSell(
  baseReserve: bigint,
  quoteReserve: bigint,
  baseIn: bigint,
  fees: PoolFees = PUMPSWAP_LAUNCH_FEES,
): PoolSell {
  const quoteAmountOut = (quoteReserve * baseIn) / (baseReserve + baseIn);
  const lpFee = ceilDiv(quoteAmountOut * fees.lpFeeBps, 10_000n);
  const protocolFee = ceilDiv(quoteAmountOut * fees.protocolFeeBps, 10_000n);
  const creatorFee = ceilDiv(quoteAmountOut * fees.creatorFeeBps, 10_000n);
  return {
    quoteAmountOut,
    lpFee,
    protocolFee,
    creatorFee,
    quoteAmountOutWithoutLpFee: quoteAmountOut - lpFee,
    userQuoteAmountOut: quoteAmountOut - lpFee - protocolFee - creatorFee,
  };
}

/** Initial LP supply: isqrt(base · quote); 100 units stay locked (minimum liquidity). */
export const MINIMUM_LIQUIDITY = 100n;

export function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  while (x * x > n) x -= 1n;
  while ((x + 1n) * (x + 1n) <= n) x += 1n;
  return x;
}
