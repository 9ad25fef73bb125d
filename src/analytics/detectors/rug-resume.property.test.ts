import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Action } from '../../decoder/action.ts';
import { fromScaled } from '../../domain/decimal.ts';
import { createMemoryPriceWindow } from '../../market/candles/memory-price-window.ts';
import type { Candle } from '../../store/prices/candle.repository.ts';
import { buildLedger } from '../ledger/build-ledger.ts';
import { OTHER, TOKEN, WALLET, buy, options, sell, transferOut } from '../ledger/ledger.fixtures.ts';
import type { LedgerResult } from '../ledger/ledger-records.ts';
import { ledgerTailView } from '../ledger/testing/ledger-tail-view.ts';
import { openLotsAt } from '../ledger/open-lots-at.ts';
import type { DetectorConfig } from './detector-config.ts';
import { CONFIG } from './detectors.fixtures.ts';
import { cmp, frac, fromDecimal, mul, sub, toDecimal } from './fraction.ts';
import type { PricePoint, PriceWindow } from './price-window.ts';
import { type RugMintState, type RugScanInput, type TokenAth, detectRug, scanRugs } from './rug.detector.ts';

const HOUR = 3_600;
const DAY = 86_400;
const T = 1_699_920_000; // a whole day
const MINTS = [TOKEN, OTHER] as const;
const STRANGER = 'Str4nger111111111111111111111111111111111111';

/**
 * One hour of a random market: drift, a crash (÷20), a pump (×20), a wick down, a spike up (×3: a dead-cat
 * bounce back above the threshold), 5-minute candles, or none.
 */
const hourArb = fc.record({
  kind: fc.oneof(
    { weight: 12, arbitrary: fc.constant('drift' as const) },
    { weight: 1, arbitrary: fc.constant('crash' as const) },
    { weight: 1, arbitrary: fc.constant('pump' as const) },
    { weight: 1, arbitrary: fc.constant('wick' as const) },
    { weight: 2, arbitrary: fc.constant('fine' as const) },
    { weight: 1, arbitrary: fc.constant('gap' as const) },
    { weight: 1, arbitrary: fc.constant('spike' as const) },
  ),
  pm: fc.integer({ min: 900, max: 1100 }),
  up: fc.integer({ min: 0, max: 150 }),
  down: fc.integer({ min: 0, max: 150 }),
  fine: fc.uniqueArray(fc.integer({ min: 0, max: 11 }), { maxLength: 4 }),
});
type Hour = typeof hourArb extends fc.Arbitrary<infer H> ? H : never;

/** Pump-and-dump cycles: some calm hours, a crash, some hours down there (a rug when long enough), a pump. */
const marketArb = (maxHours: number): fc.Arbitrary<Hour[]> =>
  fc
    .array(
      fc.record({
        calm: fc.array(hourArb, { maxLength: 40, size: 'max' }),
        crash: hourArb,
        low: fc.array(hourArb, { maxLength: 60, size: 'max' }),
        pump: hourArb,
      }),
      { maxLength: 8, size: 'max' },
    )
    .map((cycles) =>
      cycles
        .flatMap((c) => [
          ...c.calm,
          { ...c.crash, kind: 'crash' as const },
          ...c.low,
          { ...c.pump, kind: 'pump' as const },
        ])
        .slice(0, maxHours),
    );

/** Micro-dollars as a decimal string (never below $0.000001, so no ATH is zero). */
const usd6 = (v: bigint): string => fromScaled(v < 1n ? 1n : v, 6);

function candle(
  mint: string,
  resolution: '1h' | '5m',
  t: number,
  high: bigint,
  low: bigint,
  close: bigint,
): Candle {
  const c = usd6(close);
  return {
    mint,
    resolution,
    bucketStart: new Date(t * 1000),
    open: c,
    high: usd6(high),
    low: usd6(low),
    close: c,
    volumeUsd: null,
    source: resolution === '1h' ? 'candles_1h' : 'candles_5m',
  };
}

