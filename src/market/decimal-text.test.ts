import { describe, expect, it } from 'vitest';
import { toPlainDecimal } from './decimal-text.ts';

describe('toPlainDecimal', () => {
  it('expands exponents digit for digit (BONK closes are written 2.965e-05 in the Binance CSV)', () => {
    expect(toPlainDecimal('2.965e-05')).toBe('0.00002965');
    expect(toPlainDecimal('1.5E+3')).toBe('1500');
    expect(toPlainDecimal('147.480')).toBe('147.48');
    expect(toPlainDecimal('-0.003')).toBe('-0.003');
    expect(toPlainDecimal('268587381.0')).toBe('268587381');
    expect(toPlainDecimal('0.000012345678901234567891')).toBe('0.000012345678901234567891');
    expect(toPlainDecimal('-0.0')).toBe('0');
  });

  it('refuses what is not a number and absurd exponents', () => {
    for (const bad of ['', 'abc', '1.', '.5', '1e', 'NaN', '0x10', '1e999999999'])
      expect(toPlainDecimal(bad)).toBeNull();
  });
});
