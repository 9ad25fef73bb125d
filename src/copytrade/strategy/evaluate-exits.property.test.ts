import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { evaluateExits } from './evaluate-exits.ts';
import type { ExitDecision } from './exit-decision.ts';
import type { ExitStrategy, LadderLevel } from './exit-strategy.ts';
import { ONE, formatFixed, mulFixedFloor, parseFixed } from './fixed-point.ts';
import { mergeStrategy } from './merge-strategy.ts';
import type { SourceSell } from './mirror-exit.ts';
import { ladderLevelQtyRaw } from './scaling-out.ts';
import { evaluateStopLoss } from './stop-loss.ts';
import { applyExit, openPosition, trackPeak, type StrategyPosition } from './strategy-position.ts';
import { DEFAULT_STRATEGY } from './strategy-templates.ts';
import { trailingStopLevel } from './trailing-stop.ts';

/** Prices from 10^-12 to 10^6 USD with up to 6 significant digits, on the 18-digit grid. */
const price = fc
  .tuple(fc.bigInt({ min: 1n, max: 999_999n }), fc.integer({ min: 0, max: 18 }))
  .map(([m, e]) => formatFixed(m * 10n ** BigInt(e)));

/** A fraction strictly between 0 and 1 on the grid. */
const open01 = fc.bigInt({ min: 1n, max: ONE - 1n }).map(formatFixed);

const ladder: fc.Arbitrary<LadderLevel[]> = fc
  .array(fc.tuple(fc.bigInt({ min: 1n, max: 3n * ONE }), fc.bigInt({ min: 1n, max: ONE })), { maxLength: 4 })
  .map((raw) => {
    let multiple = ONE;
    let left = ONE;
    const levels: LadderLevel[] = [];
    for (const [step, share] of raw) {
      multiple += step;
      const fraction = (share * left) / ONE;
      if (fraction <= 0n) break;
      left -= fraction;
      levels.push({ multiple: formatFixed(multiple), fraction: formatFixed(fraction) });
    }
    return levels;
  });

const strategy: fc.Arbitrary<ExitStrategy> = fc
  .record({
    stopLoss: fc.option(open01.map((lossFraction) => ({ lossFraction }))),
    trailingStop: fc.option(
      fc.record({
        activationGain: fc.bigInt({ min: 1n, max: 3n * ONE }).map(formatFixed),
        trailFraction: open01,
      }),
    ),
    takeProfit: fc.option(
      fc.bigInt({ min: ONE + 1n, max: 20n * ONE }).map((m) => ({ multiple: formatFixed(m) })),
    ),
    scalingOut: ladder,
    mirrorExit: fc.constantFrom('proportional' as const, 'all' as const, 'off' as const),
  })
  // Every generated strategy must pass the same validation a config would.
  .map((s) => mergeStrategy(s));

/** A source sell at about one step in ten. */
const sourceSell: fc.Arbitrary<SourceSell | null> = fc.oneof(
  { weight: 9, arbitrary: fc.constant(null) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.bigInt({ min: 1n, max: 10n ** 9n }), fc.bigInt({ min: 0n, max: 10n ** 9n }))
      .map(([soldRaw, extra]) => ({ soldRaw, heldBeforeRaw: soldRaw + extra })),
  },
);

/** Price moves as multiples of the entry, 0.05× to 6×, so every rule gets its chance. */
const path = fc.array(fc.tuple(fc.bigInt({ min: ONE / 20n, max: 6n * ONE }), sourceSell), {
  minLength: 1,
  maxLength: 40,
});
const size = fc.bigInt({ min: 1n, max: 10n ** 15n });

interface Run {
  readonly decisions: { readonly before: StrategyPosition; readonly d: ExitDecision }[];
  readonly levels: (string | null)[];
  readonly final: StrategyPosition;
}

/** Feed a price path to a position the way the monitor does: evaluate, execute in full, track the peak. */
function run(start: StrategyPosition, steps: readonly (readonly [bigint, SourceSell | null])[]): Run {
  let p = start;
  const decisions: Run['decisions'] = [];
  const levels: (string | null)[] = [];
  const entry = parseFixed(start.entryPriceUsd);
  steps.forEach(([factor, sell], i) => {
    const scaled = mulFixedFloor(entry, factor);
    const priceUsd = formatFixed(scaled > 0n ? scaled : 1n);
    const d = evaluateExits(p, priceUsd, i * 1_000, sell);
    if (d) {
      decisions.push({ before: p, d });
      p = applyExit(p, d);
    }
    p = trackPeak(p, priceUsd);
    levels.push(trailingStopLevel(p));
  });
  return { decisions, levels, final: p };
}

