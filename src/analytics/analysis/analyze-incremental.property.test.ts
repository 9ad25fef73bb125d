/**
 * Incremental analysis = full recompute (SPEC §3 "cheap to recompute"): on random multi-week histories — buys,
 * partial and full sells, airdrops, transfers out, round trips through a linked wallet, SOL and USDC deposits
 * and withdrawals (idle yield), fees — priced on random hourly candles with crashes and recoveries (rugs), an
 * analysis at T1 takes a checkpoint; a run at T2 resumed from it with only the transactions after the settle
 * time gives exactly what a full run at T2 gives: moments (values, status, order), realized PnL, counts,
 * extremes, unrealized PnL, trade and episode counts, the tail of the ledger, and the next checkpoint itself.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Action } from '../../decoder/action.ts';
import { SOL_MINT, USDC_MINT } from '../../domain/mints.ts';
import { createMemoryPriceWindow } from '../../market/candles/memory-price-window.ts';
import type { Candle } from '../../store/prices/candle.repository.ts';
import { CONFIG } from '../detectors/detectors.fixtures.ts';
import { MOMENT_KINDS } from '../detectors/moment.ts';
import { base } from '../ledger/ledger.fixtures.ts';
import type { PriceWindow } from '../detectors/price-window.ts';
import {
  decodeCheckpoint,
  encodeCheckpoint,
  isSettledMoment,
  checkpointMints,
  settleTimeAt,
} from './analysis-checkpoint.ts';
import { analyzeWalletActions, type WalletAnalysis } from './analyze-wallet-actions.ts';

const WALLET = 'Wa11et1111111111111111111111111111111111111';
const LINKED = 'L1nked111111111111111111111111111111111111';
const STRANGER = 'Str4nger11111111111111111111111111111111111';
const TOKENS = [
  'TokA1111111111111111111111111111111111111111',
  'TokB1111111111111111111111111111111111111111',
];
const T0 = 1_700_000_000 - (1_700_000_000 % 3_600);
const HOUR = 3_600;
const DAY = 86_400;

/** The idle-yield assets the histories deposit and withdraw. */
const IDLE = {
  SOL: { mint: SOL_MINT, decimals: 9, unit: 1_000_000_000n },
  USDC: { mint: USDC_MINT, decimals: 6, unit: 1_000_000n },
} as const;

type Op =
  | { type: 'buy'; token: number; qty: number; usd: number }
  | { type: 'sell'; token: number; part: number; usd: number }
  | { type: 'airdrop'; token: number; qty: number }
  | { type: 'sendAway'; token: number; part: number }
  | { type: 'roundTrip'; token: number; part: number }
  | { type: 'deposit'; mint: 'SOL' | 'USDC'; qty: number }
  | { type: 'withdraw'; mint: 'SOL' | 'USDC'; part: number };

const token = fc.integer({ min: 0, max: TOKENS.length - 1 });
const part = fc.integer({ min: 1, max: 100 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('buy' as const),
      token,
      qty: fc.integer({ min: 1, max: 5_000 }),
      usd: fc.integer({ min: 1, max: 3_000 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('sell' as const),
      token,
      part,
      usd: fc.integer({ min: 0, max: 4_000 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('airdrop' as const),
      token,
      qty: fc.integer({ min: 1, max: 500 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('sendAway' as const), token, part }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('roundTrip' as const), token, part }) },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('deposit' as const),
      mint: fc.constantFrom('SOL' as const, 'USDC' as const),
      qty: fc.integer({ min: 1, max: 200 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('withdraw' as const),
      mint: fc.constantFrom('SOL' as const, 'USDC' as const),
      part,
    }),
  },
);

/** One event every 2 h to 3 days; `pieces` say where the ops fall. */
const historyArb = fc.array(fc.tuple(opArb, fc.integer({ min: 2, max: 72 })), {
  minLength: 10,
  maxLength: 70,
});

/** Hourly price path per token: a random walk with rare crashes (−95 %) and recoveries. */
const pathArb = fc.array(fc.integer({ min: -12, max: 12 }), { minLength: 40, maxLength: 40 });
const crashArb = fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 2, maxLength: 2 });

