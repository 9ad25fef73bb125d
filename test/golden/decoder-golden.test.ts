import { describe, expect, it } from 'vitest';
import { SOL_MINT } from '../../src/domain/mints.ts';
import type { Action } from '../../src/decoder/action.ts';
import { decodeTransaction, parseRpcTransaction } from '../../src/decoder/decode-transaction.ts';
import {
  findRpcTransaction,
  rpcIndex,
  sharedDataAvailable,
  type RpcIndexRow,
} from '../support/shared-data.ts';

/**
 * Every real mainnet transaction in ../shared/data: decoding never throws, and each wallet's actions add up,
 * mint by mint, to the change of its balances computed here independently from the raw pre/post balances.
 */
interface RawTokenBalance {
  accountIndex: number;
  mint: string;
  owner?: string;
  uiTokenAmount: { amount: string };
}

function independentDeltas(raw: Record<string, unknown>): Map<string, bigint> {
  const meta = raw.meta as {
    fee: number;
    preBalances: number[];
    postBalances: number[];
    preTokenBalances?: RawTokenBalance[];
    postTokenBalances?: RawTokenBalance[];
    loadedAddresses?: { writable: string[]; readonly: string[] };
  };
  const message = (raw.transaction as { message: { accountKeys: (string | { pubkey: string })[] } }).message;
  const keys = message.accountKeys.map((k) => (typeof k === 'string' ? k : k.pubkey));
  if (typeof message.accountKeys[0] === 'string' && meta.loadedAddresses) {
    keys.push(...meta.loadedAddresses.writable, ...meta.loadedAddresses.readonly);
  }
  const tokenOwner = new Map<number, string>();
  for (const b of [...(meta.preTokenBalances ?? []), ...(meta.postTokenBalances ?? [])]) {
    if (!tokenOwner.has(b.accountIndex)) tokenOwner.set(b.accountIndex, b.owner ?? keys[b.accountIndex]!);
  }
  const out = new Map<string, bigint>();
  const add = (owner: string, mint: string, v: bigint): void => {
    const k = `${owner}|${mint}`;
    out.set(k, (out.get(k) ?? 0n) + v);
  };
  keys.forEach((k, i) => {
    add(tokenOwner.get(i) ?? k, SOL_MINT, BigInt(meta.postBalances[i]!) - BigInt(meta.preBalances[i]!));
  });
  add(keys[0]!, SOL_MINT, BigInt(meta.fee));
  for (const b of meta.preTokenBalances ?? []) {
    if (b.mint !== SOL_MINT) add(tokenOwner.get(b.accountIndex)!, b.mint, -BigInt(b.uiTokenAmount.amount));
  }
  for (const b of meta.postTokenBalances ?? []) {
    if (b.mint !== SOL_MINT) add(tokenOwner.get(b.accountIndex)!, b.mint, BigInt(b.uiTokenAmount.amount));
  }
  return out;
}

function actionSums(actions: readonly Action[]): Map<string, bigint> {
  const out = new Map<string, bigint>();
  const add = (owner: string, mint: string, v: bigint): void => {
    const k = `${owner}|${mint}`;
    out.set(k, (out.get(k) ?? 0n) + v);
  };
  for (const a of actions) {
    // The network fee (no counterparty) is added back in the deltas; fees paid to third parties are not.
    if ((a.kind === 'fee' && a.counterparty === null) || a.kind === 'event' || a.owner === null) continue;
    if (a.mintIn !== null && a.amountIn !== null) add(a.owner, a.mintIn, -a.amountIn);
    if (a.mintOut !== null && a.amountOut !== null) add(a.owner, a.mintOut, a.amountOut);
  }
  return out;
}

const rows: RpcIndexRow[] = sharedDataAvailable() ? rpcIndex() : [];

describe.skipIf(rows.length === 0)('decoder on every real transaction in ../shared/data', () => {
  it('covers the whole index', () => {
    expect(rows.length).toBeGreaterThanOrEqual(131);
  });

  it.each(rows.map((r) => [`${r.folder} ${r.signature.slice(0, 12)}`, r] as const))('%s', (_name, row) => {
    const raw = findRpcTransaction(row);
    if (row.path.includes('broken_data')) {
      // Upstream keeps deliberately corrupted copies (account keys cut short): a clear error, not a crash.
      let error: unknown;
      try {
        decodeTransaction(parseRpcTransaction(raw));
      } catch (e) {
        error = e;
      }
      if (error !== undefined) {
        expect(error).toMatchObject({ code: 'TX_SHAPE_INVALID' });
        return;
      }
    }
    const decoded = decodeTransaction(parseRpcTransaction(raw));
    expect(decoded.tx.signature).toBe(row.signature);
    expect(decoded.tx.failed).toBe(row.failed);

    const indexes = decoded.actions.map((a) => a.index);
    expect(indexes).toEqual(indexes.map((_, i) => i));
    const fee = decoded.actions.filter((a) => a.kind === 'fee' && a.counterparty === null);
    const meta = raw.meta as { fee: number };
    if (meta.fee > 0)
      expect(fee).toEqual([
        expect.objectContaining({ owner: decoded.tx.feePayer, amountIn: BigInt(meta.fee) }),
      ]);

    if (row.failed) {
      expect(decoded.actions.filter((a) => a.kind !== 'fee')).toEqual([]);
      return;
    }
    const expected = independentDeltas(raw);
    const sums = actionSums(decoded.actions);
    for (const d of decoded.deltas) {
      const k = `${d.owner}|${d.mint}`;
      expect(d.deltaRaw, `delta ${k}`).toBe(expected.get(k));
      expect(sums.get(k) ?? 0n, `actions of ${k}`).toBe(d.deltaRaw);
    }
    // Every change of every wallet is explained by its actions; the fee payer is always a wallet.
    const walletOwners = new Set([decoded.tx.feePayer, ...decoded.deltas.map((d) => d.owner)]);
    expect(decoded.participants).toContain(decoded.tx.feePayer);
    for (const [k, v] of expected) {
      const [owner] = k.split('|');
      if (v !== 0n && walletOwners.has(owner!)) expect(sums.get(k) ?? 0n, `wallet ${k}`).toBe(v);
    }
    // No action for an owner the decoder did not count as a wallet.
    const wallets = new Set(decoded.participants);
    for (const a of decoded.actions)
      if (a.kind !== 'event' && a.owner !== null) expect(wallets.has(a.owner)).toBe(true);
  });
});
