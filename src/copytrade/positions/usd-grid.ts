/**
 * USD amounts of this folder on the 10^18 grid (NUMERIC(38,18)), the strategy module's grid: prices are USD per
 * whole token, quantities base units (bigint). A token value is `qtyRaw × price / 10^decimals`; whichever way it
 * rounds is chosen by the caller so that every rounding goes against us (costs up, proceeds down).
 */
import { isDecimal, parseFixed } from '../strategy/fixed-point.ts';
import { PositionError } from './position-error.ts';

/** Basis points per 1: 10 000 bps = 100 %. */
export const BPS = 10_000n;

/** `ceil(n / d)` for n ≥ 0, d > 0. */
export function ceilDiv(n: bigint, d: bigint): bigint {
  return (n + d - 1n) / d;
}

/** Value on the grid of `qtyRaw` base units at `price` (grid), rounded down. */
export function valueFloor(qtyRaw: bigint, price: bigint, decimals: number): bigint {
  return (qtyRaw * price) / 10n ** BigInt(decimals);
}

/** Value on the grid of `qtyRaw` base units at `price` (grid), rounded up. */
export function valueCeil(qtyRaw: bigint, price: bigint, decimals: number): bigint {
  return ceilDiv(qtyRaw * price, 10n ** BigInt(decimals));
}

/** A decimal string ≥ 0 (or > 0 when `positive`) read on the grid; throws `POSITION_INPUT_INVALID`. */
export function readUsd(s: string, what: string, positive = false): bigint {
  if (!isDecimal(s)) {
    throw new PositionError(
      'POSITION_INPUT_INVALID',
      `${what} must be a decimal string, got ${JSON.stringify(s)}`,
    );
  }
  const v = parseFixed(s);
  if (v < 0n || (positive && v === 0n)) {
    throw new PositionError(
      'POSITION_INPUT_INVALID',
      `${what} must be ${positive ? '> 0' : '≥ 0'}, got ${s}`,
    );
  }
  return v;
}

/** Token decimals: an integer 0..18 (SPL mints use 0..9; 18 bounds the grid maths). */
export function assertDecimals(decimals: number): void {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 18) {
    throw new PositionError(
      'POSITION_INPUT_INVALID',
      `token decimals must be an integer 0..18, got ${decimals}`,
    );
  }
}

/** A signed decimal string (a PnL) read on the grid; throws `POSITION_INPUT_INVALID`. */
export function readSignedUsd(s: string, what: string): bigint {
  if (!isDecimal(s)) {
    throw new PositionError(
      'POSITION_INPUT_INVALID',
      `${what} must be a decimal string, got ${JSON.stringify(s)}`,
    );
  }
  return parseFixed(s);
}
