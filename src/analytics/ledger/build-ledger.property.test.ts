import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Action } from '../../decoder/action.ts';
import { SOL_MINT } from '../../domain/mints.ts';
import { USD_SCALE, toScaled } from '../../domain/decimal.ts';
import { buildLedger, resumeLedger } from './build-ledger.ts';
import { LedgerBuilder } from './ledger-builder.ts';
import type { LedgerResult } from './ledger-records.ts';
import { OTHER, TOKEN, WALLET, airdrop, buy, options, sell, solFee, transferOut } from './ledger.fixtures.ts';

const LINKED = 'Link3d1111111111111111111111111111111111111';
const CEX = 'Cex1111111111111111111111111111111111111111';
const STRANGER = 'Str4nger111111111111111111111111111111111111';
const MINTS = [TOKEN, OTHER] as const;
const OPTIONS = options(
  { [TOKEN]: '0.000123456789', [OTHER]: '17.5', [SOL_MINT]: '150.25' },
  { linkedWallets: new Set([LINKED]), exchangeDeposits: new Set([CEX]), dustRaw: 7n },
);

type Op =
  | { dir: 'in'; t: 'buy' | 'airdrop'; mint: number; qty: bigint; cents: bigint; fee: boolean }
  | {
      dir: 'out';
      t: 'sell' | 'out';
      mint: number;
      permille: number;
      cents: bigint;
      to: number;
      fee: boolean;
    };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    dir: fc.constant('in' as const),
    t: fc.constantFrom('buy' as const, 'airdrop' as const),
    mint: fc.integer({ min: 0, max: 1 }),
    qty: fc.bigInt({ min: 1n, max: 10n ** 15n }),
    cents: fc.bigInt({ min: 0n, max: 10n ** 9n }),
    fee: fc.boolean(),
  }),
  fc.record({
    dir: fc.constant('out' as const),
    t: fc.constantFrom('sell' as const, 'out' as const),
    mint: fc.integer({ min: 0, max: 1 }),
    permille: fc.integer({ min: 1, max: 1000 }),
    cents: fc.bigInt({ min: 0n, max: 10n ** 9n }),
    to: fc.integer({ min: 0, max: 2 }),
    fee: fc.boolean(),
  }),
);

function usd(cents: bigint): string {
  return `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
}

/** Materialize ops into actions; sells never exceed holdings, so Σ in − Σ out is the expected exposure. */
function materialize(ops: readonly Op[]): { actions: Action[]; net: Map<string, bigint> } {
  const net = new Map<string, bigint>(MINTS.map((m) => [m, 0n]));
  const actions: Action[] = [];
  ops.forEach((op, i) => {
    const slot = i + 1;
    const mint = MINTS[op.mint] ?? TOKEN;
    const held = net.get(mint) ?? 0n;
    if (op.dir === 'in') {
      actions.push(op.t === 'buy' ? buy(slot, mint, op.qty, usd(op.cents)) : airdrop(slot, mint, op.qty));
      net.set(mint, held + op.qty);
    } else {
      const qty = (held * BigInt(op.permille)) / 1000n;
      if (qty === 0n) return;
      const to = [LINKED, CEX, STRANGER][op.to] ?? STRANGER;
      actions.push(op.t === 'sell' ? sell(slot, mint, qty, usd(op.cents)) : transferOut(slot, mint, qty, to));
      net.set(mint, held - qty);
    }
    if (op.fee) actions.push(solFee(slot, 5000n));
  });
  return { actions, net };
}

const sum = (xs: readonly (string | null)[]): bigint =>
  xs.reduce<bigint>((acc, x) => acc + (x === null ? 0n : toScaled(x, USD_SCALE)), 0n);

const scenario = fc.array(opArb, { minLength: 1, maxLength: 60 });

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
