/**
 * Exact decimal arithmetic on strings and bigints for money: no `number` ever touches an amount.
 * A decimal string is `-?\d+(\.\d+)?`. Results carry up to 18 fractional digits (NUMERIC(38,18)), truncated
 * toward zero — the same rule the database applies on insert.
 */
const DECIMAL_RE = /^-?\d+(\.\d+)?$/;
export const USD_SCALE = 18;

export function isDecimalString(s: string): boolean {
  return DECIMAL_RE.test(s);
}

/** Parse a decimal string into an integer scaled by 10^scale (truncating extra digits). */
export function toScaled(s: string, scale: number): bigint {
  if (!DECIMAL_RE.test(s)) throw new RangeError(`not a decimal number: ${JSON.stringify(s)}`);
  const negative = s.startsWith('-');
  const [intPart = '0', frac = ''] = (negative ? s.slice(1) : s).split('.');
  const digits = BigInt(intPart + frac.padEnd(scale, '0').slice(0, scale));
  return negative ? -digits : digits;
}

/** Format an integer scaled by 10^scale as a decimal string without trailing zeros. */
export function fromScaled(value: bigint, scale: number): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const s = abs.toString().padStart(scale + 1, '0');
  const intPart = s.slice(0, s.length - scale);
  const frac = s.slice(s.length - scale).replace(/0+$/, '');
  return `${negative ? '-' : ''}${intPart}${frac ? `.${frac}` : ''}`;
}

/** Base units → whole-token decimal string, exact (`formatUnits(1500000n, 6) === '1.5'`). */
export function formatUnits(amountRaw: bigint, decimals: number): string {
  return fromScaled(amountRaw, decimals);
}

/** `amountRaw / 10^decimals × priceUsd`, exact up to 18 fractional digits. */
export function valueUsd(amountRaw: bigint, decimals: number, priceUsd: string): string {
  const price = toScaled(priceUsd, USD_SCALE);
  return fromScaled((amountRaw * price) / 10n ** BigInt(decimals), USD_SCALE);
}
