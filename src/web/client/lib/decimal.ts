/**
 * Display of the API's exact decimal strings without JS numbers: values are parsed into bigint at 18
 * fractional digits, compared exactly, and shown truncated toward zero (money never rounds up).
 */
const SCALE = 18;
const TEN = 10n;
const ONE = TEN ** BigInt(SCALE);

/** The decimal string as an integer of 10^-18 units; null when it is not a decimal. */
export function parseDecimal(text: string): bigint | null {
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (m === null) return null;
  const frac = (m[3] ?? '').slice(0, SCALE).padEnd(SCALE, '0');
  const v = BigInt(m[2] ?? '0') * ONE + BigInt(frac);
  return m[1] === '-' ? -v : v;
}

export function compareDecimal(a: string, b: string): number {
  const x = parseDecimal(a) ?? 0n;
  const y = parseDecimal(b) ?? 0n;
  return x < y ? -1 : x > y ? 1 : 0;
}

function group(int: string): string {
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `value` (10^-18 units) with `digits` fractional digits, truncated toward zero, grouped thousands. */
function show(value: bigint, digits: number): { sign: '' | '−'; body: string } {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const int = abs / ONE;
  const frac = (abs % ONE).toString().padStart(SCALE, '0').slice(0, digits);
  const isZero = int === 0n && /^0*$/.test(frac);
  return {
    sign: negative && !isZero ? '−' : '',
    body: digits > 0 ? `${group(int.toString())}.${frac}` : group(int.toString()),
  };
}

/** `$1,699.24`, `−$799.00`; `—` for null or a non-decimal. */
export function formatUsd(text: string | null | undefined, digits = 2): string {
  if (text === null || text === undefined) return '—';
  const v = parseDecimal(text);
  if (v === null) return '—';
  const { sign, body } = show(v, digits);
  return `${sign}$${body}`;
}

/** A fraction (`0.9001`) as a percentage (`90.0%`). */
export function formatPct(text: string | null | undefined, digits = 1): string {
  if (text === null || text === undefined) return '—';
  const v = parseDecimal(text);
  if (v === null) return '—';
  const { sign, body } = show(v * 100n, digits);
  return `${sign}${body}%`;
}

/** A plain decimal with `digits` fractional digits (token quantities, prices). */
export function formatDecimal(text: string | null | undefined, digits = 4): string {
  if (text === null || text === undefined) return '—';
  const v = parseDecimal(text);
  if (v === null) return '—';
  const { sign, body } = show(v, digits);
  return `${sign}${body}`;
}

/** A price: significant digits kept for sub-cent tokens (`0.0000089`). */
export function formatPrice(text: string | null | undefined): string {
  if (text === null || text === undefined) return '—';
  const v = parseDecimal(text);
  if (v === null) return '—';
  const abs = v < 0n ? -v : v;
  if (abs >= ONE) return formatUsd(text, 4);
  const frac = abs.toString().padStart(SCALE, '0');
  const firstSignificant = frac.search(/[1-9]/);
  const digits = Math.min(SCALE, firstSignificant < 0 ? 2 : firstSignificant + 3);
  return formatUsd(text, digits);
}

/** Sign of a decimal: -1, 0 or 1. */
export function signOf(text: string | null | undefined): number {
  const v = text === null || text === undefined ? null : parseDecimal(text);
  return v === null || v === 0n ? 0 : v < 0n ? -1 : 1;
}

/** Base units (`amountRaw`, `decimals`) as a decimal string. */
export function fromBaseUnits(raw: string, decimals: number): string {
  const negative = raw.startsWith('-');
  const digits = (negative ? raw.slice(1) : raw).padStart(decimals + 1, '0');
  const int = digits.slice(0, digits.length - decimals);
  const frac = digits.slice(digits.length - decimals);
  return `${negative ? '-' : ''}${int}${decimals > 0 ? `.${frac}` : ''}`;
}
