import { describe, expect, it } from 'vitest';
import { compareDecimal, formatPct, formatPrice, formatUsd, fromBaseUnits, parseDecimal } from './decimal.ts';
import { groupEpisodes } from './episodes.ts';
import type { Action } from './schemas.ts';

describe('exact decimal display', () => {
  it('truncates money toward zero and groups thousands', () => {
    expect(formatUsd('1699.246799098323160799')).toBe('$1,699.24');
    expect(formatUsd('-799.000851025851867477')).toBe('−$799.00');
    expect(formatUsd('-0.001')).toBe('$0.00');
    expect(formatUsd('1234567.999')).toBe('$1,234,567.99');
    expect(formatUsd(null)).toBe('—');
    expect(formatUsd('abc')).toBe('—');
  });
  it('shows fractions as percentages and sub-cent prices with significant digits', () => {
    expect(formatPct('0.900155511052646012')).toBe('90.0%');
    expect(formatPct('-0.880235')).toBe('−88.0%');
    expect(formatPct('9.98')).toBe('998.0%');
    expect(formatPrice('0.000017438101193024')).toBe('$0.0000174');
    expect(formatPrice('2.5')).toBe('$2.5000');
  });
  it('compares beyond float precision', () => {
    expect(compareDecimal('0.100000000000000001', '0.1')).toBe(1);
    expect(compareDecimal('-2', '1')).toBe(-1);
    expect(parseDecimal('12345678901234567890.5')).toBe(12345678901234567890_500000000000000000n);
  });
  it('converts base units', () => {
    expect(fromBaseUnits('152376717633', 6)).toBe('152376.717633');
    expect(fromBaseUnits('5', 9)).toBe('0.000000005');
    expect(fromBaseUnits('7', 0)).toBe('7');
  });
});

const SOL = 'So11111111111111111111111111111111111111112';
function swap(t: number, side: 'buy' | 'sell', mint: string, qty: string, usd: string): Action {
  const token = { mint, amount: qty, decimals: 6 };
  const quote = { mint: SOL, amount: '1000', decimals: 9 };
  const [inLeg, outLeg] = side === 'buy' ? [quote, token] : [token, quote];
  return {
    signature: `sig${t}`,
    index: 0,
    blockTime: t,
    kind: 'swap',
    mintIn: inLeg.mint,
    amountIn: inLeg.amount,
    decimalsIn: inLeg.decimals,
    mintOut: outLeg.mint,
    amountOut: outLeg.amount,
    decimalsOut: outLeg.decimals,
    side,
    venue: 'pumpfun',
    usdIn: side === 'buy' ? usd : null,
    usdOut: side === 'sell' ? usd : null,
  };
}

describe('episodes per token', () => {
  it('closes an episode when the swapped quantity is back to zero and keeps the rest open', () => {
    const tokens = groupEpisodes([
      swap(30, 'sell', 'MintA', '60', '9'),
      swap(10, 'buy', 'MintA', '100', '5'),
      swap(20, 'sell', 'MintA', '40', '3'),
      swap(40, 'buy', 'MintA', '10', '1'),
      swap(15, 'buy', 'MintB', '5', '2'),
      { ...swap(50, 'buy', 'MintB', '5', '2'), kind: 'transfer_in' },
    ]);
    expect(
      tokens.map((t) => [t.mint, t.trades, t.episodes.map((e) => [e.trades.map((x) => x.t), e.open])]),
    ).toEqual([
      [
        'MintA',
        4,
        [
          [[10, 20, 30], false],
          [[40], true],
        ],
      ],
      ['MintB', 1, [[[15], true]]],
    ]);
  });
});
