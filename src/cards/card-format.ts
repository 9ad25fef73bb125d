import { toScaled } from '../domain/decimal.ts';

/**
 * Text of a card, formatted from the exact decimal strings of the moment: no float ever touches a displayed
 * number, and every figure is truncated toward zero (a card never shows more than the data says).
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
/** U+2212: the typographic minus (Inter has it; a hyphen looks too short next to big digits). */
export const MINUS = '\u2212';

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `"1584.0899"` → `"$1,584.08"`; the sign is dropped (the caption says missed / lost). */
export function formatUsd(decimal: string): string {
  const cents = toScaled(decimal.replace(/^-/, ''), 2);
  const whole = groupThousands((cents / 100n).toString());
  return `$${whole}.${(cents % 100n).toString().padStart(2, '0')}`;
}

/**
 * A ratio as a percentage, truncated: `"1.84219"` → `"184.21%"`, `"-0.45239"` → `"−45.23%"`. From 1,000%
 * the decimals are dropped (`"+12,345%"`): they add noise, not information. `sign: 'always'` writes `+`.
 */
export function formatPct(ratio: string, sign: 'always' | 'negative' = 'negative'): string {
  const negative = ratio.startsWith('-');
  const basisPoints = toScaled(ratio.replace(/^-/, ''), 4); // ratio × 10^4 = percent × 100
  const whole = basisPoints / 100n;
  const text =
    whole >= 1000n
      ? `${groupThousands(whole.toString())}%`
      : `${whole.toString()}.${(basisPoints % 100n).toString().padStart(2, '0')}%`;
  const prefix = negative && basisPoints !== 0n ? MINUS : sign === 'always' ? '+' : '';
  return `${prefix}${text}`;
}

/** `1710406800` → `"Mar 14, 2024 · 09:00 UTC"`. */
export function formatDateUtc(unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000);
  const hh = d.getUTCHours().toString().padStart(2, '0');
  const mm = d.getUTCMinutes().toString().padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()] ?? ''} ${d.getUTCDate()}, ${d.getUTCFullYear()} · ${hh}:${mm} UTC`;
}

/** `1710406800` → `"Mar 14"` (marker labels). */
export function formatShortDateUtc(unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000);
  return `${MONTHS[d.getUTCMonth()] ?? ''} ${d.getUTCDate()}`;
}

/**
 * A token price with four significant digits, truncated: `"0.0000291873"` → `"$0.00002918"`,
 * `"142.5678"` → `"$142.56"`, `"1.4255"` → `"$1.425"`.
 */
export function formatPrice(decimal: string): string {
  const [intPart = '0', frac = ''] = decimal.replace(/^-/, '').split('.');
  const int = BigInt(intPart);
  if (int >= 1000n) return `$${groupThousands(int.toString())}`;
  if (int >= 1n) return `$${int.toString()}.${frac.padEnd(2, '0').slice(0, Math.max(2, 4 - intPart.length))}`;
  const zeros = /^0*/.exec(frac)?.[0].length ?? 0;
  if (zeros >= frac.length) return '$0';
  return `$0.${frac.slice(0, zeros + 4)}`;
}

/** `solscan.io/tx/5h3kQw9x…`: a link that reads on a card; the full signature is in the moment's JSON. */
export function shortTxLink(signature: string): string {
  return `solscan.io/tx/${signature.length > 12 ? `${signature.slice(0, 12)}…` : signature}`;
}

/** Symbols come from token metadata (anyone can mint `$$$$$$$$$$$$$$`): cap the length. */
export function displaySymbol(symbol: string | null, mint: string): string {
  const s = (symbol ?? '').trim();
  if (s === '') return `${mint.slice(0, 4)}…${mint.slice(-4)}`;
  return s.length > 12 ? `${s.slice(0, 11)}…` : s;
}
