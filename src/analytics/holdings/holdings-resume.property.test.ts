import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Action } from '../../decoder/action.ts';
import { SOL_DECIMALS, SOL_MINT, USDC_MINT } from '../../domain/mints.ts';
import type { HoldingWindow } from '../detectors/idle-yield.detector.ts';
import { groupTransactions } from '../ledger/action-order.ts';
import type { EventRef } from '../ledger/ledger-records.ts';
import {
  type BalancePoint,
  type Holdings,
  type HoldingsOptions,
  type HoldingsState,
  HoldingsTracker,
  type MintHoldings,
  type NegativeBalance,
  computeHoldings,
} from './holdings.ts';
import { DAY, T0, TOKEN, WALLET, fee, receive, send, swap } from './holdings.fixtures.ts';

/** A mint whose actions sometimes come without decimals (windows wait for them). */
const LATE = 'Late1111111111111111111111111111111111111111';
const STRANGER = 'Someone1111111111111111111111111111111111111';
const MINTS = [SOL_MINT, TOKEN, USDC_MINT, LATE] as const;

// ---- Fixture: random multi-mint histories ----------------------------------------------------------------

const legArb = fc.record({
  kind: fc.constantFrom('receive', 'send', 'swap', 'fee', 'event'),
  mint: fc.integer({ min: 0, max: 3 }),
  other: fc.integer({ min: 0, max: 3 }),
  // Small amounts make clamps, exact-dust parts and net-zero transactions common.
  raw: fc.oneof(fc.bigInt({ min: 1n, max: 300n }), fc.bigInt({ min: 1n, max: 10n ** 12n })),
  raw2: fc.bigInt({ min: 1n, max: 300n }),
  lateDecimalsKnown: fc.integer({ min: 0, max: 5 }).map((x) => x === 0),
  owner: fc.constantFrom('wallet', 'wallet', 'wallet', 'null', 'stranger'),
});
type Leg = typeof legArb extends fc.Arbitrary<infer T> ? T : never;

const txArb = fc.record({
  gap: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 * DAY })),
  legs: fc.array(legArb, { minLength: 1, maxLength: 3 }),
  noTime: fc.integer({ min: 0, max: 3 }).map((x) => x === 0),
});
const historyArb = fc.array(txArb, { maxLength: 40 });
type History = typeof historyArb extends fc.Arbitrary<infer T> ? T : never;

const dustArb: fc.Arbitrary<HoldingsOptions> = fc.oneof(
  fc.constant({}),
  fc.bigInt({ min: 0n, max: 200n }).map((dustRaw) => ({ dustRaw })),
  fc.constant({
    dustRaw: (mint: string, decimals: number | null): bigint =>
      mint === SOL_MINT ? 100n : BigInt((decimals ?? 0) * 10),
  }),
);

function decimalsOf(mint: string, leg: Leg): number | null {
  if (mint === LATE) return leg.lateDecimalsKnown ? 3 : null;
  return mint === SOL_MINT ? SOL_DECIMALS : 6;
}

/** Actions of the history; `withNullTimes` keeps the transactions marked `noTime` without a block time. */
function materialize(history: History, withNullTimes: boolean): Action[] {
  let seconds = 0;
  return history.flatMap((t, i) => {
    seconds += t.gap;
    return t.legs.map((leg, index): Action => {
      const at = {
        slot: BigInt(i + 1),
        signature: `tx${String(i + 1).padStart(6, '0')}`,
        index,
        blockTime: withNullTimes && t.noTime ? null : T0 + seconds,
      };
      const mint = MINTS[leg.mint] ?? TOKEN;
      const other = MINTS[leg.other] ?? TOKEN;
      const dec = decimalsOf(mint, leg);
      const a =
        leg.kind === 'receive'
          ? receive(at, mint, leg.raw, 9)
          : leg.kind === 'send'
            ? send(at, mint, leg.raw, 9)
            : leg.kind === 'fee'
              ? fee(at, SOL_MINT, leg.raw2)
              : leg.kind === 'swap'
                ? swap(at, [mint, leg.raw, 9], [other, leg.raw2, 9])
                : { ...receive(at, mint, leg.raw, 9), kind: 'event' as const };
      const owner = leg.owner === 'wallet' ? WALLET : leg.owner === 'null' ? null : STRANGER;
      return {
        ...a,
        owner,
        decimalsIn: a.mintIn === null ? null : decimalsOf(a.mintIn, leg),
        decimalsOut: a.mintOut === null ? null : a.mintOut === mint ? dec : decimalsOf(a.mintOut, leg),
      };
    });
  });
}