interface World {
  readonly actions: Action[];
  readonly linked: Action[];
  readonly prices: PriceWindow;
  readonly candles: ReadonlyMap<string, readonly Candle[]>;
  readonly end: number;
}

function world(
  history: readonly [Op, number][],
  paths: readonly number[][],
  crashes: readonly number[],
): World {
  const actions: Action[] = [];
  const linked: Action[] = [];
  const held = TOKENS.map(() => 0n);
  const idle = { SOL: 0n, USDC: 0n };
  let t = T0 + 2 * DAY;
  let slot = 1;
  const ref = (owner: string, index = 0) => ({
    ...base,
    owner,
    slot: BigInt(slot),
    signature: `sig${String(slot).padStart(6, '0')}`,
    index,
    blockTime: t,
  });
  for (const [op, gapHours] of history) {
    t += gapHours * HOUR;
    slot += 1;
    const fee: Action = { ...ref(WALLET, 9), kind: 'fee', mintIn: SOL_MINT, amountIn: 5_000n, decimalsIn: 9 };
    switch (op.type) {
      case 'buy': {
        const qty = BigInt(op.qty) * 1_000_000n;
        held[op.token] = (held[op.token] ?? 0n) + qty;
        actions.push(
          {
            ...ref(WALLET),
            side: 'buy',
            mintIn: USDC_MINT,
            amountIn: BigInt(op.usd) * 1_000_000n,
            decimalsIn: 6,
            usdIn: String(op.usd),
            mintOut: TOKENS[op.token] ?? null,
            amountOut: qty,
            decimalsOut: 6,
          },
          fee,
        );
        break;
      }
      case 'sell': {
        const qty = ((held[op.token] ?? 0n) * BigInt(op.part)) / 100n;
        if (qty === 0n) break;
        held[op.token] = (held[op.token] ?? 0n) - qty;
        actions.push(
          {
            ...ref(WALLET),
            side: 'sell',
            mintIn: TOKENS[op.token] ?? null,
            amountIn: qty,
            decimalsIn: 6,
            mintOut: USDC_MINT,
            amountOut: BigInt(op.usd) * 1_000_000n + 1n,
            decimalsOut: 6,
            usdOut: String(op.usd),
          },
          fee,
        );
        break;
      }
      case 'airdrop': {
        const qty = BigInt(op.qty) * 1_000_000n;
        held[op.token] = (held[op.token] ?? 0n) + qty;
        actions.push({
          ...ref(WALLET),
          kind: 'mint',
          mintOut: TOKENS[op.token] ?? null,
          amountOut: qty,
          decimalsOut: 6,
        });
        break;
      }
      case 'sendAway':
      case 'roundTrip': {
        const qty = ((held[op.token] ?? 0n) * BigInt(op.part)) / 100n;
        if (qty === 0n) break;
        const mint = TOKENS[op.token] ?? null;
        const to = op.type === 'sendAway' ? STRANGER : LINKED;
        actions.push({
          ...ref(WALLET),
          kind: 'transfer_out',
          mintIn: mint,
          amountIn: qty,
          decimalsIn: 6,
          counterparty: to,
        });
        if (op.type === 'sendAway') {
          held[op.token] = (held[op.token] ?? 0n) - qty;
          break;
        }
        linked.push({
          ...ref(LINKED, 1),
          kind: 'transfer_in',
          mintOut: mint,
          amountOut: qty,
          decimalsOut: 6,
          counterparty: WALLET,
        });
        // Back a few hours later.
        t += 3 * HOUR;
        slot += 1;
        linked.push({
          ...ref(LINKED, 1),
          kind: 'transfer_out',
          mintIn: mint,
          amountIn: qty,
          decimalsIn: 6,
          counterparty: WALLET,
        });
        actions.push({
          ...ref(WALLET),
          kind: 'transfer_in',
          mintOut: mint,
          amountOut: qty,
          decimalsOut: 6,
          counterparty: LINKED,
        });
        break;
      }
      case 'deposit':
      case 'withdraw': {
        const asset = IDLE[op.mint];
        const qty =
          op.type === 'deposit' ? BigInt(op.qty) * asset.unit : (idle[op.mint] * BigInt(op.part)) / 100n;
        if (qty === 0n) break;
        idle[op.mint] += op.type === 'deposit' ? qty : -qty;
        actions.push(
          op.type === 'deposit'
            ? {
                ...ref(WALLET),
                kind: 'transfer_in',
                mintOut: asset.mint,
                amountOut: qty,
                decimalsOut: asset.decimals,
                counterparty: STRANGER,
              }
            : {
                ...ref(WALLET),
                kind: 'transfer_out',
                mintIn: asset.mint,
                amountIn: qty,
                decimalsIn: asset.decimals,
                counterparty: STRANGER,
              },
        );
        break;
      }
    }
  }
  const end = t + 20 * DAY;
  const candles = new Map<string, Candle[]>();
  const series = (mint: string, path: readonly number[], crashAt: number | null, start: number): void => {
    const list: Candle[] = [];
    let px = start;
    let h = 0;
    for (let b = T0; b < end; b += HOUR, h += 1) {
      const step = path[h % path.length] ?? 0;
      px = Math.max(1, Math.round(px * (1 + step / 200)));
      if (crashAt !== null && h === crashAt * 7) px = Math.max(1, Math.round(px / 20));
      if (crashAt !== null && h === crashAt * 7 + 24 * 12) px = px * 15;
      const s = (v: number) => (v / 1_000).toString();
      list.push({
        mint,
        resolution: '1h',
        bucketStart: new Date(b * 1000),
        open: s(px),
        high: s(px + px / 50),
        low: s(px - px / 50),
        close: s(px),
        volumeUsd: null,
        source: 'test',
      });
    }
    candles.set(mint, list);
  };
  TOKENS.forEach((m, i) => series(m, paths[i] ?? [], crashes[i] ?? null, 1_000 + i * 300));
  series(SOL_MINT, paths[2] ?? [], null, 150_000);
  series(USDC_MINT, [0], null, 1_000);
  return { actions, linked, prices: createMemoryPriceWindow(candles), candles, end };
}

