/** Test-only: random wallet histories for the ledger property tests (fast-check arbitraries, no IO). */
import fc from 'fast-check';
import type { Action } from '../../decoder/action.ts';
import { SOL_MINT } from '../../domain/mints.ts';
import { USD_SCALE, toScaled } from '../../domain/decimal.ts';
import { OTHER, TOKEN, airdrop, buy, options, sell, solFee, transferOut } from './ledger.fixtures.ts';

export const LINKED = 'Link3d1111111111111111111111111111111111111';
export const CEX = 'Cex1111111111111111111111111111111111111111';
export const STRANGER = 'Str4nger111111111111111111111111111111111111';
export const MINTS = [TOKEN, OTHER] as const;
export const OPTIONS = options(
  { [TOKEN]: '0.000123456789', [OTHER]: '17.5', [SOL_MINT]: '150.25' },
  { linkedWallets: new Set([LINKED]), exchangeDeposits: new Set([CEX]), dustRaw: 7n },
);

export type Op =
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

export const opArb: fc.Arbitrary<Op> = fc.oneof(
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

export function usd(cents: bigint): string {
  return `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
}

/** Materialize ops into actions; sells never exceed holdings, so Σ in − Σ out is the expected exposure. */
export function materialize(ops: readonly Op[]): { actions: Action[]; net: Map<string, bigint> } {
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

export const sum = (xs: readonly (string | null)[]): bigint =>
  xs.reduce<bigint>((acc, x) => acc + (x === null ? 0n : toScaled(x, USD_SCALE)), 0n);

export const scenario = fc.array(opArb, { minLength: 1, maxLength: 60 });