describe('exit properties', () => {
  test('a stop exit is never above its stop: stop-loss only at or below entry × (1 − loss), trailing only at or below peak × (1 − trail)', () => {
    fc.assert(
      fc.property(price, size, strategy, path, (entry, qty, s, steps) => {
        const start = openPosition(entry, qty, s);
        for (const { before, d } of run(start, steps).decisions) {
          const p = parseFixed(d.priceUsd);
          if (d.reason === 'STOP_LOSS') {
            expect(p).toBeLessThanOrEqual(parseFixed(d.stopPriceUsd));
            const loss = parseFixed(s.stopLoss!.lossFraction);
            expect(p * ONE).toBeLessThanOrEqual(parseFixed(before.entryPriceUsd) * (ONE - loss));
          }
          if (d.reason === 'TRAILING_STOP') {
            expect(p).toBeLessThanOrEqual(parseFixed(d.stopPriceUsd));
            const trail = parseFixed(s.trailingStop!.trailFraction);
            expect(p * ONE).toBeLessThanOrEqual(parseFixed(d.peakPriceUsd) * (ONE - trail));
            const gain = parseFixed(s.trailingStop!.activationGain);
            expect(parseFixed(d.peakPriceUsd) * ONE).toBeGreaterThanOrEqual(
              parseFixed(before.entryPriceUsd) * (ONE + gain),
            );
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  test('the stop-loss fires exactly when the price is at or below the stop', () => {
    fc.assert(
      fc.property(price, open01, price, (entry, lossFraction, now) => {
        const s = mergeStrategy(DEFAULT_STRATEGY, { stopLoss: { lossFraction } });
        const d = evaluateStopLoss(openPosition(entry, 10n, s), now, 0);
        const below = parseFixed(now) * ONE <= parseFixed(entry) * (ONE - parseFixed(lossFraction));
        expect(d !== null).toBe(below);
      }),
      { numRuns: 500 },
    );
  });

  test('the trailing stop never loosens: its level is non-decreasing as prices arrive, and stays armed', () => {
    fc.assert(
      fc.property(price, strategy, fc.array(price, { minLength: 1, maxLength: 60 }), (entry, s, prices) => {
        let p = openPosition(entry, 1n, s);
        let last: bigint | null = null;
        for (const x of prices) {
          p = trackPeak(p, x);
          const level = trailingStopLevel(p);
          if (last !== null) {
            expect(level).not.toBeNull();
            expect(parseFixed(level!)).toBeGreaterThanOrEqual(last);
          }
          if (level !== null) last = parseFixed(level);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('each ladder level sells at most once, and at most floor(fraction × original)', () => {
    fc.assert(
      fc.property(price, size, strategy, path, (entry, qty, s, steps) => {
        const { decisions, final } = run(openPosition(entry, qty, s), steps);
        const fills = decisions.flatMap(({ d }) => (d.reason === 'SCALE_OUT' ? d.fills : []));
        const levels = fills.map((f) => f.level);
        expect(new Set(levels).size).toBe(levels.length);
        for (const f of fills) {
          expect(f.qtyRaw).toBeGreaterThan(0n);
          expect(f.qtyRaw).toBeLessThanOrEqual(ladderLevelQtyRaw(qty, s.scalingOut[f.level]!.fraction));
        }
        expect([...final.ladderLevelsHit]).toEqual([...levels].sort((a, b) => a - b));
      }),
      { numRuns: 300 },
    );
  });

  test('quantities are conserved: exits add up to original − remaining, never more, remaining never negative', () => {
    fc.assert(
      fc.property(price, size, strategy, path, (entry, qty, s, steps) => {
        const { decisions, final } = run(openPosition(entry, qty, s), steps);
        let sold = 0n;
        for (const { before, d } of decisions) {
          expect(d.qtyRaw).toBeGreaterThan(0n);
          expect(d.qtyRaw).toBeLessThanOrEqual(before.remainingQtyRaw);
          if (d.reason === 'SCALE_OUT') expect(d.fills.reduce((a, f) => a + f.qtyRaw, 0n)).toBe(d.qtyRaw);
          sold += d.qtyRaw;
        }
        expect(sold).toBeLessThanOrEqual(qty);
        expect(final.remainingQtyRaw).toBeGreaterThanOrEqual(0n);
        expect(final.remainingQtyRaw).toBe(qty - sold);
        expect(final.originalQtyRaw).toBe(qty);
      }),
      { numRuns: 300 },
    );
  });

  test('evaluation is pure: the same inputs give the same decision and leave the position untouched', () => {
    fc.assert(
      fc.property(price, size, strategy, price, sourceSell, (entry, qty, s, x, sell) => {
        const p = openPosition(entry, qty, s);
        const copy = structuredClone(p);
        expect(evaluateExits(p, x, 5, sell)).toEqual(evaluateExits(p, x, 5, sell));
        expect(p).toEqual(copy);
      }),
      { numRuns: 200 },
    );
  });
});
