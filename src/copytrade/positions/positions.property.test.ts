import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { ClosedTrade } from '../strategy/breaker-metrics.ts';
import { DEFAULT_BREAKER_SETTINGS } from '../strategy/breaker-settings.ts';
import { evaluateBreakers } from '../strategy/circuit-breakers.ts';
import { formatFixed, parseFixed } from '../strategy/fixed-point.ts';
import { DEFAULT_STRATEGY } from '../strategy/strategy-templates.ts';
import { openCopyPosition, type CopyPosition } from './copy-position.ts';
import { decideSignal, type CopySignal, type SignalContext } from './decide-signal.ts';
import { paperFill, type PaperFillConfig } from './paper-fill.ts';
import { applyPositionEvent } from './position-events.ts';
import { positionPnl } from './position-pnl.ts';
import {
  emptySwapQueue,
  enqueueSwap,
  markSent,
  nextSend,
  swapPriority,
  type SwapKind,
} from './swap-queue.ts';
import { NOW_MS, safetyResult } from './testing/copy-position-fixtures.ts';
import { valueFloor } from './usd-grid.ts';

const price = fc
  .tuple(fc.bigInt({ min: 1n, max: 999_999n }), fc.integer({ min: 6, max: 20 }))
  .map(([m, e]) => formatFixed(m * 10n ** BigInt(e)));

const fillConfig: fc.Arbitrary<PaperFillConfig> = fc.record({
  slippageBps: fc.integer({ min: 0, max: 300 }),
  sizeImpact: fc.constant(null),
  maxSlippageBps: fc.constant(9_999),
  feeBps: fc.integer({ min: 0, max: 100 }),
  networkFeeLamports: fc.bigInt({ min: 0n, max: 1_000_000n }),
});

const decimals = fc.integer({ min: 0, max: 9 });

function mustFill(
  c: PaperFillConfig,
  side: 'buy' | 'sell',
  qtyRaw: bigint,
  d: number,
  quote: string,
  atMs: number,
) {
  const r = paperFill(c, {
    side,
    qtyRaw,
    decimals: d,
    quotePriceUsd: quote,
    solPriceUsd: '150',
    liquidityUsd: null,
    atMs,
  });
  if (!r.ok) throw new Error(r.reason);
  return r.fill;
}

interface Scenario {
  readonly config: PaperFillConfig;
  readonly decimals: number;
  readonly qtyRaw: bigint;
  readonly entryPrice: string;
  readonly exits: readonly (readonly [number, string])[];
  readonly mark: string;
}

/** A position opened at a paper fill, then sold in random partial chunks at random prices. */
const scenario: fc.Arbitrary<Scenario> = fc.record({
  config: fillConfig,
  decimals,
  qtyRaw: fc.bigInt({ min: 1n, max: 10n ** 15n }),
  entryPrice: price,
  // each exit: share of what is left (per mille, 1000 = all), price
  exits: fc.array(fc.tuple(fc.integer({ min: 1, max: 1000 }), price), { maxLength: 6 }),
  mark: price,
});

function run(s: Scenario): { p: CopyPosition; sold: bigint; proceeds: bigint } {
  let p = openCopyPosition({
    id: 'p',
    signalId: 's',
    wallet: 'W',
    mint: 'M',
    decimals: s.decimals,
    mode: 'simulation',
    entry: mustFill(s.config, 'buy', s.qtyRaw, s.decimals, s.entryPrice, 1),
    walletStrategy: DEFAULT_STRATEGY,
  });
  let sold = 0n;
  let proceeds = 0n;
  s.exits.forEach(([perMille, px], i) => {
    const left = p.exitState.remainingQtyRaw;
    if (p.status !== 'open' || left === 0n) return;
    const qty = (left * BigInt(perMille)) / 1000n;
    if (qty === 0n) return;
    const decision = {
      reason: 'MIRROR_EXIT' as const,
      mode: 'proportional' as const,
      qtyRaw: qty,
      priceUsd: px,
      atMs: 10 + i,
      sourceSoldFraction: '0.5',
    };
    p = applyPositionEvent(p, { type: 'EXIT_STARTED', decision, atMs: 10 + i });
    const f = mustFill(s.config, 'sell', qty, s.decimals, px, 10 + i);
    p = applyPositionEvent(p, { type: 'EXIT_FILLED', fill: f, atMs: 10 + i });
    sold += qty;
    proceeds += parseFixed(f.notionalUsd) - parseFixed(f.feesUsd);
  });
  return { p, sold, proceeds };
}

