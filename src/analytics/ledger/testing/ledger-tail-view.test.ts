import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildLedger } from '../build-ledger.ts';
import { WALLET } from '../ledger.fixtures.ts';
import type { LedgerResult } from '../ledger-records.ts';
import { MINTS, OPTIONS, materialize, scenario } from '../ledger-scenario.fixtures.ts';
import { ledgerTailView } from './ledger-tail-view.ts';
import { type OpenLotAt, openLotsAt } from '../open-lots-at.ts';

const ledgerOf = (ops: Parameters<typeof materialize>[0]): LedgerResult => {
  const r = buildLedger(WALLET, materialize(ops).actions, OPTIONS);
  return { lots: r.lots, realizedTrades: r.realizedTrades, episodes: r.episodes, flags: r.flags };
};

/** What a reader of the open lots sees: the lot's identity and opening event, what is open and its cost. */
const view = (xs: readonly OpenLotAt[]) =>
  xs.map((o) => [o.lot.id, o.lot.openedAt, o.openQtyRaw, o.openCostUsd]);

/** Event times of a ledger, with the seconds either side (the fixtures space transactions 60 s apart). */
const timesOf = (r: LedgerResult): number[] => {
  const ts = [
    ...r.lots.map((l) => l.openedAt.blockTime),
    ...r.realizedTrades.map((t) => t.exit.blockTime),
    ...r.flags.map((f) => f.at.blockTime),
  ].filter((t): t is number => t !== null);
  return [...new Set(ts.flatMap((t) => [t - 1, t, t + 1]))].sort((a, b) => a - b);
};

const splitArb = scenario.chain((ops) => {
  const r = ledgerOf(ops);
  const ts = timesOf(r);
  const lo = (ts[0] ?? 0) - 120;
  const hi = (ts.at(-1) ?? 0) + 120;
  const anywhere = fc.integer({ min: lo, max: hi });
  return fc.tuple(fc.constant(r), ts.length === 0 ? anywhere : fc.oneof(fc.constantFrom(...ts), anywhere));
});

describe('ledgerTailView', () => {
  it('openLotsAt(view, t) = openLotsAt(full, t) for every t ≥ s − 1, in total and per mint', () => {
    fc.assert(
      fc.property(splitArb, ([r, s]) => {
        const tail = ledgerTailView(r, s);
        const ts = [s - 1, s, ...timesOf(r).filter((t) => t >= s), Number.MAX_SAFE_INTEGER];
        for (const t of ts) {
          expect(view(openLotsAt(tail, t))).toEqual(view(openLotsAt(r, t)));
          for (const mint of MINTS)
            expect(view(openLotsAt(tail, t, mint))).toEqual(view(openLotsAt(r, t, mint)));
        }
      }),
    );
  });

  it('keeps what happened at or after s and shrinks the lots open before it to what was left then', () => {
    fc.assert(
      fc.property(splitArb, ([r, s]) => {
        const tail = ledgerTailView(r, s);
        const openBefore = new Map(openLotsAt(r, s - 1).map((o) => [o.lot.id, o]));
        const byId = new Map(r.lots.map((l) => [l.id, l]));
        const kept = r.lots.filter((l) => openBefore.has(l.id) || (l.openedAt.blockTime ?? 0) >= s);
        expect(tail.lots.map((l) => l.id)).toEqual(kept.map((l) => l.id));
        for (const l of tail.lots) {
          const full = byId.get(l.id);
          const o = openBefore.get(l.id);
          expect(l).toEqual(
            o === undefined ? full : { ...full, qtyRaw: o.openQtyRaw, costUsd: o.openCostUsd },
          );
        }
        expect(tail.realizedTrades).toEqual(r.realizedTrades.filter((t) => (t.exit.blockTime ?? 0) >= s));
        expect(tail.flags).toEqual(r.flags.filter((f) => (f.at.blockTime ?? 0) >= s));
        expect(tail.episodes).toEqual(
          r.episodes.filter((e) => e.closedAt === null || (e.closedAt.blockTime ?? 0) >= s),
        );
      }),
    );
  });

  it('is the whole ledger when s is before everything, and only the open lots when s is after it', () => {
    fc.assert(
      fc.property(scenario, (ops) => {
        const r = ledgerOf(ops);
        const ts = timesOf(r);
        expect(ledgerTailView(r, ts[0] ?? 0)).toEqual(r);
        const late = ledgerTailView(r, (ts.at(-1) ?? 0) + 1);
        expect(late).toEqual({
          lots: r.lots
            .filter((l) => l.openQtyRaw > 0n)
            .map((l) => ({ ...l, qtyRaw: l.openQtyRaw, costUsd: l.openCostUsd })),
          realizedTrades: [],
          episodes: r.episodes.filter((e) => e.closedAt === null),
          flags: [],
        });
      }),
    );
  });
});
