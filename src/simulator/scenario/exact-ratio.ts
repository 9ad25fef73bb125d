/**
 * Exact rationals for choosing scenario amounts: a decimal text (Binance closes use exponents, `2.965e-05`) as
 * `n / 10^k`, products of them, and the one rounding rule the scenario uses (half up, on positive values).
 */
export interface Ratio {
  readonly n: bigint;
  readonly d: bigint;
}

const DECIMAL_RE = /^(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

export function ratio(text: string): Ratio {
  const m = DECIMAL_RE.exec(text.trim());
  if (m === null) throw new RangeError(`not a non-negative decimal: ${JSON.stringify(text)}`);
  const [, int = '0', frac = '', exp = '0'] = m;
  const shift = Number(exp) - frac.length;
  const n = BigInt(int + frac);
  return shift >= 0 ? { n: n * 10n ** BigInt(shift), d: 1n } : { n, d: 10n ** BigInt(-shift) };
}

export const mulRatio = (a: Ratio, b: Ratio): Ratio => ({ n: a.n * b.n, d: a.d * b.d });
export const divRatio = (a: Ratio, b: Ratio): Ratio => ({ n: a.n * b.d, d: a.d * b.n });

/** `value × 10^decimals` rounded half up to an integer (base units). */
export function toBaseUnits(value: Ratio, decimals: number): bigint {
  const n = value.n * 10n ** BigInt(decimals);
  return (2n * n + value.d) / (2n * value.d);
}

/** The plain decimal text of a ratio whose denominator is a power of ten (CSV closes). */
export function plainDecimal(text: string): string {
  const r = ratio(text);
  const digits = r.d.toString().length - 1;
  const s = r.n.toString().padStart(digits + 1, '0');
  if (digits === 0) return s;
  const frac = s.slice(s.length - digits).replace(/0+$/, '');
  return frac === '' ? s.slice(0, s.length - digits) : `${s.slice(0, s.length - digits)}.${frac}`;
}
