/**
 * PumpSwap constant-product arithmetic at its March 2025 launch: LP fee 20 bps (stays in the pool) and protocol
 * fee 5 bps, both rounded up, on the quote (WSOL) side. Checked against the recorded BuyEvent of
 * jiangxiaop-solana-swap-scan pumpswap-create.json (quote_amount_in = ceil(Q·out / (B − out))).
 */
export const LP_FEE_BPS = 20n;
export const PROTOCOL_FEE_BPS = 5n;

const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;

export interface PoolBuy {
  readonly quoteAmountIn: bigint;
  readonly lpFee: bigint;
  readonly protocolFee: bigint;
  /** What the pool vault receives: quote_amount_in + lp_fee. */
  readonly quoteAmountInWithLpFee: bigint;
  /** What leaves the user's quote account: the above plus the protocol fee. */
  readonly userQuoteAmountIn: bigint;
}

export function poolBuy(baseReserve: bigint, quoteReserve: bigint, baseOut: bigint): PoolBuy {
  const quoteAmountIn = ceilDiv(quoteReserve * baseOut, baseReserve - baseOut);
  const lpFee = ceilDiv(quoteAmountIn * LP_FEE_BPS, 10_000n);
  const protocolFee = ceilDiv(quoteAmountIn * PROTOCOL_FEE_BPS, 10_000n);
  const quoteAmountInWithLpFee = quoteAmountIn + lpFee;
  return {
    quoteAmountIn,
    lpFee,
    protocolFee,
    quoteAmountInWithLpFee,
    userQuoteAmountIn: quoteAmountInWithLpFee + protocolFee,
  };
}

/** Base tokens a quote budget buys (the client's quote): the largest output whose total cost fits the budget. */
export function baseOutForQuote(baseReserve: bigint, quoteReserve: bigint, budget: bigint): bigint {
  const net = (budget * 10_000n) / (10_000n + LP_FEE_BPS + PROTOCOL_FEE_BPS);
  let out = (baseReserve * net) / (quoteReserve + net);
  while (out > 0n && poolBuy(baseReserve, quoteReserve, out).userQuoteAmountIn > budget)
    out -= out / 100_000n + 1n;
  return out;
}

export interface PoolSell {
  readonly quoteAmountOut: bigint;
  readonly lpFee: bigint;
  readonly protocolFee: bigint;
  readonly quoteAmountOutWithoutLpFee: bigint;
  readonly userQuoteAmountOut: bigint;
}

export function poolSell(baseReserve: bigint, quoteReserve: bigint, baseIn: bigint): PoolSell {
  const quoteAmountOut = (quoteReserve * baseIn) / (baseReserve + baseIn);
  const lpFee = ceilDiv(quoteAmountOut * LP_FEE_BPS, 10_000n);
  const protocolFee = ceilDiv(quoteAmountOut * PROTOCOL_FEE_BPS, 10_000n);
  return {
    quoteAmountOut,
    lpFee,
    protocolFee,
    quoteAmountOutWithoutLpFee: quoteAmountOut - lpFee,
    userQuoteAmountOut: quoteAmountOut - lpFee - protocolFee,
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
