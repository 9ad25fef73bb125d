import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { byCloseTime, type ClosedTrade } from './breaker-metrics.ts';
import type { BreakerSettings } from './breaker-settings.ts';
import { stepBreakers, type BreakerEvent } from './breaker-transitions.ts';
import { evaluateBreakers, type BreakerState } from './circuit-breakers.ts';
import { formatFixed, parseFixed } from './fixed-point.ts';

const wallets = ['W1', 'W2', 'W3'];
const pnl = fc.bigInt({ min: -500n * 10n ** 18n, max: 500n * 10n ** 18n }).map(formatFixed);
const trade = fc.record({
  wallet: fc.constantFrom(...wallets),
  closedAtMs: fc.integer({ min: 0, max: 100_000 }),
  realizedPnlUsd: fc.oneof(pnl, fc.constantFrom('0', '-1', '1')),
});
const closedList: fc.Arbitrary<ClosedTrade[]> = fc
  .array(trade, { maxLength: 40 })
  .map((ts) => ts.map((t, i) => ({ ...t, positionId: `p${String(i).padStart(3, '0')}` })));

const limits = fc.record({
  maxDrawdown: fc.option(fc.bigInt({ min: 1n, max: 10n ** 18n }).map((f) => ({ fraction: formatFixed(f) }))),
  minWinRate: fc.option(
    fc.record({
      lastN: fc.integer({ min: 1, max: 10 }),
      rate: fc.bigInt({ min: 1n, max: 10n ** 18n }).map(formatFixed),
    }),
  ),
  maxConsecutiveLosses: fc.option(fc.record({ count: fc.integer({ min: 1, max: 5 }) })),
  lookbackMs: fc.option(fc.integer({ min: 1, max: 50_000 })),
});
const settings: fc.Arbitrary<BreakerSettings> = fc.record({ global: limits, perWallet: limits });
const ctx = (nowMs: number) => ({ nowMs, equityBaseUsd: '1000' });

const activeKeys = (s: BreakerState): string[] =>
  s.readings.filter((r) => r.active).map((r) => `${r.wallet ?? '*'}/${r.kind}`);

describe('breaker properties', () => {
  test('deterministic and independent of the order the positions are listed in', () => {
    fc.assert(
      fc.property(
        closedList.chain((l) => fc.tuple(fc.constant(l), fc.shuffledSubarray(l, { minLength: l.length }))),
        settings,
        fc.integer({ min: 0, max: 120_000 }),
        ([list, shuffled], s, now) => {
          const a = evaluateBreakers(list, s, ctx(now));
          expect(evaluateBreakers(list, s, ctx(now))).toEqual(a);
          expect(evaluateBreakers(shuffled, s, ctx(now))).toEqual(a);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('time is respected: positions closed after now change nothing, and streaks follow close order', () => {
    fc.assert(
      fc.property(closedList, settings, fc.integer({ min: 0, max: 120_000 }), (list, s, now) => {
        const known = list.filter((t) => t.closedAtMs <= now);
        expect(evaluateBreakers(list, s, ctx(now))).toEqual(evaluateBreakers(known, s, ctx(now)));
        // Reference model of the global loss streak: walk the window in close order, count trailing losses.
        const rule = s.global.maxConsecutiveLosses;
        if (!rule) return;
        const from = s.global.lookbackMs === null ? -Infinity : now - s.global.lookbackMs;
        const window = [...known].sort(byCloseTime).filter((t) => t.closedAtMs > from);
        let streak = 0;
        for (const t of window) streak = parseFixed(t.realizedPnlUsd) < 0n ? streak + 1 : 0;
        const reading = evaluateBreakers(list, s, ctx(now)).readings.find(
          (r) => r.wallet === null && r.kind === 'CONSECUTIVE_LOSSES',
        );
        expect(reading).toMatchObject({ metric: String(streak), active: streak >= rule.count });
      }),
      { numRuns: 300 },
    );
  });

  test('stepping through time, events alternate per breaker and replay to the active set of the moment', () => {
    fc.assert(
      fc.property(closedList, settings, (list, s) => {
        const times = [...new Set(list.map((t) => t.closedAtMs))].sort((a, b) => a - b);
        times.push((times.at(-1) ?? 0) + 60_000);
        let state: BreakerState | null = null;
        const active = new Set<string>();
        for (const now of times) {
          const { state: next, events } = stepBreakers(state, list, s, ctx(now));
          for (const e of events as BreakerEvent[]) {
            const k = `${e.wallet ?? '*'}/${e.kind}`;
            expect(e.atMs).toBe(now);
            if (e.type === 'BREAKER_ACTIVATED') {
              expect(active.has(k)).toBe(false);
              active.add(k);
            } else {
              expect(active.has(k)).toBe(true);
              active.delete(k);
            }
          }
          expect([...active].sort()).toEqual(activeKeys(next).sort());
          state = next;
        }
      }),
      { numRuns: 200 },
    );
  });
});