const upTo = (xs: readonly Action[], t: number) => xs.filter((a) => (a.blockTime ?? 0) <= t);
const from = (xs: readonly Action[], t: number) => xs.filter((a) => (a.blockTime ?? 0) >= t);

function analyze(w: World, now: number, extra: Partial<Parameters<typeof analyzeWalletActions>[0]> = {}) {
  return analyzeWalletActions({
    wallet: WALLET,
    actions: upTo(w.actions, now),
    linkedActions: new Map([[LINKED, upTo(w.linked, now)]]),
    minuteFills: upTo(w.actions, now).filter((a) => a.kind === 'swap'),
    prices: w.prices,
    now,
    config: CONFIG,
    settleAt: settleTimeAt(now, CONFIG),
    ...extra,
  });
}

function resumed(w: World, first: WalletAnalysis, now: number): WalletAnalysis {
  // Through the codec, as the store keeps it.
  const checkpoint = decodeCheckpoint(encodeCheckpoint(first.checkpoint ?? fail('no checkpoint')));
  const s = checkpoint.settleAt;
  // Only the candles a resumed run loads (run-analysis.ts): from 7 h before the settle time for the mints the
  // checkpoint knows, the whole history for the others.
  const known = checkpointMints(checkpoint);
  const recent = new Map(
    [...w.candles].map(([mint, list]) => [
      mint,
      known.has(mint) ? list.filter((c) => c.bucketStart.getTime() / 1000 >= s - 7 * HOUR) : list,
    ]),
  );
  return analyze(w, now, {
    prices: createMemoryPriceWindow(recent),
    actions: from(upTo(w.actions, now), s),
    linkedActions: new Map([[LINKED, from(upTo(w.linked, now), s)]]),
    minuteFills: from(upTo(w.actions, now), s).filter((a) => a.kind === 'swap'),
    resume: { checkpoint, settledMoments: first.moments.filter((m) => isSettledMoment(m, s)) },
  });
}

