import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildLedger, resumeLedger } from './build-ledger.ts';
import { LedgerBuilder } from './ledger-builder.ts';
import type { LedgerResult } from './ledger-records.ts';
import { WALLET } from './ledger.fixtures.ts';
import { MINTS, OPTIONS, materialize, opArb, scenario, sum } from './ledger-scenario.fixtures.ts';

describe('buildLedger properties', () => {
  it('FIFO conservation: open lot quantities = exposure = Σ in − Σ out, per mint', () => {
    fc.assert(
      fc.property(scenario, (ops) => {
        const { actions, net } = materialize(ops);
        const r = buildLedger(WALLET, actions, OPTIONS);
        for (const mint of MINTS) {
          const open = r.lots.filter((l) => l.mint === mint).reduce((a, l) => a + l.openQtyRaw, 0n);
          expect(open).toBe(net.get(mint));
        }
      }),
    );
  });

  it('cost conservation: open cost + realized cost + cost moved out = total cost in, exactly', () => {
    fc.assert(
      fc.property(scenario, (ops) => {
        const r = buildLedger(WALLET, materialize(ops).actions, OPTIONS);
        expect(r.lots.every((l) => l.costUsd !== null)).toBe(true);
        const costIn = sum(r.lots.map((l) => l.costUsd));
        const open = sum(r.lots.map((l) => l.openCostUsd));
        const realized = sum(r.realizedTrades.map((t) => t.costUsd));
        const moved = sum(r.flags.map((f) => f.costUsd));
        expect(open + realized + moved).toBe(costIn);
      }),
    );
  });

  it('realized PnL = proceeds − cost for every trade, exactly', () => {
    fc.assert(
      fc.property(scenario, (ops) => {
        const r = buildLedger(WALLET, materialize(ops).actions, OPTIONS);
        for (const t of r.realizedTrades) {
          expect(t.costUsd).not.toBeNull();
          expect(sum([t.pnlUsd])).toBe(sum([t.proceedsUsd]) - sum([t.costUsd]));
        }
      }),
    );
  });

  it('resuming from a snapshot with the later actions = full recompute', () => {
    fc.assert(
      fc.property(scenario, fc.nat(), (ops, cut) => {
        const { actions } = materialize(ops);
        // Batches hold whole transactions (the store writes a transaction's actions together): cut between two.
        let split = cut % (actions.length + 1);
        while (
          split > 0 &&
          split < actions.length &&
          actions[split]?.signature === actions[split - 1]?.signature
        )
          split -= 1;
        const snapshot = LedgerBuilder.create(WALLET, OPTIONS).apply(actions.slice(0, split)).snapshot();
        const full = buildLedger(WALLET, actions, OPTIONS);
        const fullResult: LedgerResult = {
          lots: full.lots,
          realizedTrades: full.realizedTrades,
          episodes: full.episodes,
          flags: full.flags,
        };
        expect(resumeLedger(snapshot, actions, OPTIONS)).toEqual(fullResult);
        expect(resumeLedger(snapshot, actions.slice(split), OPTIONS)).toEqual(fullResult);
      }),
    );
  });

  it('shuffling the input gives the same result; same input gives deep-equal output', () => {
    fc.assert(
      fc.property(
        scenario.chain((ops) => {
          const { actions } = materialize(ops);
          return fc.tuple(
            fc.constant(actions),
            fc.shuffledSubarray(actions, { minLength: actions.length, maxLength: actions.length }),
          );
        }),
        ([actions, shuffled]) => {
          const a = buildLedger(WALLET, actions, OPTIONS);
          expect(buildLedger(WALLET, shuffled, OPTIONS)).toEqual(a);
          expect(buildLedger(WALLET, actions, OPTIONS)).toEqual(a);
        },
      ),
    );
  });

  it('replays are idempotent: duplicated, shuffled input and a resume fed duplicates = one clean run', () => {
    fc.assert(
      fc.property(
        scenario.chain((ops) => {
          const { actions } = materialize(ops);
          const doubled = [...actions, ...actions];
          return fc.tuple(
            fc.constant(actions),
            fc.shuffledSubarray(doubled, { minLength: doubled.length, maxLength: doubled.length }),
            fc.nat(),
          );
        }),
        ([actions, noisy, cut]) => {
          const clean = buildLedger(WALLET, actions, OPTIONS);
          const again = buildLedger(WALLET, noisy, OPTIONS);
          expect([again.lots, again.realizedTrades, again.episodes, again.flags]).toEqual([
            clean.lots,
            clean.realizedTrades,
            clean.episodes,
            clean.flags,
          ]);
          // A snapshot after the first k transactions, resumed with every action (duplicated, shuffled).
          const txs = [...new Set(actions.map((a) => a.signature))];
          const k = cut % (txs.length + 1);
          const head = actions.filter((a) => txs.indexOf(a.signature) < k);
          const snapshot = LedgerBuilder.create(WALLET, OPTIONS).apply(head).snapshot();
          const resumed = resumeLedger(snapshot, noisy, OPTIONS);
          expect([resumed.lots, resumed.realizedTrades, resumed.episodes]).toEqual([
            clean.lots,
            clean.realizedTrades,
            clean.episodes,
          ]);
        },
      ),
    );
  });

  it('takes a snapshot every 500 events and each one resumes to the full result', () => {
    const ops = fc.sample(opArb, { seed: 42, numRuns: 1300 });
    const { actions } = materialize(ops);
    const full = buildLedger(WALLET, actions, OPTIONS);
    expect(actions.length).toBeGreaterThan(1000);
    expect(full.snapshots.length).toBeGreaterThanOrEqual(2);
    full.snapshots.forEach((snapshot, i) => {
      // Taken at the first transaction boundary at or after 500 events since the last one (transactions ≤ 2 here).
      expect(snapshot.eventsApplied).toBeGreaterThanOrEqual(500 * (i + 1));
      expect(snapshot.eventsApplied).toBeLessThanOrEqual(501 * (i + 1));
    });
    const expected: LedgerResult = {
      lots: full.lots,
      realizedTrades: full.realizedTrades,
      episodes: full.episodes,
      flags: full.flags,
    };
    for (const snapshot of full.snapshots) {
      expect(resumeLedger(snapshot, actions, OPTIONS)).toEqual(expected);
    }
  });
});
