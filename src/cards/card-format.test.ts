import { describe, expect, it } from 'vitest';
import { momentCardKey } from './moment-card-key.ts';
import {
  displaySymbol,
  formatDateUtc,
  formatPct,
  formatPrice,
  formatUsd,
  shortTxLink,
} from './card-format.ts';

describe('card text', () => {
  it('truncates dollars to the cent, never rounding up', () => {
    expect(formatUsd('1584.089999999999999999')).toBe('$1,584.08');
    expect(formatUsd('25')).toBe('$25.00');
    expect(formatUsd('1234567.891')).toBe('$1,234,567.89');
    expect(formatUsd('0.009')).toBe('$0.00');
  });

  it('formats ratios as truncated percentages from the exact string', () => {
    expect(formatPct('1.842199999', 'always')).toBe('+184.21%');
    expect(formatPct('-0.452399')).toBe('\u221245.23%');
    expect(formatPct('0.0099999')).toBe('0.99%');
    expect(formatPct('0.3')).toBe('30.00%');
    expect(formatPct('123.45678', 'always')).toBe('+12,345%');
    expect(formatPct('-0.00001')).toBe('0.00%');
  });

  it('formats prices with four significant digits', () => {
    expect(formatPrice('0.0000291873')).toBe('$0.00002918');
    expect(formatPrice('142.5678')).toBe('$142.56');
    expect(formatPrice('2.5419')).toBe('$2.541');
    expect(formatPrice('64123.9')).toBe('$64,123');
  });

  it('writes dates in UTC and short links', () => {
    expect(formatDateUtc(1708977600)).toBe('Feb 26, 2024 · 20:00 UTC');
    expect(shortTxLink('5h3kQw9xT2vLrPz8mN4b')).toBe('solscan.io/tx/5h3kQw9xT2vL…');
    expect(displaySymbol(null, 'DezXAZ8z7PnrnRJjz3wXBoRgixCa6xjnB7YaB1pPB263')).toBe('DezX…B263');
    expect(displaySymbol('AVERYVERYLONGSYMBOL', 'x')).toBe('AVERYVERYLO…');
  });
});

describe('momentCardKey', () => {
  it('keeps short ids readable and stores long ones under their hash, within a file name', () => {
    const short = 'W:s2e:sig:1:s2e@1';
    expect(momentCardKey(short)).toBe('cards/moments/W=3As2e=3Asig=3A1=3As2e=401.png');
    const long = `${'4'.repeat(44)}:idle_yield:${'5'.repeat(88)}:2>${'6'.repeat(88)}:0:idle_yield@1`;
    const key = momentCardKey(long, { theme: 'light', size: 'square' });
    expect(key).toMatch(/^cards\/moments\/h-[0-9a-f]{64}-light-square\.png$/);
    expect(key.split('/').at(-1)!.length).toBeLessThan(255);
    expect(momentCardKey(long)).not.toBe(momentCardKey(`${long}x`));
  });
});
