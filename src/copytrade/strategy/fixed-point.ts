/**
 * Fixed-point maths on the NUMERIC(38,18) grid: prices, PnL and config fractions are decimal strings read as
 * integers scaled by 10^18 (extra digits truncated, the database rule). Every trigger compares exact products of
 * these integers, so no rounding can move a decision across a threshold. No `number` touches a price.
 */
import { USD_SCALE, fromScaled, isDecimalString, toScaled } from '../../domain/decimal.ts';

/** 1.0 on the 10^18 grid. */
export const ONE = 10n ** BigInt(USD_SCALE);

export function isDecimal(s: string): boolean {
  return isDecimalString(s);
}

/** Decimal string → integer scaled by 10^18. */
export function parseFixed(s: string): bigint {
  return toScaled(s, USD_SCALE);
}

/** Integer scaled by 10^18 → decimal string without trailing zeros. */
export function formatFixed(v: bigint): string {
  return fromScaled(v, USD_SCALE);
}

/** `floor(a × b / ONE)` for a, b ≥ 0: a price times a factor, kept on the grid by rounding down. */
export function mulFixedFloor(a: bigint, b: bigint): bigint {
  return (a * b) / ONE;
}

/** `n / d` on the grid, truncated toward zero (d ≠ 0); for reporting ratios, never for deciding. */
export function ratioFixed(n: bigint, d: bigint): bigint {
  return (n * ONE) / d;
}
