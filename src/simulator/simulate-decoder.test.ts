import { describe, expect, it } from 'vitest';
import {
  decodeTransaction,
  parseRpcTransaction,
  type DecodedTransaction,
} from '../decoder/decode-transaction.ts';
import { eventInteger, eventText } from './programs/event-values.ts';
import type { ExpectedSwap } from './market/simulated-transaction.ts';
import { simulateCorpus } from './testing/simulated-corpus.ts';

const corpus = simulateCorpus();
const decoded = corpus.transactions.map((tx) => ({
  tx,
  d: decodeTransaction(parseRpcTransaction(tx.parsed)),
}));

type SwapView = Omit<ExpectedSwap, 'venueFee'> & { signature: string };

function decodedSwaps(signature: string, d: DecodedTransaction): SwapView[] {
  return d.actions
    .filter((a) => a.kind === 'swap')
    .map((a) => ({
      signature,
      owner: a.owner ?? '',
      mintIn: a.mintIn ?? '',
      amountIn: a.amountIn ?? -1n,
      mintOut: a.mintOut ?? '',
      amountOut: a.amountOut ?? -1n,
      side: a.side === 'buy' || a.side === 'sell' ? a.side : (a.side as never),
      venue: a.venue as ExpectedSwap['venue'],
    }));
}

describe('the decoder on a simulated market', () => {
  it('covers every kind of transaction the simulator writes', () => {
    const kinds = new Set(corpus.transactions.map((t) => t.kind));
    for (const k of [
      'create',
      'curve_buy',
      'curve_sell',
      'migrate',
      'pool_buy',
      'pool_sell',
      'jupiter_buy',
      'jupiter_sell',
      'sol_transfer',
      'spl_transfer',
      'failed',
    ]) {
      expect(kinds, k).toContain(k);
    }
    expect(corpus.transactions).toHaveLength(4_000);
  });

  it('decodes 100% of the transactions, with the signature, slot and failure status written', () => {
    for (const { tx, d } of decoded) {
      expect(d.tx.signature).toBe(tx.signature);
      expect(d.tx.slot).toBe(tx.slot);
      expect(d.tx.failed).toBe(tx.failed);
    }
  });

  it("finds exactly the simulator's swaps for every wallet (mint, side, base-unit amounts, venue)", () => {
    const byWallet = new Map<string, { ours: SwapView[]; ledger: SwapView[] }>();
    const entry = (owner: string): { ours: SwapView[]; ledger: SwapView[] } => {
      let e = byWallet.get(owner);
      if (e === undefined) byWallet.set(owner, (e = { ours: [], ledger: [] }));
      return e;
    };
    let swaps = 0;
    for (const { tx, d } of decoded) {
      for (const s of decodedSwaps(tx.signature, d)) entry(s.owner).ours.push(s);
      for (const s of tx.swaps) {
        entry(s.owner).ledger.push({
          signature: tx.signature,
          owner: s.owner,
          mintIn: s.mintIn,
          amountIn: s.amountIn,
          mintOut: s.mintOut,
          amountOut: s.amountOut,
          side: s.side,
          venue: s.venue,
        });
        swaps += 1;
      }
    }
    expect(swaps).toBeGreaterThan(3_000);
    expect(byWallet.size).toBeGreaterThan(50);
    for (const [owner, { ours, ledger }] of byWallet) expect(ours, owner).toEqual(ledger);
  });

  it('decodes each Anchor event (Create, Trade, Complete, CreatePool, migration, Buy/Sell) exactly as emitted', () => {
    const names = new Set<string>();
    for (const { tx, d } of decoded) {
      const events = d.actions.flatMap((a) => (a.event === null ? [] : [a.event]));
      expect(events).toEqual(tx.events);
      for (const e of events) names.add(`${e.program}.${e.name}`);
    }
    expect([...names].sort()).toEqual([
      'pumpfun.CompleteEvent',
      'pumpfun.CompletePumpAmmMigrationEvent',
      'pumpfun.CreateEvent',
      'pumpfun.TradeEvent',
      'pumpswap.BuyEvent',
      'pumpswap.CreatePoolEvent',
      'pumpswap.SellEvent',
    ]);
  });

  it('reports failed transactions as the fee only', () => {
    const failed = decoded.filter(({ tx }) => tx.failed);
    expect(failed.length).toBeGreaterThan(20);
    for (const { d } of failed) {
      expect(d.actions.map((a) => a.kind)).toEqual(['fee']);
      // The payer's only change is the fee, which deltas add back: nothing else moved.
      expect(d.deltas).toEqual([]);
    }
  });

  it('keeps virtual SOL × virtual tokens from ever decreasing, each trade moving the reserves by its amounts', () => {
    const last = new Map<string, { vs: bigint; vt: bigint }>();
    let trades = 0;
    for (const { d } of decoded) {
      for (const a of d.actions) {
        if (a.event?.program !== 'pumpfun' || a.event.name !== 'TradeEvent') continue;
        const e = a.event.data;
        const mint = eventText(e, 'mint');
        const sol = eventInteger(e, 'solAmount');
        const tokens = eventInteger(e, 'tokenAmount');
        const vs = eventInteger(e, 'virtualSolReserves');
        const vt = eventInteger(e, 'virtualTokenReserves');
        const before = last.get(mint) ?? { vs: 30_000_000_000n, vt: 1_073_000_000_000_000n };
        if (e.isBuy === true) {
          expect([vs, vt]).toEqual([before.vs + sol, before.vt - tokens]);
        } else {
          expect([vs, vt]).toEqual([before.vs - sol, before.vt + tokens]);
        }
        // Rounding in the program's favour adds at most one lamport's worth of tokens-side product per trade.
        const growth = vs * vt - before.vs * before.vt;
        expect(growth >= 0n && growth <= before.vt + tokens, `k growth ${growth}`).toBe(true);
        expect(eventInteger(e, 'realTokenReserves')).toBe(vt - 279_900_000_000_000n);
        last.set(mint, { vs, vt });
        trades += 1;
      }
    }
    expect(trades).toBeGreaterThan(1_000);
  });
});
