import { describe, expect, it } from 'vitest';
import { actionToJson } from '../../decoder/action-json.ts';
import type { Action } from '../../decoder/action.ts';
import { decodeTransaction, parseRpcTransaction } from '../../decoder/decode-transaction.ts';
import { SOL_MINT } from '../../domain/mints.ts';
import { loadRealTransactions } from '../../ingest/testing/real-transactions.ts';
import { parseEnhancedTransaction } from './enhanced-transaction.schema.ts';
import { decodeEnhancedTransaction } from './map-enhanced-transaction.ts';
import { enhancedViewOfRpc, type RawRpcTransaction } from './testing/enhanced-view-of-rpc.fixture.ts';

/**
 * Same transaction, two roads: the real recorded `getTransaction` results of shared/data, decoded directly,
 * and reduced to the fields Helius puts in an Enhanced Transaction, then mapped. No recording exists of one
 * transaction both ways, so this is how the claim "the webhook path stores the same actions as the RPC path"
 * is checked on a hundred real transactions across Jupiter, Raydium, Orca, Meteora, Pump.fun and PumpSwap.
 */
const json = (actions: readonly Action[]): string[] => actions.map((a) => JSON.stringify(actionToJson(a)));

function decodesOnRpc(raw: unknown): boolean {
  try {
    decodeTransaction(parseRpcTransaction(raw));
    return true;
  } catch {
    return false; // the deliberately broken recordings: the decoder's own tests cover their errors
  }
}

const cases = loadRealTransactions().flatMap((t) => {
  if (!decodesOnRpc(t.raw)) return [];
  const view = enhancedViewOfRpc(t.raw as RawRpcTransaction);
  if (view === null) return []; // jsonParsed recordings carry no instruction data; Helius always does
  return [{ name: `${t.path} ${t.signature.slice(0, 8)}`, raw: t.raw, view }];
});

/**
 * Accounts a program emptied without a token `CloseAccount` (Anchor `close`, loader buffers): the node shows
 * their balance going to zero, Helius only the decrease, so the decoder can call the SOL that came back
 * returned rent on one road and cannot on the other (there it stays in the owner's transfer legs).
 */
function closedByProgram(raw: unknown, view: Record<string, unknown>): string[] {
  const rpc = parseRpcTransaction(raw);
  const meta = rpc.meta!;
  const tokenClosed = new Set(
    (
      view.instructions as {
        programId: string;
        accounts: string[];
        data: string;
        innerInstructions: unknown[];
      }[]
    )
      .flatMap((ix) => [ix, ...(ix.innerInstructions as (typeof ix)[])])
      .filter((ix) => ix.data === 'A' && ix.programId.startsWith('Token')) // base58 of tag 9
      .map((ix) => ix.accounts[0]),
  );
  return (view.accountData as { account: string }[])
    .map((a) => a.account)
    .filter((account, i) => BigInt(meta.preBalances[i]!) > 0n && BigInt(meta.postBalances[i]!) === 0n)
    .filter((account) => !tokenClosed.has(account));
}

/** Net per `owner mint` of all balance actions (the tx fee and events excluded): what neither road may change. */
function netPerOwnerMint(actions: readonly Action[]): Record<string, string> {
  const out = new Map<string, bigint>();
  for (const a of actions) {
    // The transaction fee is action 0 (SOL is compared net of it); other `fee` actions are payments.
    if ((a.index === 0 && a.kind === 'fee') || a.kind === 'event' || a.owner === null) continue;
    if (a.mintIn !== null)
      out.set(`${a.owner} ${a.mintIn}`, (out.get(`${a.owner} ${a.mintIn}`) ?? 0n) - a.amountIn!);
    if (a.mintOut !== null)
      out.set(`${a.owner} ${a.mintOut}`, (out.get(`${a.owner} ${a.mintOut}`) ?? 0n) + a.amountOut!);
  }
  return Object.fromEntries([...out].filter(([, v]) => v !== 0n).map(([k, v]) => [k, v.toString()]));
}

describe('Helius mapping ≡ RPC decoder on real transactions', () => {
  it('has enough json-encoded recordings to mean something', () => {
    expect(cases.length).toBeGreaterThanOrEqual(80);
    const exact = cases.filter((c) => closedByProgram(c.raw, c.view).length === 0);
    expect(exact.length).toBeGreaterThanOrEqual(75);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, { raw, view }) => {
    const rpc = decodeTransaction(parseRpcTransaction(raw));
    const helius = decodeEnhancedTransaction(parseEnhancedTransaction(view));
    expect(helius.deltas).toEqual(rpc.deltas);
    expect(netPerOwnerMint(helius.actions)).toEqual(netPerOwnerMint(rpc.actions));
    if (closedByProgram(raw, view).length > 0) {
      // Same balances (above); only SOL legs may be classified differently, everything else is identical.
      const noSol = (actions: readonly Action[]) =>
        json(
          actions
            .filter((a) => a.mintIn !== SOL_MINT && a.mintOut !== SOL_MINT)
            .map((a) => ({ ...a, index: 0 })),
        );
      expect(noSol(helius.actions)).toEqual(noSol(rpc.actions));
    } else if (rpc.tx.signers.length === 1) {
      // One signer: Helius lost nothing the decoder reads, so the output is byte for byte the same.
      expect(json(helius.actions)).toEqual(json(rpc.actions));
      expect(helius.participants).toEqual(rpc.participants);
    } else {
      // Helius names only the fee payer as signer: the owners after it come in address order rather than
      // signing order, and a co-signer whose balance did not change is not a participant. Same actions.
      const strip = (actions: readonly Action[]) => json(actions.map((a) => ({ ...a, index: 0 }))).sort();
      expect(strip(helius.actions)).toEqual(strip(rpc.actions));
      for (const p of helius.participants) expect(rpc.participants).toContain(p);
    }
  });
});
