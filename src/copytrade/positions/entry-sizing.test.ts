import { describe, expect, test } from 'vitest';
import { sizeEntry, type SizingSettings } from './entry-sizing.ts';

const settings: SizingSettings = { capitalUsd: '10000', defaultAllocation: '0.02', minEntryUsd: '10' };

describe('sizeEntry', () => {
  test('capital × default allocation, converted at the quote and rounded down', () => {
    expect(sizeEntry(settings, { walletAllocation: null, quotePriceUsd: '0.003', decimals: 6 })).toEqual({
      ok: true,
      targetUsd: '200',
      allocation: '0.02',
      qtyRaw: 66_666_666_666n,
      notionalUsd: '199.999999998',
    });
  });

  test("the wallet's allocation overrides the default", () => {
    const s = sizeEntry(settings, { walletAllocation: '0.05', quotePriceUsd: '1', decimals: 0 });
    expect(s).toMatchObject({ ok: true, targetUsd: '500', allocation: '0.05', qtyRaw: 500n });
  });

  test('an entry worth exactly the minimum opens; below it is refused', () => {
    const at = { ...settings, capitalUsd: '500' }; // 2 % of 500 = 10
    expect(sizeEntry(at, { walletAllocation: null, quotePriceUsd: '1', decimals: 0 })).toMatchObject({
      ok: true,
      qtyRaw: 10n,
    });
    expect(
      sizeEntry({ ...at, capitalUsd: '499.99' }, { walletAllocation: null, quotePriceUsd: '1', decimals: 0 }),
    ).toEqual({
      ok: false,
      reason: 'BELOW_MINIMUM',
      targetUsd: '9.9998',
      notionalUsd: '9',
      minEntryUsd: '10',
    });
  });

  test('the floor to whole base units can take an entry under the minimum', () => {
    // $10 at $3 a unit buys 3 units = $9.
    const r = sizeEntry(
      { ...settings, capitalUsd: '500' },
      { walletAllocation: null, quotePriceUsd: '3', decimals: 0 },
    );
    expect(r).toMatchObject({ ok: false, reason: 'BELOW_MINIMUM', notionalUsd: '9' });
  });

  test('a price above the whole target buys nothing and is refused even with no minimum', () => {
    const r = sizeEntry(
      { ...settings, minEntryUsd: '0' },
      { walletAllocation: null, quotePriceUsd: '201', decimals: 0 },
    );
    expect(r).toMatchObject({ ok: false, reason: 'BELOW_MINIMUM', notionalUsd: '0' });
  });

  test('allocations outside 0 < x ≤ 1 are configuration errors', () => {
    for (const walletAllocation of ['0', '1.01', 'half']) {
      expect(() => sizeEntry(settings, { walletAllocation, quotePriceUsd: '1', decimals: 0 })).toThrow(
        expect.objectContaining({ code: 'SIZING_CONFIG_INVALID' }),
      );
    }
    expect(sizeEntry(settings, { walletAllocation: '1', quotePriceUsd: '1', decimals: 0 })).toMatchObject({
      qtyRaw: 10_000n,
    });
    expect(() =>
      sizeEntry(
        { ...settings, capitalUsd: '0' },
        { walletAllocation: null, quotePriceUsd: '1', decimals: 0 },
      ),
    ).toThrow(expect.objectContaining({ code: 'SIZING_CONFIG_INVALID' }));
  });
});