/** Hourly candles from T, a random walk with crashes and recoveries; some hours also hold 5-minute candles. */
function candlesOf(mint: string, hours: readonly Hour[]): Candle[] {
  let p = 1_000_000n;
  const out: Candle[] = [];
  hours.forEach((h, i) => {
    const t = T + i * HOUR;
    const pm = BigInt(h.pm);
    p =
      h.kind === 'crash' ? (p * pm) / 20_000n : h.kind === 'pump' ? (p * pm * 20n) / 1000n : (p * pm) / 1000n;
    if (p < 1n) p = 1n;
    if (p > 10n ** 15n) p = 10n ** 15n;
    if (h.kind === 'gap') return;
    const high = (p * (h.kind === 'spike' ? 3000n : 1000n + BigInt(h.up))) / 1000n;
    const low = h.kind === 'wick' ? p / 25n : (p * (1000n - BigInt(h.down))) / 1000n;
    out.push(candle(mint, '1h', t, high, low, p));
    if (h.kind === 'fine') {
      // A few 5-minute candles, one with a deep low: the onset lands inside the hour.
      h.fine.forEach((k, j) => {
        const lo = j === 0 ? p / 30n : low;
        out.push(candle(mint, '5m', t + k * 300, high, lo, p));
      });
    }
  });
  return out;
}

/** Uniform in [0, 1] (fast-check's doubles lean to the ends). */
const unit = fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 1_000_000);

const opArb = fc.record({
  kind: fc.constantFrom('buy' as const, 'buy' as const, 'buy' as const, 'sell' as const, 'out' as const),
  mint: fc.integer({ min: 0, max: 1 }),
  at: unit,
  qty: fc.bigInt({ min: 1n, max: 10n ** 9n }),
  cents: fc.bigInt({ min: 1n, max: 10n ** 9n }),
  permille: fc.oneof(fc.constant(1000), fc.integer({ min: 1, max: 1000 })),
});