// ---- Fixture: JSON codec for the state (bigint as "<digits>n") ---------------------------------------------

function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v.toString()}n` : v));
}

function fromJson<T>(json: string): T {
  return JSON.parse(json, (_k, v: unknown) =>
    typeof v === 'string' && /^-?\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v,
  ) as T;
}

function sortedWindows(ws: readonly HoldingWindow[]): HoldingWindow[] {
  return [...ws].sort((a, b) => {
    const x = toJson(a);
    const y = toJson(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

// ---- Fixture: the walk as it was before the tracker (the oracle for byte-identical output) -----------------

function referenceHoldings(
  wallet: string,
  actions: readonly Action[],
  options: HoldingsOptions = {},
): Holdings {
  interface Change {
    readonly at: EventRef;
    readonly time: number | null;
    readonly deltaRaw: bigint;
  }
  const refOf = (a: Action): EventRef => ({
    slot: a.slot,
    signature: a.signature,
    index: a.index,
    blockTime: a.blockTime,
  });
  const transactionChanges = (
    tx: readonly Action[],
    decimals: Map<string, number | null>,
  ): Map<string, Change> => {
    const deltas = new Map<string, { delta: bigint; firstIn: Action | null; first: Action }>();
    const touch = (a: Action, mint: string, delta: bigint, dec: number | null): void => {
      if (!decimals.has(mint) || decimals.get(mint) === null)
        decimals.set(mint, dec ?? (mint === SOL_MINT ? SOL_DECIMALS : null));
      const d = deltas.get(mint) ?? { delta: 0n, firstIn: null, first: a };
      d.delta += delta;
      if (delta > 0n) d.firstIn ??= a;
      deltas.set(mint, d);
    };
    for (const a of tx) {
      if (a.kind === 'event') continue;
      if (a.mintOut !== null && a.amountOut !== null && a.amountOut !== 0n)
        touch(a, a.mintOut, a.amountOut, a.decimalsOut);
      if (a.mintIn !== null && a.amountIn !== null && a.amountIn !== 0n)
        touch(a, a.mintIn, -a.amountIn, a.decimalsIn);
    }
    const out = new Map<string, Change>();
    for (const [mint, d] of deltas) {
      if (d.delta === 0n) continue;
      const rep = d.delta > 0n ? (d.firstIn ?? d.first) : d.first;
      out.set(mint, { at: refOf(rep), time: rep.blockTime, deltaRaw: d.delta });
    }
    return out;
  };
  const mine = actions.filter((a) => a.owner === null || a.owner === wallet);
  const decimals = new Map<string, number | null>();
  const changes = new Map<string, Change[]>();
  let lastTime: number | null = null;
  const pending: Array<{ list: Change[]; i: number }> = [];
  for (const tx of groupTransactions(mine)) {
    const txTime = tx.find((a) => a.blockTime !== null)?.blockTime ?? null;
    if (txTime !== null) {
      for (const p of pending) {
        const c = p.list[p.i];
        if (c !== undefined) p.list[p.i] = { ...c, time: txTime };
      }
      pending.length = 0;
      lastTime = txTime;
    }
    for (const [mint, change] of transactionChanges(tx, decimals)) {
      const list = changes.get(mint) ?? [];
      list.push({ ...change, time: txTime ?? lastTime });
      changes.set(mint, list);
      if (txTime === null && lastTime === null) pending.push({ list, i: list.length - 1 });
    }
  }
  const mints: MintHoldings[] = [];
  const negativeBalances: NegativeBalance[] = [];
  const unwindowedMints: string[] = [];
  for (const mint of [...changes.keys()].sort()) {
    const dec = decimals.get(mint) ?? null;
    const dust =
      options.dustRaw === undefined
        ? 0n
        : typeof options.dustRaw === 'bigint'
          ? options.dustRaw
          : options.dustRaw(mint, dec);
    const timeline: BalancePoint[] = [];
    const windows: HoldingWindow[] = [];
    let balance = 0n;
    const layers: { start: number | null; opened: EventRef; qtyRaw: bigint }[] = [];
    let windowless = dec === null;
    const emit = (
      layer: (typeof layers)[number],
      qtyRaw: bigint,
      end: number | null,
      closedBy: EventRef | null,
    ): void => {
      if (dec === null || layer.start === null) {
        windowless = true;
        return;
      }
      if (qtyRaw <= dust) return;
      const { signature, index, slot } = layer.opened;
      windows.push({
        mint,
        decimals: dec,
        balanceRaw: qtyRaw,
        start: layer.start,
        end,
        opened: { signature, index, slot },
        closed:
          closedBy === null
            ? null
            : { signature: closedBy.signature, index: closedBy.index, slot: closedBy.slot },
      });
    };
    for (const c of changes.get(mint) ?? []) {
      let next = balance + c.deltaRaw;
      let clamped = 0n;
      if (next < 0n) {
        clamped = -next;
        negativeBalances.push({ mint, at: c.at, shortfallRaw: clamped });
        next = 0n;
      }
      balance = next;
      timeline.push({ at: c.at, t: c.time, deltaRaw: c.deltaRaw, balanceRaw: balance, clampedRaw: clamped });
      if (c.deltaRaw > 0n) {
        layers.push({ start: c.time, opened: c.at, qtyRaw: c.deltaRaw });
        continue;
      }
      let leaving = -c.deltaRaw - clamped;
      while (leaving > 0n) {
        const top = layers[layers.length - 1];
        if (top === undefined) break;
        const take = top.qtyRaw < leaving ? top.qtyRaw : leaving;
        emit(top, take, c.time, c.at);
        top.qtyRaw -= take;
        leaving -= take;
        if (top.qtyRaw === 0n) layers.pop();
      }
    }
    for (const layer of layers) emit(layer, layer.qtyRaw, null, null);
    if (windowless) unwindowedMints.push(mint);
    mints.push({ mint, decimals: dec, timeline, windows });
  }
  const windows = mints
    .flatMap((m) => m.windows)
    .sort((a, b) => a.start - b.start || (a.mint < b.mint ? -1 : a.mint > b.mint ? 1 : 0));
  return { wallet, mints, windows, negativeBalances, unwindowedMints };
}

// ---- Properties -------------------------------------------------------------------------------------------

describe('HoldingsTracker', () => {
  it('computeHoldings is byte-identical to the two-pass walk (null times, missing decimals, other owners)', () => {
    fc.assert(
      fc.property(historyArb, dustArb, (history, options) => {
        const actions = materialize(history, true);
        const got = computeHoldings(WALLET, actions, options);
        const want = referenceHoldings(WALLET, actions, options);
        expect(got).toStrictEqual(want);
        expect(toJson(got)).toBe(toJson(want));
      }),
      { numRuns: 300 },
    );
  });

  it('resuming a snapshot at any settle time S gives exactly the full run: windows, timelines, shortfalls', () => {
    // How often the interesting cases came up, so the property is known not to be vacuous.
    const seen = { spanning: 0, closedOnBothSides: 0, clampedInTail: 0 };
    fc.assert(
      fc.property(historyArb, dustArb, fc.nat(), fc.boolean(), (history, options, cut, viaJson) => {
        const actions = materialize(history, false);
        const txs = groupTransactions(actions);
        const end = (txs[txs.length - 1]?.[0]?.blockTime ?? T0) - T0;
        const settle = T0 - 1 + (cut % (end + 3));
        const prefix = txs.filter((t) => (t[0]?.blockTime ?? 0) < settle);
        const tail = txs.filter((t) => (t[0]?.blockTime ?? 0) >= settle);

        const full = computeHoldings(WALLET, actions, options);
        const before = HoldingsTracker.create(WALLET, options);
        for (const t of prefix) before.applyTransaction(t);
        const state = before.snapshot();
        const after = HoldingsTracker.resume(
          viaJson ? fromJson<HoldingsState>(toJson(state)) : state,
          options,
        );
        for (const t of tail) after.applyTransaction(t);

        const spans = state.mints.some((m) => m.layers.length > 0);
        if (spans && after.closedWindows().some((w) => w.start < settle)) seen.spanning += 1;
        if (before.closedWindows().length > 0 && after.closedWindows().length > 0)
          seen.closedOnBothSides += 1;
        if (prefix.length > 0 && after.finish().negativeBalances.length > 0) seen.clampedInTail += 1;
        const resumed = [...before.closedWindows(), ...after.closedWindows(), ...after.openWindows()];
        expect(sortedWindows(resumed)).toStrictEqual(sortedWindows(full.windows));
        // Subjects at/after S: same as the full run.
        const report = after.finish();
        // Windows that closed before S while the mint's decimals were unknown come out once an action gives them.
        const undecided = new Set(state.mints.filter((m) => m.decimals === null).map((m) => m.mint));
        expect(report.windows).toStrictEqual(
          full.windows.filter((w) => w.end === null || w.end >= settle || undecided.has(w.mint)),
        );
        for (const m of full.mints) {
          const r = report.mints.find((x) => x.mint === m.mint);
          expect(r?.decimals).toBe(m.decimals);
          expect(r?.timeline).toStrictEqual(m.timeline.filter((p) => (p.t ?? 0) >= settle));
        }
        expect(report.mints.map((m) => m.mint)).toStrictEqual(full.mints.map((m) => m.mint));
        expect(report.negativeBalances).toStrictEqual(
          full.negativeBalances.filter((n) => (n.at.blockTime ?? 0) >= settle),
        );
        expect(report.unwindowedMints).toStrictEqual(full.unwindowedMints);
        // The prefix tracker's own report is the full run of the prefix.
        expect(before.finish()).toStrictEqual(computeHoldings(WALLET, prefix.flat(), options));
      }),
      { numRuns: 300 },
    );
    expect(seen.spanning).toBeGreaterThan(10);
    expect(seen.closedOnBothSides).toBeGreaterThan(3);
    expect(seen.clampedInTail).toBeGreaterThan(10);
  });

  it('snapshot() is a deep copy: neither the tracker nor a resumed tracker changes it', () => {
    fc.assert(
      fc.property(historyArb, historyArb, dustArb, (first, second, options) => {
        const txs = groupTransactions(materialize([...first, ...second], false));
        const split = groupTransactions(materialize(first, false)).length;
        const tracker = HoldingsTracker.create(WALLET, options);
        for (const t of txs.slice(0, split)) tracker.applyTransaction(t);
        const state = tracker.snapshot();
        const frozen = toJson(state);
        const resumed = HoldingsTracker.resume(state, options);
        for (const t of txs.slice(split)) {
          tracker.applyTransaction(t);
          resumed.applyTransaction(t);
        }
        expect(toJson(state)).toBe(frozen);
        expect(toJson(resumed.snapshot())).toBe(toJson(tracker.snapshot()));
        expect(fromJson<HoldingsState>(frozen)).toStrictEqual(state);
      }),
      { numRuns: 100 },
    );
  });

  it('a window that closed before S while its decimals were unknown comes out once a later action gives them', () => {
    const at = (slot: number, seconds: number) => ({
      slot: BigInt(slot),
      signature: `tx${String(slot).padStart(6, '0')}`,
      index: 0,
      blockTime: T0 + seconds,
    });
    const undated = (a: Action): Action => ({ ...a, decimalsIn: null, decimalsOut: null });
    const prefix = [[undated(receive(at(1, 0), LATE, 100n, 0))], [undated(send(at(2, DAY), LATE, 60n, 0))]];
    const tail = [[receive(at(3, 3 * DAY), LATE, 5n, 3)]];
    const before = HoldingsTracker.create(WALLET);
    for (const t of prefix) before.applyTransaction(t);
    expect(before.closedWindows()).toStrictEqual([]);
    const after = HoldingsTracker.resume(fromJson<HoldingsState>(toJson(before.snapshot())));
    for (const t of tail) after.applyTransaction(t);
    const opened = { signature: 'tx000001', index: 0, slot: 1n };
    expect(after.closedWindows()).toStrictEqual([
      {
        mint: LATE,
        decimals: 3,
        balanceRaw: 60n,
        start: T0,
        end: T0 + DAY,
        opened,
        closed: { signature: 'tx000002', index: 0, slot: 2n },
      },
    ]);
    expect(after.openWindows().map((w) => [w.balanceRaw, w.start, w.end])).toStrictEqual([
      [40n, T0, null],
      [5n, T0 + 3 * DAY, null],
    ]);
    expect(computeHoldings(WALLET, [...prefix, ...tail].flat()).windows).toStrictEqual([
      ...after.closedWindows(),
      ...after.openWindows(),
    ]);
  });

  it('refuses to snapshot while a leading transaction without a block time waits for one', () => {
    const tracker = HoldingsTracker.create(WALLET);
    const at = (slot: number, blockTime: number | null) => ({
      slot: BigInt(slot),
      signature: `tx${String(slot).padStart(6, '0')}`,
      index: 0,
      blockTime,
    });
    tracker.applyTransaction([receive(at(1, null), TOKEN, 100n, 6)]);
    expect(() => tracker.snapshot()).toThrow(/without a block time/);
    // Before any time comes, the report is the one without times (no window), and finish() changes nothing.
    expect(tracker.finish().unwindowedMints).toStrictEqual([TOKEN]);
    tracker.applyTransaction([receive(at(2, T0), TOKEN, 50n, 6)]);
    expect(tracker.snapshot().mints[0]?.layers.map((l) => [l.start, l.qtyRaw])).toStrictEqual([
      [T0, 100n],
      [T0, 50n],
    ]);
    expect(() => tracker.applyTransaction([receive(at(2, T0), TOKEN, 50n, 6)])).toThrow(/not after/);
  });
});
