import { fromScaled } from '../../domain/decimal.ts';
import {
  applyBuy,
  applySell,
  buyCost,
  initialCurve,
  sellProceeds,
  tokensForSol,
  tradeFee,
  TOKEN_DECIMALS,
  TOKEN_TOTAL_SUPPLY,
  type CurveReserves,
} from './bonding-curve-math.ts';
import { baseOutForQuote, poolBuy, poolSell, type PoolFees } from './pool-math.ts';

/**
 * Quotes with fees on the Pump.fun curve and on a constant-product AMM pool (PumpSwap), for cost estimates and
 * backtest fills: the same integer arithmetic the simulator uses to write its transactions. Pure: fees come in
 * as basis points (from `fee_policies`), every amount is base units.
 */
export interface CurveFees {
  /** Protocol fee on the SOL side (100 through April 2025, 95 after the creator-fee upgrade). */
  readonly protocolFeeBps: bigint;
  /** Coin-creator fee on the SOL side (0 before May 2025, then 5). */
  readonly creatorFeeBps: bigint;
}

export interface CurveBuyQuote {
  readonly tokensOut: bigint;
  /** Lamports that enter the curve (the TradeEvent's solAmount). */
  readonly solToCurve: bigint;
  readonly protocolFee: bigint;
  readonly creatorFee: bigint;
  /** Everything the buyer pays: solToCurve + fees (never above the budget). */
  readonly totalSolIn: bigint;
  readonly after: CurveReserves;
}

/** The most tokens `budgetLamports` buys on the curve, fees included, as the program prices and rounds them. */
export function quoteCurveBuy(curve: CurveReserves, budgetLamports: bigint, fees: CurveFees): CurveBuyQuote {
  const feeBps = fees.protocolFeeBps + fees.creatorFeeBps;
  let net = (budgetLamports * 10_000n) / (10_000n + feeBps);
  for (;;) {
    const tokens = net <= 0n || curve.complete ? 0n : tokensForSol(curve, net);
    const solToCurve = tokens === 0n ? 0n : buyCost(curve, tokens);
    const protocolFee = tradeFee(solToCurve, fees.protocolFeeBps);
    const creatorFee = tradeFee(solToCurve, fees.creatorFeeBps);
    const totalSolIn = solToCurve + protocolFee + creatorFee;
    // buyCost rounds up by one lamport; step the budget down until the total fits.
    if (totalSolIn <= budgetLamports || tokens === 0n) {
      return {
        tokensOut: tokens,
        solToCurve,
        protocolFee,
        creatorFee,
        totalSolIn,
        after: tokens === 0n ? curve : applyBuy(curve, tokens, solToCurve),
      };
    }
    net -= totalSolIn - budgetLamports;
  }
}

export interface CurveSellQuote {
  /** Lamports the curve pays out before fees (the TradeEvent's solAmount). */
  readonly solFromCurve: bigint;
  readonly protocolFee: bigint;
  readonly creatorFee: bigint;
  /** What the seller receives. */
  readonly solOut: bigint;
  readonly after: CurveReserves;
}

export function quoteCurveSell(curve: CurveReserves, tokensIn: bigint, fees: CurveFees): CurveSellQuote {
  const solFromCurve = curve.complete || tokensIn <= 0n ? 0n : sellProceeds(curve, tokensIn);
  const protocolFee = tradeFee(solFromCurve, fees.protocolFeeBps);
  const creatorFee = tradeFee(solFromCurve, fees.creatorFeeBps);
  return {
    solFromCurve,
    protocolFee,
    creatorFee,
    solOut: solFromCurve - protocolFee - creatorFee,
    after: solFromCurve === 0n ? curve : applySell(curve, tokensIn, solFromCurve),
  };
}

export interface PoolReserves {
  /** The launched token. */
  readonly base: bigint;
  /** SOL (WSOL), lamports. */
  readonly quote: bigint;
}

export interface AmmBuyQuote {
  readonly tokensOut: bigint;
  readonly totalSolIn: bigint;
  readonly lpFee: bigint;
  readonly protocolFee: bigint;
  readonly creatorFee: bigint;
  readonly after: PoolReserves;
}

export function quoteAmmBuy(pool: PoolReserves, budgetLamports: bigint, fees: PoolFees): AmmBuyQuote {
  const tokensOut = baseOutForQuote(pool.base, pool.quote, budgetLamports, fees);
  if (tokensOut <= 0n) {
    return { tokensOut: 0n, totalSolIn: 0n, lpFee: 0n, protocolFee: 0n, creatorFee: 0n, after: pool };
  }
  const q = poolBuy(pool.base, pool.quote, tokensOut, fees);
  return {
    tokensOut,
    totalSolIn: q.userQuoteAmountIn,
    lpFee: q.lpFee,
    protocolFee: q.protocolFee,
    creatorFee: q.creatorFee,
    // The LP fee stays in the pool; the protocol and creator fees go to their own accounts.
    after: { base: pool.base - tokensOut, quote: pool.quote + q.quoteAmountInWithLpFee },
  };
}

export interface AmmSellQuote {
  readonly solOut: bigint;
  readonly lpFee: bigint;
  readonly protocolFee: bigint;
  readonly creatorFee: bigint;
  readonly after: PoolReserves;
}

export function quoteAmmSell(pool: PoolReserves, tokensIn: bigint, fees: PoolFees): AmmSellQuote {
  if (tokensIn <= 0n) return { solOut: 0n, lpFee: 0n, protocolFee: 0n, creatorFee: 0n, after: pool };
  const q = poolSell(pool.base, pool.quote, tokensIn, fees);
  return {
    solOut: q.userQuoteAmountOut,
    lpFee: q.lpFee,
    protocolFee: q.protocolFee,
    creatorFee: q.creatorFee,
    after: { base: pool.base + tokensIn, quote: pool.quote - q.quoteAmountOutWithoutLpFee },
  };
}

const PRICE_SCALE = 18;
const LAMPORTS_DECIMALS = 9;

/** SOL per whole token for reserves of `sol` lamports against `tokens` base units, 18 digits, truncated. */
export function priceSol(
  solLamports: bigint,
  tokenBaseUnits: bigint,
  tokenDecimals = TOKEN_DECIMALS,
): string {
  if (tokenBaseUnits <= 0n) return '0';
  const scaled =
    (solLamports * 10n ** BigInt(PRICE_SCALE + tokenDecimals)) /
    (tokenBaseUnits * 10n ** BigInt(LAMPORTS_DECIMALS));
  return fromScaled(scaled, PRICE_SCALE);
}

/** The marginal price of the curve: virtual SOL over virtual tokens. */
export const curvePriceSol = (c: CurveReserves): string => priceSol(c.virtualSol, c.virtualToken);

/** Share of the tokens for sale already sold, percent (0–100), 18 digits. */
export function curveSoldPct(c: CurveReserves, initialRealToken: bigint = initialCurve().realToken): string {
  if (initialRealToken <= 0n) return '0';
  const sold = initialRealToken - c.realToken;
  return fromScaled((sold * 100n * 10n ** BigInt(PRICE_SCALE)) / initialRealToken, PRICE_SCALE);
}

/** Market cap in SOL: the curve price × the total supply (virtual SOL × supply / virtual tokens). */
export function curveMarketCapSol(c: CurveReserves, totalSupply: bigint = TOKEN_TOTAL_SUPPLY): string {
  if (c.virtualToken <= 0n) return '0';
  const scaled = (c.virtualSol * totalSupply * 10n ** BigInt(PRICE_SCALE)) / (c.virtualToken * 10n ** 9n);
  return fromScaled(scaled, PRICE_SCALE);
}