const cents = (c: bigint): string => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`;

type Op = typeof opArb extends fc.Arbitrary<infer O> ? O : never;

/** Buys, sells and transfers out at random seconds from 2 h before the candles to `span` after them. */
function ledgerOf(ops: readonly Op[], span: number): LedgerResult {
  const held = [0n, 0n];
  const actions: Action[] = [];
  const timed = ops
    .map((o) => ({ o, t: T - 2 * HOUR + Math.floor(o.at * (span + 2 * HOUR)) }))
    .sort((a, b) => a.t - b.t);
  timed.forEach(({ o, t }, i) => {
    const mint = MINTS[o.mint] ?? TOKEN;
    const h = held[o.mint] ?? 0n;
    const where = {
      slot: BigInt(i + 1),
      signature: `s${String(i).padStart(4, '0')}`,
      index: 0,
      blockTime: t,
    };
    if (o.kind === 'buy') {
      actions.push({ ...buy(i + 1, mint, o.qty, cents(o.cents)), ...where });
      held[o.mint] = h + o.qty;
      return;
    }
    const qty = (h * BigInt(o.permille)) / 1000n;
    if (qty === 0n) return;
    actions.push(
      o.kind === 'sell'
        ? { ...sell(i + 1, mint, qty, cents(o.cents)), ...where }
        : { ...transferOut(i + 1, mint, qty, STRANGER), ...where },
    );
    held[o.mint] = h - qty;
  });
  const r = buildLedger(WALLET, actions, options());
  return { lots: r.lots, realizedTrades: r.realizedTrades, episodes: r.episodes, flags: r.flags };
}

interface Case {
  readonly input: RugScanInput;
  readonly candles: Candle[];
  readonly step: number;
  /** Two aligned split times, s1 ≤ s2 ≤ now. */
  readonly s1: number;
  readonly s2: number;
}

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    token: marketArb(300),
    other: marketArb(150),
    ops: fc.array(opArb, { minLength: 1, maxLength: 25, size: 'max' }),
    facts: fc.option(
      fc.record({
        px: fc.bigInt({ min: 1n, max: 5_000_000n }),
        hour: fc.integer({ min: -48, max: 300 }),
        copy: fc.option(fc.nat(), { nil: undefined }),
      }),
      { nil: undefined },
    ),
    stayDays: fc.constantFrom(1, 2),
    /** The wallet trades in the first part of the history only, and often leaves: the rest is scanned for state. */
    activity: fc.constantFrom(1, 0.5, 0.2),
    stepHours: fc.constantFrom(1, 1, 2),
    extra: fc.integer({ min: 0, max: 3 * DAY }),
    cuts: fc.tuple(unit, unit),
  })
  .map((g): Case => {
    const span = Math.max(g.token.length, g.other.length, 1) * HOUR;
    const candles = [...candlesOf(TOKEN, g.token), ...candlesOf(OTHER, g.other)];
    const now = T + span + g.extra;
    const step = g.stepHours * HOUR;
    const config: DetectorConfig['rug'] = { ...CONFIG.rug, stayDays: g.stayDays, scanStepHours: g.stepHours };
    const highs = candles.filter((c) => c.mint === TOKEN).map((c) => fromDecimal(c.high));
    const top = highs.reduce<ReturnType<typeof fromDecimal> | null>(
      (x, h) => (x === null || cmp(h, x) > 0 ? h : x),
      null,
    );
    const f = g.facts;
    // Sometimes exactly the highest candle high: a tie the running ATH must break the same way however reached.
    const factsPx = (copy: number | undefined, px: bigint): string =>
      copy === undefined || top === null ? usd6(px) : toDecimal(top);
    const ath: ReadonlyMap<string, TokenAth> | undefined =
      f === undefined
        ? undefined
        : new Map([[TOKEN, { athUsd: factsPx(f.copy, f.px), athAt: T + f.hour * HOUR + 17 }]]);
    const lo = T - 3 * HOUR;
    const [a, b] = g.cuts.map((c) => {
      const t = lo + Math.floor(c * (now - lo));
      return t - (t % step);
    }) as [number, number];
    return {
      input: {
        wallet: WALLET,
        ledger: ledgerOf(g.ops, Math.ceil(span * g.activity)),
        prices: createMemoryPriceWindow({
          [TOKEN]: candles.filter((c) => c.mint === TOKEN),
          [OTHER]: candles.filter((c) => c.mint === OTHER),
        }),
        ...(ath === undefined ? {} : { ath }),
        now,
        config,
      },
      candles,
      step,
      s1: Math.min(a, b),
      s2: Math.max(a, b),
    };
  });

/** The price window a resumed run gets: any read before a resumed mint's `nextBucket` is a failure. */
function from(prices: PriceWindow, resume: readonly RugMintState[]): PriceWindow {
  const since = new Map(resume.map((r) => [r.mint, r.nextBucket]));
  const guard = (mint: string, t: number): void => {
    const s = since.get(mint);
    if (s !== undefined && t < s) throw new Error(`read ${mint} at ${t}, before ${s}`);
  };
  return {
    maxIn: (m, t0, t1) => (guard(m, t0), prices.maxIn(m, t0, t1)),
    minIn: (m, t0, t1) => (guard(m, t0), prices.minIn(m, t0, t1)),
    at: (m, t) => (guard(m, t), prices.at(m, t)),
  };
}

/** s1, s2, and the buckets of and after every onset: a split on each side of each moment. */
function splitsOf({ input, s1, s2, step }: Case): number[] {
  const onsets = detectRug(input).map((m) => m.tEvent - (m.tEvent % step));
  return [...new Set([s1, s2, ...onsets, ...onsets.map((b) => b + step)])].filter((s) => s <= input.now);
}

function resumeAt(input: RugScanInput, s: number, resume: readonly RugMintState[], settleAt?: number) {
  return scanRugs({
    ...input,
    ledger: ledgerTailView(input.ledger, s),
    prices: from(input.prices, resume),
    resume,
    ...(settleAt === undefined ? {} : { settleAt }),
  });
}

/**
 * The scan state at `s` the slow way: SPEC §3's scan bucket by bucket from the first lot's bucket, no shortcut,
 * written out again here. The counted lots are those of the moments before `s` still open at `s − 1`.
 */
function slowStates(input: RugScanInput, s: number): RugMintState[] {
  const { prices, config: c } = input;
  const step = c.scanStepHours * HOUR;
  const keep = sub(frac(1n), fromDecimal(c.minDropFromAthPct));
  const px = (p: PricePoint) => fromDecimal(p.priceUsd);
  type A = { px: ReturnType<typeof fromDecimal>; at: number; source: string; confidence: number } | null;
  const of = (p: PricePoint | null): A =>
    p === null ? null : { px: px(p), at: p.at, source: p.source, confidence: p.confidence };
  const max = (a: A, b: A): A => (a === null ? b : b === null ? a : cmp(b.px, a.px) > 0 ? b : a);
  const moments = detectRug(input).filter((m) => m.tEvent < s);
  const out: RugMintState[] = [];
  for (const mint of [...new Set(input.ledger.lots.map((l) => l.mint))].sort()) {
    const first = Math.min(
      ...input.ledger.lots.filter((l) => l.mint === mint).map((l) => l.openedAt.blockTime ?? 0),
    );
    if (first >= s) continue;
    const f = input.ath?.get(mint);
    const facts = (t: number): A =>
      f !== undefined && f.athAt <= t
        ? { px: fromDecimal(f.athUsd), at: f.athAt, source: f.source ?? 'token_facts', confidence: 1 }
        : null;
    const b0 = first - (first % step);
    let ath = max(of(prices.maxIn(mint, 0, b0 - 1)), facts(b0 - 1));
    const before = prices.at(mint, b0 - 1);
    let armed = ath === null || before === null || cmp(px(before), mul(ath.px, keep)) > 0;
    for (let b = b0; b < s; b += step) {
      const low = prices.minIn(mint, b, b + step - 1);
      const high = prices.maxIn(mint, b, b + step - 1);
      if (armed && low !== null) {
        const onsetAt = Math.max(low.at, b);
        const athThen = max(max(ath, of(prices.maxIn(mint, b, onsetAt))), facts(onsetAt));
        if (athThen !== null && cmp(px(low), mul(athThen.px, keep)) <= 0) {
          const checkTo = Math.min(onsetAt + c.stayDays * DAY, input.now);
          const after = b + step <= checkTo ? prices.maxIn(mint, b + step, checkTo) : null;
          if (after === null || cmp(px(after), mul(athThen.px, keep)) <= 0) armed = false;
        }
      } else if (!armed && high !== null && ath !== null && cmp(px(high), mul(ath.px, keep)) > 0)
        armed = true;
      ath = max(max(ath, of(high)), facts(b + step - 1));
    }
    const open = new Set(openLotsAt(input.ledger, s - 1, mint).map((o) => o.lot.id));
    const counted = moments
      .filter((m) => m.mint === mint)
      .flatMap((m) => m.explain['lotIds'] as string[])
      .filter((id) => open.has(id));
    out.push({
      mint,
      nextBucket: s,
      ath:
        ath === null
          ? null
          : { priceUsd: toDecimal(ath.px), at: ath.at, source: ath.source, confidence: ath.confidence },
      armed,
      counted: counted.sort(),
    });
  }
  return out;
}

describe('scanRugs, resumable', () => {
  it('settleAt does not change the moments: they are detectRug’s', () => {
    fc.assert(
      fc.property(caseArb, ({ input, s1 }) => {
        const expected = detectRug(input);
        expect(scanRugs(input)).toEqual({ moments: expected, states: [] });
        expect(scanRugs({ ...input, settleAt: s1 }).moments).toEqual(expected);
      }),
    );
  });

  it('the states at S are those of a bucket-by-bucket scan to S (whatever shortcut was taken)', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        for (const s of splitsOf(c))
          expect(scanRugs({ ...c.input, settleAt: s }).states).toEqual(slowStates(c.input, s));
      }),
    );
  });

  it('resuming at S from the states gives the full moments with onset ≥ S, reading no price before S', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        for (const s of splitsOf(c)) {
          const full = scanRugs({ ...c.input, settleAt: s });
          const resumed = resumeAt(c.input, s, full.states);
          expect(resumed.moments).toEqual(full.moments.filter((m) => m.tEvent >= s));
          expect(resumed.states).toEqual([]);
        }
      }),
    );
  });

  it('two resumes in a row (S1 ≤ S2) = one: same states at S2, same moments', () => {
    fc.assert(
      fc.property(caseArb, ({ input, s1, s2 }) => {
        const full = scanRugs({ ...input, settleAt: s2 });
        const first = scanRugs({ ...input, settleAt: s1 });
        const second = resumeAt(input, s1, first.states, s2);
        expect(second.states).toEqual(full.states);
        expect(second.moments).toEqual(full.moments.filter((m) => m.tEvent >= s1));
        const third = resumeAt(input, s2, second.states);
        expect(third.moments).toEqual(full.moments.filter((m) => m.tEvent >= s2));
      }),
    );
  });

  it('the random markets do rug, on both sides of the splits (the properties above are not vacuous)', () => {
    const cases = fc.sample(caseArb, { seed: 7, numRuns: 300 });
    const split = cases.filter((c) => {
      const ms = detectRug(c.input);
      return splitsOf(c).some((s) => ms.some((m) => m.tEvent < s) && ms.some((m) => m.tEvent >= s));
    });
    const resumedWithCounted = cases.filter((c) =>
      splitsOf(c).some((s) =>
        scanRugs({ ...c.input, settleAt: s }).states.some((st) => st.counted.length > 0),
      ),
    );
    expect(split.length).toBeGreaterThan(20);
    expect(resumedWithCounted.length).toBeGreaterThan(20);
  });

  it('a token that collapsed before the wallet came in re-arms when it climbs back, after the wallet left', () => {
    // $1, then $0.05 from T + 10 h: the wallet buys at T + 20 h and sells at T + 21 h; $2 from T + 40 h.
    const candles = candlesOf(
      TOKEN,
      Array.from(
        { length: 60 },
        (_, i): Hour => ({
          kind: i === 10 ? 'crash' : i === 40 ? 'pump' : 'drift',
          pm: i === 40 ? 2000 : 1000,
          up: 0,
          down: 0,
          fine: [],
        }),
      ),
    );
    const actions = [
      { ...buy(1, TOKEN, 1_000_000n, '1'), slot: 1n, signature: 'b', blockTime: T + 20 * HOUR },
      { ...sell(2, TOKEN, 1_000_000n, '1'), slot: 2n, signature: 's', blockTime: T + 21 * HOUR },
    ];
    const r = buildLedger(WALLET, actions, options());
    const input: RugScanInput = {
      wallet: WALLET,
      ledger: { lots: r.lots, realizedTrades: r.realizedTrades, episodes: r.episodes, flags: r.flags },
      prices: createMemoryPriceWindow({ [TOKEN]: candles }),
      now: T + 60 * HOUR,
      config: CONFIG.rug,
    };
    const ath = (priceUsd: string, at: number) => ({ priceUsd, at, source: 'candles_1h', confidence: 0.8 });
    const at = (s: number) => scanRugs({ ...input, settleAt: s }).states;
    expect(at(T + 30 * HOUR)).toEqual([
      { mint: TOKEN, nextBucket: T + 30 * HOUR, ath: ath('1', T), armed: false, counted: [] },
    ]);
    expect(at(T + 50 * HOUR)).toEqual([
      { mint: TOKEN, nextBucket: T + 50 * HOUR, ath: ath('2', T + 40 * HOUR), armed: true, counted: [] },
    ]);
    expect(detectRug(input)).toEqual([]);
  });

  it('rejects a settle time off the bucket grid, after now, or before a resumed state', () => {
    const input: RugScanInput = {
      wallet: WALLET,
      ledger: { lots: [], realizedTrades: [], episodes: [], flags: [] },
      prices: createMemoryPriceWindow({}),
      now: T + DAY,
      config: CONFIG.rug,
    };
    const state: RugMintState = { mint: TOKEN, nextBucket: T + HOUR, ath: null, armed: true, counted: [] };
    expect(() => scanRugs({ ...input, settleAt: T + 1 })).toThrow(RangeError);
    expect(() => scanRugs({ ...input, settleAt: T + 2 * DAY })).toThrow(RangeError);
    expect(() => scanRugs({ ...input, resume: [state], settleAt: T })).toThrow(RangeError);
    // A mint with only a state (every lot closed before) is still carried to the settle time.
    expect(scanRugs({ ...input, resume: [state], settleAt: T + 2 * HOUR }).states).toEqual([
      { ...state, nextBucket: T + 2 * HOUR },
    ]);
  });
});
