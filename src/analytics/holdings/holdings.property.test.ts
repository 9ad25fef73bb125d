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
  it('windows are the maximal stretches above dust, each with the minimum balance held in it', () => {
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 50 }),
        fc.bigInt({ min: 0n, max: 10n ** 11n }),
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
            // Rebuild the windows from the timeline independently.
            const wins: { start: number; end: number | null; min: bigint }[] = [];
            let cur: { start: number; end: number | null; min: bigint } | null = null;
            for (const p of m.timeline) {
              const t = p.t ?? 0;
              if (p.balanceRaw > dust) {
                if (cur === null) wins.push((cur = { start: t, end: null, min: p.balanceRaw }));
                else if (p.balanceRaw < cur.min) cur.min = p.balanceRaw;
              } else if (cur !== null) {
                cur.end = t;
                cur = null;
              }
            }
            expect(m.windows.map((w) => ({ start: w.start, end: w.end, min: w.balanceRaw }))).toEqual(wins);
            for (const w of m.windows) expect(w.balanceRaw > dust).toBe(true);
          }
          const shuffled = [...actions, ...actions.slice(0, 5)].reverse();
          expect(computeHoldings(WALLET, shuffled, { dustRaw: dust })).toEqual(h);
        },
      ),
    );
  });
});
