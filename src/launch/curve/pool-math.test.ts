import { describe, expect, it } from 'vitest';
import { baseOutForQuote, isqrt, poolBuy, poolSell } from './pool-math.ts';

describe('PumpSwap pool math', () => {
  // jiangxiaop-solana-swap-scan pumpswap-create.json: the BuyEvent after the migration (reserves before it).
  it('reproduces a recorded buy: quote in, LP fee and protocol fee, all rounded up', () => {
    const q = poolBuy(206_900_000_000_001n, 84_990_359_420n, 53_878_801_723_012n);
    expect(q).toMatchObject({
      quoteAmountIn: 29_925_126_552n,
      lpFee: 59_850_254n,
      protocolFee: 14_962_564n,
      quoteAmountInWithLpFee: 29_984_976_806n,
    });
    // The recorded user_quote_amount_in also carries a 5 bps coin-creator fee (May 2025), absent here.
    expect(q.userQuoteAmountIn).toBe(30_014_901_934n - 14_962_564n);
  });

  // jiangxiaop-solana-swap-scan pumpswap-sell.json: quote_amount_out 2,073,260,496, lp fee 4,146,521, protocol 1,036,631.
  it('rounds a sell’s fees up, as the recorded SellEvent shows', () => {
    const out = 2_073_260_496n;
    const base = 1_815_370_392_047n;
    // Reserves that give exactly the recorded output: out = floor(Q·base / (B + base)).
    const B = 126_341_092_536_299n;
    const Q = (out * (B + base)) / base + 1n;
    const s = poolSell(B, Q, base);
    expect(s.quoteAmountOut).toBe(out);
    expect(s.lpFee).toBe(4_146_521n);
    expect(s.protocolFee).toBe(1_036_631n);
  });

  it('quotes the largest output a budget pays for', () => {
    const [B, Q] = [200_000_000_000_000n, 90_000_000_000n];
    for (const budget of [10_000n, 1_000_000_000n, 7_777_777_777n]) {
      const out = baseOutForQuote(B, Q, budget);
      expect(poolBuy(B, Q, out).userQuoteAmountIn <= budget).toBe(true);
      expect(poolBuy(B, Q, out + out / 50_000n + 2n).userQuoteAmountIn > budget).toBe(true);
    }
  });

  it('takes integer square roots exactly', () => {
    expect(isqrt(206_900_000_000_001n * 84_990_359_420n)).toBe(4_193_388_291_584n);
    for (const n of [0n, 1n, 2n, 99n, 10n ** 30n + 7n]) {
      const r = isqrt(n);
      expect(r * r <= n && (r + 1n) * (r + 1n) > n).toBe(true);
    }
  });
});
