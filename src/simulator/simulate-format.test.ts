import { describe, expect, it } from 'vitest';
import { decodeBase58 } from './keys/base58.ts';
import { eventText } from './programs/event-values.ts';
import { simulateCorpus } from './testing/simulated-corpus.ts';

/**
 * The getTransaction shape a node produces, checked on every simulated transaction: message header and
 * account indexes, fee = 5000 per signature + limit × price (ComputeBudget), log frames that open and close
 * in the order and depth of the recorded instructions, compute units within the budget, balances unchanged
 * by a failed transaction except the fee.
 */
interface Ix {
  programIdIndex: number;
  accounts: number[];
  data: string;
  stackHeight: number | null;
}
interface Raw {
  slot: number;
  blockTime: number;
  version: 0 | 'legacy';
  transaction: {
    signatures: string[];
    message: {
      header: {
        numRequiredSignatures: number;
        numReadonlySignedAccounts: number;
        numReadonlyUnsignedAccounts: number;
      };
      accountKeys: string[];
      instructions: Ix[];
      addressTableLookups?: unknown[];
    };
  };
  meta: {
    err: unknown;
    fee: number;
    preBalances: number[];
    postBalances: number[];
    innerInstructions: { index: number; instructions: Ix[] }[];
    logMessages: string[];
    preTokenBalances: { accountIndex: number }[];
    postTokenBalances: { accountIndex: number }[];
    computeUnitsConsumed: number;
  };
}

const corpus = simulateCorpus();
const INVOKE = /^Program (\w+) invoke \[(\d)\]$/;
const END = /^Program (\w+) (success|failed: custom program error: 0x[0-9a-f]+)$/;
const CONSUMED = /^Program (\w+) consumed (\d+) of (\d+) compute units$/;

describe('simulated transactions have the shape of a node’s getTransaction (json)', () => {
  it('compile the message: header, signatures, indexes, base58 data, fee', () => {
    for (const tx of corpus.transactions) {
      const raw = tx.parsed as unknown as Raw;
      const { header, accountKeys, instructions } = raw.transaction.message;
      expect(raw.transaction.signatures).toHaveLength(header.numRequiredSignatures);
      expect(new Set(accountKeys).size).toBe(accountKeys.length);
      expect(raw.meta.preBalances).toHaveLength(accountKeys.length);
      expect(raw.version === 0).toBe(raw.transaction.message.addressTableLookups !== undefined);
      const all = [...instructions, ...raw.meta.innerInstructions.flatMap((g) => g.instructions)];
      for (const ix of all) {
        for (const i of [ix.programIdIndex, ...ix.accounts])
          expect(i >= 0 && i < accountKeys.length).toBe(true);
        expect(() => decodeBase58(ix.data)).not.toThrow();
        // Programs are read-only, non-signing keys at the end of the message.
        expect(ix.programIdIndex >= accountKeys.length - header.numReadonlyUnsignedAccounts).toBe(true);
      }
      let limit = 200_000 * instructions.length;
      let price = 0n;
      for (const ix of instructions) {
        if (accountKeys[ix.programIdIndex] !== 'ComputeBudget111111111111111111111111111111') continue;
        const d = decodeBase58(ix.data);
        const view = new DataView(d.buffer, d.byteOffset, d.length);
        if (d[0] === 2) limit = view.getUint32(1, true);
        if (d[0] === 3) price = view.getBigUint64(1, true);
      }
      const expectedFee =
        5000n * BigInt(header.numRequiredSignatures) + (BigInt(limit) * price + 999_999n) / 1_000_000n;
      expect(BigInt(raw.meta.fee)).toBe(expectedFee);
      expect(raw.meta.computeUnitsConsumed <= limit).toBe(true);
      const sortedPre = raw.meta.preTokenBalances.map((b) => b.accountIndex);
      expect(sortedPre).toEqual([...sortedPre].sort((a, b) => a - b));
    }
  });

  it('log one invoke … success frame per instruction, in instruction order and depth', () => {
    for (const tx of corpus.transactions) {
      const raw = tx.parsed as unknown as Raw;
      const keys = raw.transaction.message.accountKeys;
      const flat: { program: string; depth: number }[] = [];
      raw.transaction.message.instructions.forEach((ix, i) => {
        flat.push({ program: keys[ix.programIdIndex]!, depth: 1 });
        for (const inner of raw.meta.innerInstructions.find((g) => g.index === i)?.instructions ?? []) {
          flat.push({ program: keys[inner.programIdIndex]!, depth: inner.stackHeight ?? -1 });
        }
      });
      const invoked: { program: string; depth: number }[] = [];
      const stack: string[] = [];
      let failures = 0;
      for (const line of raw.meta.logMessages) {
        const inv = INVOKE.exec(line);
        if (inv !== null) {
          invoked.push({ program: inv[1]!, depth: Number(inv[2]) });
          expect(Number(inv[2])).toBe(stack.length + 1);
          stack.push(inv[1]!);
          continue;
        }
        const consumed = CONSUMED.exec(line);
        if (consumed !== null) {
          expect(consumed[1]).toBe(stack.at(-1));
          expect(Number(consumed[2]) <= Number(consumed[3])).toBe(true);
          continue;
        }
        const end = END.exec(line);
        if (end !== null) {
          expect(end[1]).toBe(stack.pop());
          if (end[2] !== 'success') failures += 1;
          continue;
        }
        expect(line).toMatch(/^Program (log|data|return): /);
      }
      expect(stack).toEqual([]);
      expect(invoked).toEqual(flat);
      expect(failures > 0).toBe(tx.failed);
    }
  });

  it('leave a failed transaction’s balances as they were, except the fee', () => {
    const failed = corpus.transactions.filter((t) => t.failed);
    expect(failed.length).toBeGreaterThan(20);
    for (const tx of failed) {
      const raw = tx.parsed as unknown as Raw;
      const [outer, error] = (raw.meta.err as { InstructionError: [number, { Custom: number }] })
        .InstructionError;
      expect(outer < raw.transaction.message.instructions.length && error.Custom >= 6000).toBe(true);
      raw.meta.postBalances.forEach((post, i) => {
        expect(post).toBe(raw.meta.preBalances[i]! - (i === 0 ? raw.meta.fee : 0));
      });
      expect(raw.meta.postTokenBalances).toEqual(raw.meta.preTokenBalances);
    }
    const codes = new Set(failed.map((t) => JSON.stringify((t.parsed as unknown as Raw).meta.err)));
    expect(codes.size).toBeGreaterThan(2);
  });

  it('land snipers in their launch’s slot and give every slot one block time', () => {
    const timeOfSlot = new Map<bigint, number>();
    for (const tx of corpus.transactions) {
      expect(timeOfSlot.get(tx.slot) ?? tx.blockTime).toBe(tx.blockTime);
      timeOfSlot.set(tx.slot, tx.blockTime);
    }
    const snipers = new Set(
      corpus.summary.wallets.filter((w) => w.roles.has('sniper')).map((w) => w.address),
    );
    const creates = corpus.transactions.filter((t) => t.kind === 'create');
    expect(creates.length).toBe(8);
    for (const create of creates) {
      const mint = eventText(create.events[0]?.data ?? {}, 'mint');
      const inSlot = corpus.transactions.filter(
        (t) =>
          t.slot === create.slot &&
          t !== create &&
          t.swaps.some((s) => s.mintOut === mint && snipers.has(s.owner)),
      );
      expect(inSlot.length, mint).toBeGreaterThan(0);
    }
  });
});
