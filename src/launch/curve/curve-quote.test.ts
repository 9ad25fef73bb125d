import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { initialCurve } from './bonding-curve-math.ts';
import {
  curveMarketCapSol,
  curvePriceSol,
  curveSoldPct,
  priceSol,
  quoteAmmBuy,
  quoteAmmSell,
  quoteCurveBuy,
  quoteCurveSell,
} from './curve-quote.ts';
import { PUMPSWAP_LAUNCH_FEES } from './pool-math.ts';

const APRIL_2025 = { protocolFeeBps: 100n, creatorFeeBps: 0n };
const MAY_2025 = { protocolFeeBps: 95n, creatorFeeBps: 5n };

describe('curve quotes', () => {
  it('buys the recorded first-buy amount for 1 SOL plus the 1% fee', () => {
    const q = quoteCurveBuy(initialCurve(), 1_010_000_000n, APRIL_2025);
    expect(q.tokensOut).toBe(34_612_903_225_806n);
    expect(q.solToCurve).toBe(1_000_000_000n);
    expect(q.protocolFee).toBe(10_000_000n);
    expect(q.totalSolIn).toBe(1_010_000_000n);
    expect(q.after.virtualSol).toBe(31_000_000_000n);
  });

  it('never spends more than the budget, and a sell of what was bought returns less than was paid', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 90_000_000_000n }), fc.boolean(), (budget, may) => {
        const fees = may ? MAY_2025 : APRIL_2025;
        const buy = quoteCurveBuy(initialCurve(), budget, fees);
        expect(buy.totalSolIn <= budget).toBe(true);
        if (buy.tokensOut === 0n) return;
        const sell = quoteCurveSell(buy.after, buy.tokensOut, fees);
        expect(sell.solOut < buy.totalSolIn).toBe(true);
        // Constant product never decreases (the program's rounding favours the curve).
        expect(
          sell.after.virtualSol * sell.after.virtualToken >= 30_000_000_000n * 1_073_000_000_000_000n,
        ).toBe(true);
      }),
    );
  });

  it('reports price, sold share and market cap of the initial curve exactly', () => {
    const c = initialCurve();
    expect(curvePriceSol(c)).toBe('0.000000027958993476');
    expect(curveSoldPct(c)).toBe('0');
    expect(curveMarketCapSol(c)).toBe('27.958993476234855545');
    const all = quoteCurveBuy(c, 200_000_000_000n, APRIL_2025);
    expect(all.after.complete).toBe(true);
    expect(curveSoldPct(all.after)).toBe('100');
    expect(priceSol(2_000_000_000n, 1_000_000n)).toBe('2');
    expect(priceSol(1n, 3n, 0)).toBe('0.000000000333333333');
  });
});

describe('AMM quotes', () => {
  const pool = { base: 206_900_000_000_000n, quote: 84_990_359_051n };
  it('charges LP, protocol and creator fees and keeps only the LP fee in the pool', () => {
    const fees = { ...PUMPSWAP_LAUNCH_FEES, creatorFeeBps: 5n };
    const buy = quoteAmmBuy(pool, 1_000_000_000n, fees);
    expect(buy.totalSolIn <= 1_000_000_000n).toBe(true);
    expect(buy.totalSolIn).toBeGreaterThan(990_000_000n);
    expect(buy.after.quote - pool.quote + buy.protocolFee + buy.creatorFee).toBe(buy.totalSolIn);
    const sell = quoteAmmSell(buy.after, buy.tokensOut, fees);
    expect(sell.solOut < buy.totalSolIn).toBe(true);
    expect(sell.after.base).toBe(pool.base);
  });
});
