/**
 * pump.fun bonding-curve arithmetic (program as deployed through April 2025): a constant-product curve on
 * virtual reserves, starting at 30 SOL / 1,073,000,000 tokens (6 decimals) with 793,100,000 tokens for sale;
 * the curve completes when they are sold (≈ 85 SOL of real reserves). Integer arithmetic exactly as the
 * program rounds, so the reserves in every TradeEvent keep virtualSol × virtualToken from ever decreasing.
 */
export interface CurveReserves {
  readonly virtualSol: bigint;
  readonly virtualToken: bigint;
  readonly realSol: bigint;
  readonly realToken: bigint;
  readonly complete: boolean;
}

export const TOKEN_DECIMALS = 6;
export const TOKEN_TOTAL_SUPPLY = 1_000_000_000_000_000n;
/** Protocol fee: 100 basis points of the SOL side, paid to the fee recipient. */
export const FEE_BASIS_POINTS = 100n;

export function initialCurve(): CurveReserves {
  return {
    virtualSol: 30_000_000_000n,
    virtualToken: 1_073_000_000_000_000n,
    realSol: 0n,
    realToken: 793_100_000_000_000n,
    complete: false,
  };
}

/** The client's quote: tokens a SOL amount buys before fees, floor(sol·vt / (vs + sol)), capped at what is for sale. */
export function tokensForSol(c: CurveReserves, sol: bigint): bigint {
  const tokens = (sol * c.virtualToken) / (c.virtualSol + sol);
  return tokens < c.realToken ? tokens : c.realToken;
}

/** The program's `get_buy_price`: lamports to buy `tokens`, floor(tokens·vs / (vt − tokens)) + 1. */
export function buyCost(c: CurveReserves, tokens: bigint): bigint {
  return (tokens * c.virtualSol) / (c.virtualToken - tokens) + 1n;
}

/** The program's `get_sell_price`: lamports `tokens` fetch before the fee, floor(tokens·vs / (vt + tokens)). */
export function sellProceeds(c: CurveReserves, tokens: bigint): bigint {
  return (tokens * c.virtualSol) / (c.virtualToken + tokens);
}

/** A fee on the SOL side, rounded down (recorded 2024 sells); the May 2025 creator fee is charged the same way. */
export function tradeFee(sol: bigint, basisPoints: bigint = FEE_BASIS_POINTS): bigint {
  return (sol * basisPoints) / 10_000n;
}

export function applyBuy(c: CurveReserves, tokens: bigint, sol: bigint): CurveReserves {
  const realToken = c.realToken - tokens;
  return {
    virtualSol: c.virtualSol + sol,
    virtualToken: c.virtualToken - tokens,
    realSol: c.realSol + sol,
    realToken,
    complete: realToken === 0n,
  };
}

export function applySell(c: CurveReserves, tokens: bigint, sol: bigint): CurveReserves {
  return {
    virtualSol: c.virtualSol - sol,
    virtualToken: c.virtualToken + tokens,
    realSol: c.realSol - sol,
    realToken: c.realToken + tokens,
    complete: false,
  };
}