describe('position properties', () => {
  test('quantities are conserved across partial exits; closed exactly when nothing is left', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { p, sold } = run(s);
        expect(p.exitState.remainingQtyRaw + sold).toBe(p.exitState.originalQtyRaw);
        expect(p.exitFills.reduce((n, e) => n + e.fill.qtyRaw, 0n)).toBe(sold);
        expect(p.status === 'closed').toBe(p.exitState.remainingQtyRaw === 0n);
      }),
    );
  });

  test('realized + unrealized = proceeds + mark value − entry cost, exactly; the basis is conserved', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { p, proceeds } = run(s);
        const pnl = positionPnl(p, s.mark);
        const markValue = valueFloor(p.exitState.remainingQtyRaw, parseFixed(s.mark), p.decimals);
        const change = proceeds + markValue - parseFixed(p.entryCostUsd);
        expect(parseFixed(pnl.realizedPnlUsd) + parseFixed(pnl.unrealizedPnlUsd)).toBe(change);
        const basisSold = p.exitFills.reduce((n, e) => n + parseFixed(e.costBasisUsd), 0n);
        expect(basisSold + parseFixed(p.remainingCostUsd)).toBe(parseFixed(p.entryCostUsd));
      }),
    );
  });

  test('a paper buy never fills below the quote, a sell never above, and costs are never negative', () => {
    fc.assert(
      fc.property(fillConfig, decimals, fc.bigInt({ min: 1n, max: 10n ** 15n }), price, (c, d, q, quote) => {
        const b = mustFill(c, 'buy', q, d, quote, 1);
        const s = mustFill(c, 'sell', q, d, quote, 1);
        expect(parseFixed(b.priceUsd) >= parseFixed(quote)).toBe(true);
        expect(parseFixed(s.priceUsd) <= parseFixed(quote)).toBe(true);
        for (const f of [b, s]) {
          expect(parseFixed(f.feesUsd) >= 0n && parseFixed(f.slippageUsd) >= 0n).toBe(true);
        }
      }),
    );
  });
});

describe('breakers never block an exit', () => {
  const closed: fc.Arbitrary<ClosedTrade[]> = fc.array(
    fc.record({
      positionId: fc.uuid(),
      wallet: fc.constantFrom('W1', 'W2'),
      closedAtMs: fc.integer({ min: NOW_MS - 3_600_000, max: NOW_MS }),
      realizedPnlUsd: fc.integer({ min: -500, max: 100 }).map(String),
    }),
    { maxLength: 30 },
  );

  test('the decision on a source sell is the same whatever the breakers say', () => {
    const base: SignalContext = {
      wallet: {
        address: 'W1',
        active: true,
        mode: 'simulation',
        allocation: null,
        strategy: DEFAULT_STRATEGY,
      },
      safety: safetyResult('M'),
      breakers: evaluateBreakers([], DEFAULT_BREAKER_SETTINGS, { nowMs: NOW_MS, equityBaseUsd: '1000' }),
      positions: [],
      sizing: { capitalUsd: '10000', defaultAllocation: '0.01', minEntryUsd: '1' },
      paperFill: { slippageBps: 0, sizeImpact: null, maxSlippageBps: 100, feeBps: 0, networkFeeLamports: 0n },
      solPriceUsd: '150',
      liquidityUsd: null,
      newPositionId: 'p1',
    };
    const buy: CopySignal = {
      id: 'b',
      wallet: 'W1',
      mint: 'M',
      side: 'buy',
      atMs: NOW_MS,
      priceUsd: '1',
      decimals: 0,
      sourceSell: null,
    };
    const opened = decideSignal(buy, base);
    if (opened.kind !== 'position_opened') throw new Error(opened.kind);
    fc.assert(
      fc.property(
        closed,
        fc.bigInt({ min: 1n, max: 1000n }),
        fc.bigInt({ min: 0n, max: 1000n }),
        (trades, sold, extra) => {
          const breakers = evaluateBreakers(trades, DEFAULT_BREAKER_SETTINGS, {
            nowMs: NOW_MS,
            equityBaseUsd: '1000',
          });
          const sell: CopySignal = {
            ...buy,
            id: 's',
            side: 'sell',
            sourceSell: { soldRaw: sold, heldBeforeRaw: sold + extra },
          };
          const quiet = decideSignal(sell, { ...base, positions: [opened.position] });
          const tripped = decideSignal(sell, { ...base, positions: [opened.position], breakers });
          expect(tripped).toEqual(quiet);
          // 100 units held: proportional to the source's share, a sell that moves no unit is no exit.
          const ours = (100n * sold) / (sold + extra);
          expect(quiet.kind).toBe(ours > 0n ? 'mirror_exit' : 'ignored_no_exit');
        },
      ),
    );
  });
});

describe('swap queue properties', () => {
  const kind = fc.constantFrom<SwapKind>(
    'MIRROR_EXIT',
    'STOP_LOSS',
    'TRAILING_STOP',
    'TAKE_PROFIT',
    'ENTRY',
    'SCALE_OUT',
  );
  // Interleaved operations: enqueue a kind, or send the next swap after some wait.
  const op = fc.oneof(
    kind.map((k) => ({ enqueue: k }) as const),
    fc.integer({ min: 0, max: 3000 }).map((waitMs) => ({ waitMs }) as const),
  );

  test('every send is the most urgent queued swap (FIFO within its priority) and respects the spacing', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), fc.integer({ min: 0, max: 2000 }), (ops, spacingMs) => {
        let q = emptySwapQueue<null>(spacingMs);
        let now = 0;
        let lastSent: number | null = null;
        ops.forEach((o, i) => {
          if ('enqueue' in o) {
            q = enqueueSwap(q, { id: `s${i}`, kind: o.enqueue, payload: null }, now);
            return;
          }
          now += o.waitMs;
          const n = nextSend(q, now);
          if (n === null) return;
          for (const other of q.items) {
            const [pa, pb] = [swapPriority(n.item.kind), swapPriority(other.kind)];
            expect(pa < pb || (pa === pb && n.item.seq <= other.seq)).toBe(true);
          }
          expect(n.sendAtMs).toBeGreaterThanOrEqual(now);
          if (lastSent !== null) expect(n.sendAtMs - lastSent).toBeGreaterThanOrEqual(spacingMs);
          q = markSent(q, n.item.id, n.sendAtMs);
          lastSent = n.sendAtMs;
          now = n.sendAtMs;
        });
      }),
    );
  });
});
