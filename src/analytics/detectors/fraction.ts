/**
 * Exact rationals over bigint for detector maths: thresholds are compared on the exact value (no rounding can
 * push a moment across a boundary), and only the reported strings are truncated to 18 digits toward zero.
 */
import { USD_SCALE, fromScaled, toScaled } from '../../domain/decimal.ts';

/** `n / d` with `d > 0`. */
export interface Fraction {
  readonly n: bigint;
  readonly d: bigint;
}

const ONE_SCALED = 10n ** BigInt(USD_SCALE);

export function frac(n: bigint, d: bigint = 1n): Fraction {
  if (d === 0n) throw new RangeError('fraction with a zero denominator');
  return d < 0n ? { n: -n, d: -d } : { n, d };
}

export function fromDecimal(s: string): Fraction {
  return { n: toScaled(s, USD_SCALE), d: ONE_SCALED };
}

/** `amountRaw` base units as whole tokens. */
export function fromUnits(amountRaw: bigint, decimals: number): Fraction {
  return { n: amountRaw, d: 10n ** BigInt(decimals) };
}

export const add = (a: Fraction, b: Fraction): Fraction => frac(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Fraction, b: Fraction): Fraction => frac(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Fraction, b: Fraction): Fraction => frac(a.n * b.n, a.d * b.d);
export const div = (a: Fraction, b: Fraction): Fraction => frac(a.n * b.d, a.d * b.n);

export function cmp(a: Fraction, b: Fraction): -1 | 0 | 1 {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
}

export function abs(a: Fraction): Fraction {
  return a.n < 0n ? { n: -a.n, d: a.d } : a;
}

export function clamp01(a: Fraction): Fraction {
  if (a.n <= 0n) return frac(0n);
  return cmp(a, frac(1n)) > 0 ? frac(1n) : a;
}

/** Decimal string with up to 18 fractional digits, truncated toward zero (the NUMERIC(38,18) rule). */
export function toDecimal(a: Fraction): string {
  return fromScaled((a.n * ONE_SCALED) / a.d, USD_SCALE);
}
