import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OofError } from '../../src/core/errors/oof-error.ts';
import { SOL_MINT } from '../../src/domain/mints.ts';
import { computeOwnerBalances } from '../../src/decoder/balances/owner-balances.ts';
import { decodeTransaction, parseRpcTransaction } from '../../src/decoder/decode-transaction.ts';
import { readMovements } from '../../src/decoder/movements/read-movements.ts';
import { normalizeTransaction } from '../../src/decoder/transaction/normalized-transaction.ts';
import { findRpcTransaction, rpcIndex, sharedDataAvailable } from '../support/shared-data.ts';

/** Property tests on real transactions, mutated: the decoder either decodes or says clearly why not. */
const rows = sharedDataAvailable() ? rpcIndex().filter((r) => !r.path.includes('broken_data')) : [];
const raws: Record<string, unknown>[] = rows.map((r) => findRpcTransaction(r));
// Recordings from local validators (most Orca fixtures, surfpool) and devnet are not consistent ledgers: a
// surfpool fixture moves USDC out of an account it never listed. Conservation is checked on mainnet records.
const isMainnet = (path: string): boolean =>
  !/surfpool|devnet-/.test(path) &&
  (!path.startsWith('orca-whirlpool-tx-decoder/') || /adminIncreaseLiquidity|programDeploy/.test(path));
const mainnetRaws = raws.filter((_, i) => isMainnet(rows[i]!.path));

const clone = <T>(v: T): T => structuredClone(v);

interface MutableMeta {
  err: unknown;
  fee: number | bigint;
  preBalances: (number | bigint)[];
  postBalances: (number | bigint)[];
  preTokenBalances?: unknown[] | undefined;
  postTokenBalances?: unknown[] | undefined;
}

/** Every path to a value inside a JSON tree, to pick a mutation target from. */
function paths(
  node: unknown,
  prefix: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  if (out.length > 4000) return out;
  if (Array.isArray(node)) node.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (typeof node === 'object' && node !== null) {
    for (const [k, v] of Object.entries(node)) paths(v, [...prefix, k], out);
  }
  out.push(prefix);
  return out;
}

function setAt(root: unknown, path: (string | number)[], value: unknown, remove: boolean): void {
  let cur = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) cur = cur[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (remove && !Array.isArray(cur)) delete cur[last];
  else cur[last] = value;
}

describe.skipIf(raws.length === 0)('decoder properties on mutated real transactions', () => {
  it('never crashes: any mutation decodes or fails with an OofError', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: raws.length - 1 }),
        fc.nat(),
        fc.jsonValue({ maxDepth: 2 }),
        fc.boolean(),
        (which, pick, value, remove) => {
          const raw = clone(raws[which]!);
          const all = paths(raw).filter((p) => p.length > 0);
          setAt(raw, all[pick % all.length]!, value, remove);
          try {
            decodeTransaction(parseRpcTransaction(raw));
          } catch (e) {
            expect(e).toBeInstanceOf(OofError);
            expect((e as OofError).message.length).toBeGreaterThan(10);
          }
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('conserves quantity per mint: all owners together change by what was minted minus burned', () => {
    expect(mainnetRaws.length).toBeGreaterThan(60);
    for (const raw of mainnetRaws) {
      const tx = normalizeTransaction(parseRpcTransaction(raw));
      const totals = new Map<string, bigint>();
      for (const d of computeOwnerBalances(tx, readMovements(tx)).deltas)
        totals.set(d.mint, (totals.get(d.mint) ?? 0n) + d.deltaRaw);
      const expected = new Map<string, bigint>();
      for (const m of readMovements(tx)) {
        if (m.type === 'token_mint') expected.set(m.mint, (expected.get(m.mint) ?? 0n) + m.amount);
        if (m.type === 'token_burn') expected.set(m.mint, (expected.get(m.mint) ?? 0n) - m.amount);
      }
      // SOL: the decoder neither creates nor loses a lamport — owners together change by exactly what the
      // accounts did, plus the fee it adds back. (That is −fee + fee = 0 on mainnet; local test validators in the
      // Orca recordings also pay out a few lamports of rent, which must show up too.)
      let lamports = tx.feeLamports;
      tx.accountKeys.forEach((_, i) => (lamports += tx.postLamports[i]! - tx.preLamports[i]!));
      expected.set(SOL_MINT, lamports);
      for (const [mint, total] of totals) {
        // Token-2022 fees withheld in accounts are not part of `amount`, hence ≤ for those mints.
        const want = expected.get(mint) ?? 0n;
        if (total !== want) expect(total < want, `${tx.signature} ${mint}`).toBe(true);
      }
    }
  });

  it('does not depend on the order of token balance entries', () => {
    fc.assert(
      fc.property(fc.nat({ max: raws.length - 1 }), fc.integer(), (which, seed) => {
        const raw = raws[which]!;
        const shuffled = clone(raw);
        const meta = shuffled.meta as MutableMeta;
        const rotate = <T>(a: T[] | undefined): T[] | undefined => {
          if (!a || a.length < 2) return a;
          const k = Math.abs(seed) % a.length;
          return [...a.slice(k), ...a.slice(0, k)].reverse();
        };
        meta.preTokenBalances = rotate(meta.preTokenBalances);
        meta.postTokenBalances = rotate(meta.postTokenBalances);
        const a = decodeTransaction(parseRpcTransaction(raw));
        const b = decodeTransaction(parseRpcTransaction(shuffled));
        expect(b.actions).toEqual(a.actions);
        expect(b.deltas).toEqual(a.deltas);
      }),
      { numRuns: 200 },
    );
  });

  it('a failed transaction yields the fee and nothing else, and is still decodable', () => {
    fc.assert(
      fc.property(fc.nat({ max: raws.length - 1 }), (which) => {
        const raw = clone(raws[which]!);
        const meta = raw.meta as MutableMeta;
        // What the runtime records for a failed transaction: the error, balances unchanged but for the fee.
        meta.err = { InstructionError: [0, { Custom: 6001 }] };
        meta.postBalances = meta.preBalances.map((v, i) => (i === 0 ? BigInt(v) - BigInt(meta.fee) : v));
        meta.postTokenBalances = clone(meta.preTokenBalances ?? []);
        const decoded = decodeTransaction(parseRpcTransaction(raw));
        expect(decoded.tx.failed).toBe(true);
        expect(decoded.actions.map((a) => a.kind)).toEqual(BigInt(meta.fee) > 0n ? ['fee'] : []);
        expect(decoded.deltas).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
