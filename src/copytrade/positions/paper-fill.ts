/**
 * Paper fills: what a swap would have executed at, from a quote, modelled slippage and fees. Exact decimals on
 * the 10^18 grid; every rounding goes against us (buy price and costs up, sell price and proceeds down), so a
 * simulation never looks better than the trade it stands for.
 *
 * Slippage fraction = `slippageBps / 10 000` + (optionally) `sizeImpact.factor × notional at quote / liquidity`:
 * a constant-product pool moves its price roughly in proportion to the trade's share of the pool, `factor` tunes
 * how much. A modelled slippage above `maxSlippageBps` fails the fill, as a live swap fails its slippage check.
 */
import { SOL_DECIMALS } from '../../domain/mints.ts';
import { ONE, formatFixed } from '../strategy/fixed-point.ts';
import type { Fill, FillSide } from './fill.ts';
import { PositionError } from './position-error.ts';
import { BPS, assertDecimals, ceilDiv, readUsd, valueCeil, valueFloor } from './usd-grid.ts';

export interface PaperFillConfig {
  /** Base slippage, integer bps ≥ 0. */
  readonly slippageBps: number;
  /** Extra slippage proportional to size over liquidity; null: size does not matter. */
  readonly sizeImpact: { readonly factor: string } | null;
  /** Above this the fill fails (a live swap's slippage tolerance); integer bps, 0 ≤ x < 10 000. */
  readonly maxSlippageBps: number;
  /** Swap fee on the notional (DEX + aggregator), integer bps ≥ 0. */
  readonly feeBps: number;
  /** Network fee per swap (base + priority), lamports ≥ 0. */
  readonly networkFeeLamports: bigint;
}

/**
 * Defaults: 1 % base slippage, impact = size / liquidity, 5 % tolerance, 0.25 % fee, 0.000105 SOL network fee
 * (5 000 lamports signature fee + 100 000 lamports of priority fee, a typical Jupiter swap on a busy slot).
 */
export const DEFAULT_PAPER_FILL_CONFIG: PaperFillConfig = {
  slippageBps: 100,
  sizeImpact: { factor: '1' },
  maxSlippageBps: 500,
  feeBps: 25,
  networkFeeLamports: 105_000n,
};

export interface PaperFillRequest {
  readonly side: FillSide;
  readonly qtyRaw: bigint;
  readonly decimals: number;
  /** USD per whole token. */
  readonly quotePriceUsd: string;
  /** USD per SOL, to value the network fee. */
  readonly solPriceUsd: string;
  /** Pool liquidity in USD; needed when `sizeImpact` is set (null there: the fill fails closed). */
  readonly liquidityUsd: string | null;
  readonly atMs: number;
}

export type PaperFillResult =
  | { readonly ok: true; readonly fill: Fill }
  | {
      readonly ok: false;
      readonly reason: 'SLIPPAGE_EXCEEDED' | 'LIQUIDITY_UNKNOWN';
      /** Modelled slippage, bps (decimal string), when it could be computed. */
      readonly slippageBps: string | null;
    };

function bps(n: number, what: string, max: number | null = null): bigint {
  if (!Number.isSafeInteger(n) || n < 0 || (max !== null && n >= max)) {
    const range = max === null ? '≥ 0' : `0 ≤ x < ${max}`;
    throw new PositionError('PAPER_FILL_CONFIG_INVALID', `${what} must be an integer ${range}, got ${n}`);
  }
  return BigInt(n);
}

/** Validates the settings; throws `PAPER_FILL_CONFIG_INVALID`. */
export function assertPaperFillConfig(c: PaperFillConfig): void {
  bps(c.slippageBps, 'slippageBps');
  bps(c.maxSlippageBps, 'maxSlippageBps', 10_000);
  bps(c.feeBps, 'feeBps', 10_000);
  if (c.networkFeeLamports < 0n) {
    throw new PositionError('PAPER_FILL_CONFIG_INVALID', 'networkFeeLamports must be ≥ 0');
  }
  if (c.sizeImpact) {
    try {
      readUsd(c.sizeImpact.factor, 'sizeImpact.factor');
    } catch (cause) {
      throw new PositionError(
        'PAPER_FILL_CONFIG_INVALID',
        'sizeImpact.factor must be a decimal ≥ 0',
        {},
        { cause },
      );
    }
  }
}

/** The modelled slippage of a fill as a fraction on the grid (rounded up: against us). */
export function modelledSlippage(
  c: PaperFillConfig,
  notionalAtQuote: bigint,
  liquidity: bigint | null,
): bigint | null {
  let fraction = (BigInt(c.slippageBps) * ONE) / BPS;
  if (c.sizeImpact) {
    if (liquidity === null || liquidity <= 0n) return null;
    fraction += ceilDiv(readUsd(c.sizeImpact.factor, 'sizeImpact.factor') * notionalAtQuote, liquidity);
  }
  return fraction;
}

/** A paper fill of `qtyRaw` at the quote with the modelled slippage and fees, or why it would not fill. */
export function paperFill(c: PaperFillConfig, r: PaperFillRequest): PaperFillResult {
  assertPaperFillConfig(c);
  assertDecimals(r.decimals);
  if (r.qtyRaw <= 0n)
    throw new PositionError('POSITION_INPUT_INVALID', `fill size must be > 0, got ${r.qtyRaw}`);
  const quote = readUsd(r.quotePriceUsd, 'quote price', true);
  const solPrice = readUsd(r.solPriceUsd, 'SOL price', true);
  const liquidity = r.liquidityUsd === null ? null : readUsd(r.liquidityUsd, 'liquidity');
  const slip = modelledSlippage(c, valueFloor(r.qtyRaw, quote, r.decimals), liquidity);
  if (slip === null) return { ok: false, reason: 'LIQUIDITY_UNKNOWN', slippageBps: null };
  if (slip * BPS > BigInt(c.maxSlippageBps) * ONE) {
    return { ok: false, reason: 'SLIPPAGE_EXCEEDED', slippageBps: formatFixed(slip * BPS) };
  }
  const buy = r.side === 'buy';
  // Buy: quote × (1 + s) rounded up; sell: quote × (1 − s) rounded down (s < 1 by the tolerance check).
  const price = buy ? ceilDiv(quote * (ONE + slip), ONE) : (quote * (ONE - slip)) / ONE;
  const notional = buy ? valueCeil(r.qtyRaw, price, r.decimals) : valueFloor(r.qtyRaw, price, r.decimals);
  const swapFee = ceilDiv(notional * BigInt(c.feeBps), BPS);
  const networkFee = valueCeil(c.networkFeeLamports, solPrice, SOL_DECIMALS);
  const slippage = buy
    ? notional - valueFloor(r.qtyRaw, quote, r.decimals)
    : valueCeil(r.qtyRaw, quote, r.decimals) - notional;
  return {
    ok: true,
    fill: {
      side: r.side,
      source: 'paper',
      qtyRaw: r.qtyRaw,
      quotePriceUsd: formatFixed(quote),
      priceUsd: formatFixed(price),
      notionalUsd: formatFixed(notional),
      swapFeeUsd: formatFixed(swapFee),
      networkFeeUsd: formatFixed(networkFee),
      feesUsd: formatFixed(swapFee + networkFee),
      slippageUsd: formatFixed(slippage),
      atMs: r.atMs,
    },
  };
}
