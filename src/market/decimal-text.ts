/**
 * Number text from the outside world (a JSON number token, a CSV cell) → a plain decimal string
 * (`-?\d+(\.\d+)?`, no exponent, no redundant zeros), digit for digit, without ever going through a float.
 * `2.965e-05` → `0.00002965`, `147.480` → `147.48`, `-0.003` → `-0.003`.
 */
const NUMBER_TEXT_RE = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** Exponents beyond this are not prices; refusing them keeps `1e999999999` from allocating a huge string. */
const MAX_EXPONENT = 400;

export function toPlainDecimal(text: string): string | null {
  const m = NUMBER_TEXT_RE.exec(text);
  if (m === null) return null;
  const [, sign = '', intPart = '', fracPart = '', expText] = m;
  const exponent = expText === undefined ? 0 : Number.parseInt(expText, 10);
  if (Math.abs(exponent) > MAX_EXPONENT) return null;
  const digits = intPart + fracPart;
  // Position of the decimal point within `digits` after applying the exponent.
  const point = intPart.length + exponent;
  let whole: string;
  let frac: string;
  if (point <= 0) {
    whole = '0';
    frac = '0'.repeat(-point) + digits;
  } else if (point >= digits.length) {
    whole = digits + '0'.repeat(point - digits.length);
    frac = '';
  } else {
    whole = digits.slice(0, point);
    frac = digits.slice(point);
  }
  whole = whole.replace(/^0+(?=\d)/, '');
  frac = frac.replace(/0+$/, '');
  const isZero = /^0*$/.test(whole + frac);
  return `${isZero ? '' : sign}${whole}${frac === '' ? '' : `.${frac}`}`;
}
