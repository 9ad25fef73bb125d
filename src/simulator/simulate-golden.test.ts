import { describe, expect, it } from 'vitest';
import type { Action } from '../decoder/action.ts';
import { decodeTransaction, parseRpcTransaction } from '../decoder/decode-transaction.ts';
import { SOL_MINT } from '../domain/mints.ts';
import { simulateCorpus } from './testing/simulated-corpus.ts';

/**
 * The golden reconciliation of test/golden/decoder-golden.test.ts on a simulated market: each wallet's actions
 * add up, mint by mint, to the change of its balances computed here independently from the raw pre/post
 * balances; and, beyond what a recording can show, every transaction conserves lamports (they only move,
 * except the fee, which leaves the payer) and token amounts (they only move, except mint and burn).
 */
interface RawTokenBalance {
  accountIndex: number;
  mint: string;
  owner: string;
  uiTokenAmount: { amount: string };
}

interface RawMeta {
  err: unknown;
  fee: number;
  preBalances: number[];
  postBalances: number[];
  preTokenBalances: RawTokenBalance[];
  postTokenBalances: RawTokenBalance[];
}

function independentDeltas(keys: readonly string[], meta: RawMeta): Map<string, bigint> {
  const tokenOwner = new Map<number, string>();
  for (const b of [...meta.preTokenBalances, ...meta.postTokenBalances]) {
    if (!tokenOwner.has(b.accountIndex)) tokenOwner.set(b.accountIndex, b.owner);
  }
  const out = new Map<string, bigint>();
  const add = (owner: string, mint: string, v: bigint): void => {
    out.set(`${owner}|${mint}`, (out.get(`${owner}|${mint}`) ?? 0n) + v);
  };
  keys.forEach((k, i) =>
    add(tokenOwner.get(i) ?? k, SOL_MINT, BigInt(meta.postBalances[i]!) - BigInt(meta.preBalances[i]!)),
  );
  add(keys[0]!, SOL_MINT, BigInt(meta.fee));
  for (const b of meta.preTokenBalances)
    if (b.mint !== SOL_MINT) add(b.owner, b.mint, -BigInt(b.uiTokenAmount.amount));
  for (const b of meta.postTokenBalances)
    if (b.mint !== SOL_MINT) add(b.owner, b.mint, BigInt(b.uiTokenAmount.amount));
  return out;
}

function actionSums(actions: readonly Action[]): Map<string, bigint> {
  const out = new Map<string, bigint>();
  const add = (owner: string, mint: string, v: bigint): void => {
    out.set(`${owner}|${mint}`, (out.get(`${owner}|${mint}`) ?? 0n) + v);
  };
  for (const a of actions) {
    if ((a.kind === 'fee' && a.counterparty === null) || a.kind === 'event' || a.owner === null) continue;
    if (a.mintIn !== null && a.amountIn !== null) add(a.owner, a.mintIn, -a.amountIn);
    if (a.mintOut !== null && a.amountOut !== null) add(a.owner, a.mintOut, a.amountOut);
  }
  return out;
}

const corpus = simulateCorpus();

describe('golden reconciliation on a simulated market', () => {
  it('explains every wallet balance change by its actions, in every transaction', () => {
    let checked = 0;
    for (const tx of corpus.transactions) {
      const decoded = decodeTransaction(parseRpcTransaction(tx.parsed));
      const meta = tx.parsed.meta as RawMeta;
      const keys = (tx.parsed.transaction as { message: { accountKeys: string[] } }).message.accountKeys;
      const indexes = decoded.actions.map((a) => a.index);
      expect(indexes).toEqual(indexes.map((_, i) => i));
      expect(decoded.actions.filter((a) => a.kind === 'fee' && a.counterparty === null)).toEqual([
        expect.objectContaining({ owner: keys[0], amountIn: BigInt(meta.fee) }),
      ]);
      const expected = independentDeltas(keys, meta);
      const sums = actionSums(decoded.actions);
      for (const d of decoded.deltas) {
        const k = `${d.owner}|${d.mint}`;
        expect(d.deltaRaw, `${tx.signature} delta ${k}`).toBe(expected.get(k));
        expect(sums.get(k) ?? 0n, `${tx.signature} actions of ${k}`).toBe(d.deltaRaw);
        checked += 1;
      }
      // Every change of every wallet is explained; no action for an owner the decoder did not count as one.
      const walletOwners = new Set([decoded.tx.feePayer, ...decoded.deltas.map((d) => d.owner)]);
      for (const [k, v] of expected) {
        const [owner] = k.split('|');
        if (v !== 0n && walletOwners.has(owner!))
          expect(sums.get(k) ?? 0n, `${tx.signature} wallet ${k}`).toBe(v);
      }
      const participants = new Set(decoded.participants);
      for (const a of decoded.actions)
        if (a.kind !== 'event' && a.owner !== null) expect(participants.has(a.owner)).toBe(true);
    }
    expect(checked).toBeGreaterThan(6_000);
  });

  it('conserves lamports (all but the fee move between accounts) and tokens (all but mints and burns)', () => {
    for (const tx of corpus.transactions) {
      const meta = tx.parsed.meta as RawMeta;
      const lamports = meta.postBalances.reduce(
        (s, v, i) => s + BigInt(v) - BigInt(meta.preBalances[i]!),
        0n,
      );
      expect(lamports, tx.signature).toBe(-BigInt(meta.fee));
      if (tx.kind === 'create' || tx.kind === 'migrate') continue; // the supply, LP tokens: minted, burned
      const perMint = new Map<string, bigint>();
      for (const b of meta.preTokenBalances)
        perMint.set(b.mint, (perMint.get(b.mint) ?? 0n) - BigInt(b.uiTokenAmount.amount));
      for (const b of meta.postTokenBalances)
        perMint.set(b.mint, (perMint.get(b.mint) ?? 0n) + BigInt(b.uiTokenAmount.amount));
      for (const [mint, net] of perMint) {
        // WSOL accounts opened and closed inside a trade never show in token balances; their wrap is lamports.
        if (mint !== SOL_MINT) expect(net, `${tx.signature} ${mint}`).toBe(0n);
      }
    }
  });
});