function fail(message: string): never {
  throw new Error(message);
}

function expectSame(inc: WalletAnalysis, full: WalletAnalysis): void {
  expect(inc.moments).toEqual(full.moments);
  expect(inc.realizedPnlUsd).toBe(full.realizedPnlUsd);
  expect(inc.counts).toEqual(full.counts);
  expect(inc.extremes).toEqual(full.extremes);
  expect(inc.unrealized).toEqual(full.unrealized);
  expect(inc.tradeCount).toBe(full.tradeCount);
  expect(inc.episodeCount).toBe(full.episodeCount);
  const s = inc.resumedFrom?.settleAt ?? fail('not resumed');
  // The tail of the ledger: what the store replaces after a resumed run.
  const tailIds = new Set(inc.ledger.lots.map((l) => l.id));
  expect(inc.ledger.lots).toEqual(full.ledger.lots.filter((l) => tailIds.has(l.id)));
  for (const l of full.ledger.lots)
    if (!tailIds.has(l.id)) {
      expect(l.openQtyRaw).toBe(0n);
      expect(l.openedAt.blockTime ?? Infinity).toBeLessThan(s);
    }
  expect(inc.ledger.realizedTrades).toEqual(
    full.ledger.realizedTrades.filter((t) => (t.exit.blockTime ?? 0) >= s),
  );
  expect(inc.ledger.flags).toEqual(full.ledger.flags.slice(inc.resumedFrom?.flagsBefore ?? 0));
  const episodeIds = new Set(inc.ledger.episodes.map((e) => e.id));
  expect(inc.ledger.episodes).toEqual(full.ledger.episodes.filter((e) => episodeIds.has(e.id)));
  expect(inc.checkpoint).toEqual(full.checkpoint);
}

describe('incremental analysis', () => {
  it('resumed from a checkpoint = full recompute, with new transactions and time passing', () => {
    let resumedRuns = 0;
    let settledMoments = 0;
    fc.assert(
      fc.property(
        historyArb,
        fc.tuple(pathArb, pathArb, pathArb),
        crashArb,
        fc.integer({ min: 10, max: 90 }),
        fc.integer({ min: 0, max: 40 }),
        (history, paths, crashes, t1Pct, laterDays) => {
          const w = world(history, paths, crashes);
          const last = w.actions.at(-1)?.blockTime ?? T0;
          const first = T0 + 2 * DAY;
          const t1 = first + Math.floor(((last - first) * t1Pct) / 100) + 10 * DAY;
          const t2 = t1 + laterDays * DAY + 3_601;
          const one = analyze(w, t1);
          if (one.checkpoint === null) return;
          const inc = resumed(w, one, t2);
          const full = analyze(w, t2);
          expectSame(inc, full);
          resumedRuns += 1;
          settledMoments += one.moments.filter((m) =>
            isSettledMoment(m, one.checkpoint?.settleAt ?? 0),
          ).length;
          // And again from the resumed run's checkpoint: chains of resumes stay exact.
          const t3 = t2 + 12 * DAY;
          expectSame(resumed(w, inc, t3), analyze(w, t3));
        },
      ),
      { numRuns: 60 },
    );
    // The property saw what it is about: resumed runs with settled moments to carry.
    expect(resumedRuns).toBeGreaterThan(40);
    expect(settledMoments).toBeGreaterThan(100);
  });

  it('the moments of every kind appear in these worlds (the property covers each detector)', () => {
    const kinds = new Set<string>();
    fc.assert(
      fc.property(historyArb, fc.tuple(pathArb, pathArb, pathArb), crashArb, (history, paths, crashes) => {
        const w = world(history, paths, crashes);
        for (const m of analyze(w, w.end).moments) kinds.add(m.kind);
      }),
      { numRuns: 40 },
    );
    expect([...kinds].sort()).toEqual([...MOMENT_KINDS].sort());
  });
});
