import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SOL_MINT } from '../../domain/mints.ts';
import { computeHoldings } from './holdings.ts';
import { DAY, TOKEN, WALLET, receive, send, tx } from './holdings.fixtures.ts';

const MINTS = [SOL_MINT, TOKEN] as const;
const step = fc.record({
  mint: fc.integer({ min: 0, max: 1 }),
  delta: fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }).filter((d) => d !== 0n),
  gap: fc.integer({ min: 0, max: 3 * DAY }),
});

describe('computeHoldings properties', () => {
  it('windows hold the balance unit for unit at every time (LIFO layers), each above dust', () => {
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 50 }),
        fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 10n ** 11n })),
        (steps, dust) => {
          let seconds = 0;
          const actions = steps.map((s, i) => {
            seconds += s.gap;
            const mint = MINTS[s.mint] ?? TOKEN;
            const at = tx(i + 1, seconds);
            return s.delta > 0n ? receive(at, mint, s.delta, 9) : send(at, mint, -s.delta, 9);
          });
          const h = computeHoldings(WALLET, actions, { dustRaw: dust });
          for (const m of h.mints) {
            // Expected balances: running sum clamped at 0.
            let b = 0n;
            const expected = steps
              .filter((s) => MINTS[s.mint] === m.mint)
              .map((s) => (b = b + s.delta < 0n ? 0n : b + s.delta));
            expect(m.timeline.map((p) => p.balanceRaw)).toEqual(expected);
            // Units are conserved: at every time, the windows that cover it hold exactly the balance (no dust
            // bound), and with a dust bound every window is above it.
            const lastAt = new Map<number, bigint>();
            for (const p of m.timeline) lastAt.set(p.t ?? 0, p.balanceRaw);
            if (dust === 0n) {
              for (const [t, balance] of lastAt) {
                const held = m.windows
                  .filter((w) => w.start <= t && (w.end === null || t < w.end))
                  .reduce((sum, w) => sum + w.balanceRaw, 0n);
                expect(held).toBe(balance);
              }
            }
            for (const w of m.windows) expect(w.end === null || w.start <= w.end).toBe(true);
            for (const w of m.windows) expect(w.balanceRaw > dust).toBe(true);
          }
          const shuffled = [...actions, ...actions.slice(0, 5)].reverse();
          expect(computeHoldings(WALLET, shuffled, { dustRaw: dust })).toEqual(h);
        },
      ),
    );
  });
});
