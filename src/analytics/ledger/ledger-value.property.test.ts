import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Action } from '../../decoder/action.ts';
import { USD_SCALE, fromScaled } from '../../domain/decimal.ts';
import { buildLedger } from './build-ledger.ts';
import { WALLET, buy, options, sell } from './ledger.fixtures.ts';
import { MINTS, OPTIONS, materialize, scenario, sum, usd } from './ledger-scenario.fixtures.ts';
import { openLotsAt } from './open-lots-at.ts';
import { unrealizedPnl } from './unrealized-pnl.ts';
import { usdValue } from './usd-amount.ts';

const netOf = (actions: readonly Action[], mint: string): bigint =>
  actions.reduce(
    (acc, a) =>
      acc + (a.mintOut === mint ? (a.amountOut ?? 0n) : 0n) - (a.mintIn === mint ? (a.amountIn ?? 0n) : 0n),
    0n,
  );

/** Slot boundaries: the fixtures give every action of a slot the same signature and block time. */
const prefixes = (actions: readonly Action[]): Action[][] =>
  actions.flatMap((a, i) => (actions[i + 1]?.signature === a.signature ? [] : [actions.slice(0, i + 1)]));

describe('ledger value properties', () => {
  it('FIFO conservation at every prefix, and openLotsAt(t) = the ledger rebuilt from the actions up to t', () => {
    fc.assert(
      fc.property(scenario, (ops) => {
        const { actions } = materialize(ops);
        const full = buildLedger(WALLET, actions, OPTIONS);
        for (const prefix of prefixes(actions)) {
          const t = prefix.at(-1)?.blockTime ?? 0;
          const partial = buildLedger(WALLET, prefix, OPTIONS);
          for (const mint of MINTS) {
            const open = partial.lots.filter((l) => l.mint === mint).reduce((s, l) => s + l.openQtyRaw, 0n);
            expect(open).toBe(netOf(prefix, mint));
          }
          const expected = partial.lots
            .filter((l) => l.openQtyRaw > 0n)
            .map((l) => [l.id, l.openQtyRaw, l.openCostUsd]);
          expect(openLotsAt(full, t).map((o) => [o.lot.id, o.openQtyRaw, o.openCostUsd])).toEqual(expected);
          for (const mint of MINTS) {
            const ofMint = openLotsAt(full, t, mint).map((o) => [o.lot.id, o.openQtyRaw, o.openCostUsd]);
            expect(ofMint).toEqual(
              partial.lots
                .filter((l) => l.openQtyRaw > 0n && l.mint === mint)
                .map((l) => [l.id, l.openQtyRaw, l.openCostUsd]),
            );
          }
        }
      }),
    );
  });

  const trade = fc.oneof(
    fc.record({
      buy: fc.constant(true),
      mint: fc.integer({ min: 0, max: 1 }),
      qty: fc.bigInt({ min: 1n, max: 10n ** 20n }),
      cents: fc.bigInt({ min: 0n, max: 10n ** 10n }),
    }),
    fc.record({
      buy: fc.constant(false),
      mint: fc.integer({ min: 0, max: 1 }),
      permille: fc.integer({ min: 1, max: 1000 }),
      cents: fc.bigInt({ min: 0n, max: 10n ** 10n }),
    }),
  );
  const priceArb = fc.bigInt({ min: 0n, max: 10n ** 24n }).map((v) => fromScaled(v, USD_SCALE));

  it('realized + unrealized = proceeds + value still held − cost paid, exactly, at any time', () => {
    fc.assert(
      fc.property(
        fc.array(trade, { minLength: 1, maxLength: 40 }),
        fc.tuple(fc.constantFrom(0, 6, 9, 12), fc.constantFrom(0, 6, 9, 12)),
        fc.tuple(priceArb, priceArb),
        fc.nat(),
        (ops, decimals, marks, cut) => {
          const held = [0n, 0n];
          const actions: Action[] = [];
          ops.forEach((op, i) => {
            const mint = MINTS[op.mint] ?? MINTS[0];
            const dec = decimals[op.mint] ?? 6;
            const h = held[op.mint] ?? 0n;
            if (op.buy) {
              actions.push(buy(i + 1, mint, op.qty, usd(op.cents), dec));
              held[op.mint] = h + op.qty;
            } else {
              const qty = (h * BigInt(op.permille)) / 1000n;
              if (qty === 0n) return;
              actions.push(sell(i + 1, mint, qty, usd(op.cents), dec));
              held[op.mint] = h - qty;
            }
          });
          if (actions.length === 0) return;
          const upTo = actions.slice(0, (cut % actions.length) + 1);
          const t = upTo.at(-1)?.blockTime ?? 0;
          const r = buildLedger(WALLET, actions, options());
          const mark = (m: string): string => marks[MINTS.indexOf(m as (typeof MINTS)[number])] ?? '0';
          const realized = sum(
            r.realizedTrades.filter((x) => (x.exit.blockTime ?? 0) <= t).map((x) => x.pnlUsd),
          );
          const unrealized = sum([unrealizedPnl(r, t, mark).totalUnrealizedPnlUsd]);
          const proceeds = sum(upTo.map((a) => a.usdOut));
          const paid = sum(upTo.map((a) => a.usdIn));
          const value = MINTS.reduce(
            (s, m, i) => s + usdValue(netOf(upTo, m), decimals[i] ?? 6, mark(m)),
            0n,
          );
          expect(realized + unrealized).toBe(proceeds + value - paid);
        },
      ),
    );
  });

  it('unrealized PnL of one lot, and an unpriced mint', () => {
    const r = buildLedger(
      WALLET,
      [buy(1, MINTS[0], 3_000_000n, '10'), buy(2, MINTS[1], 5n, '1', 0)],
      options(),
    );
    const report = unrealizedPnl(r, 2_000_000_000, (m) => (m === MINTS[0] ? '4.5' : null));
    // Sorted by mint: OTHER ('Oth3r…') before TOKEN ('Tok3n…').
    expect(report.positions).toEqual([
      expect.objectContaining({ mint: MINTS[1], openQtyRaw: 5n, markUsd: null, unrealizedPnlUsd: null }),
      expect.objectContaining({
        mint: MINTS[0],
        openQtyRaw: 3_000_000n,
        openCostUsd: '10',
        valueUsd: '13.5',
        unrealizedPnlUsd: '3.5',
      }),
    ]);
    expect(report).toMatchObject({
      totalValueUsd: '13.5',
      totalUnrealizedPnlUsd: '3.5',
      unpricedMints: [MINTS[1]],
    });
  });
});
