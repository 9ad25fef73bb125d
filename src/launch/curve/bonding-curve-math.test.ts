import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyBuy,
  applySell,
  buyCost,
  initialCurve,
  sellProceeds,
  tokensForSol,
  tradeFee,
  type CurveReserves,
} from './bonding-curve-math.ts';

describe('pump.fun bonding-curve math', () => {
  // 0xjeffro-tx-parser pumpfun_create_0.json (2024-09): the creator's first buy of 1 SOL.
  it('reproduces a recorded first buy: 34,612,903,225,806 tokens for 1 SOL, fee 10,000,000', () => {
    const tokens = tokensForSol(initialCurve(), 1_000_000_000n);
    expect(tokens).toBe(34_612_903_225_806n);
    expect(buyCost(initialCurve(), tokens)).toBe(1_000_000_000n);
    expect(tradeFee(1_000_000_000n)).toBe(10_000_000n);
  });

  // 0xjeffro-tx-parser pumpfun_sell_0.json (2024-07): solAmount 37,437,283,903, 1% fee 374,372,839 (floor).
  it('rounds the fee down, as the recorded sell shows', () => {
    expect(tradeFee(37_437_283_903n)).toBe(374_372_839n);
  });

  it('completes when the 793.1M tokens for sale are sold, at about 85 SOL of real reserves', () => {
    const c = initialCurve();
    const all = applyBuy(c, c.realToken, buyCost(c, c.realToken));
    expect(all.complete).toBe(true);
    expect(all.realSol > 84_900_000_000n && all.realSol < 85_100_000_000n).toBe(true);
  });

  it('never lets virtual SOL × virtual tokens decrease, and never pays a round trip more than it took', () => {
    const trade = fc.record({
      buy: fc.boolean(),
      lamports: fc.bigInt({ min: 1_000n, max: 20_000_000_000n }),
      share: fc.integer({ min: 1, max: 100 }),
    });
    fc.assert(
      fc.property(fc.array(trade, { minLength: 1, maxLength: 40 }), (steps) => {
        let c: CurveReserves = initialCurve();
        let held = 0n;
        for (const s of steps) {
          const k = c.virtualSol * c.virtualToken;
          if (s.buy && !c.complete) {
            const tokens = tokensForSol(c, s.lamports);
            if (tokens === 0n) continue;
            const cost = buyCost(c, tokens);
            c = applyBuy(c, tokens, cost);
            held += tokens;
          } else if (held > 0n && !c.complete) {
            const tokens = (held * BigInt(s.share)) / 100n;
            if (tokens === 0n) continue;
            const proceeds = sellProceeds(c, tokens);
            expect(proceeds <= c.realSol).toBe(true);
            c = applySell(c, tokens, proceeds);
            held -= tokens;
          }
          expect(c.virtualSol * c.virtualToken >= k).toBe(true);
        }
        // Selling everything back never returns more SOL than the curve holds.
        if (!c.complete && held > 0n) expect(sellProceeds(c, held) <= c.realSol).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
