import { describe, expect, it } from 'vitest';
import type { Action } from '../../decoder/action.ts';
import { decodeTransaction, parseRpcTransaction } from '../../decoder/decode-transaction.ts';
import { SOL_MINT } from '../../domain/mints.ts';
import {
  parseEnhancedTransaction,
  swapEventOf,
  type EnhancedTransaction,
} from './enhanced-transaction.schema.ts';
import { venueOfSource, withSourceVenue } from './helius-source-venue.ts';
import { decodeEnhancedTransaction, mapEnhancedTransaction } from './map-enhanced-transaction.ts';
import { loadEnhancedPayloads, loadRawWebhookPayload } from './testing/helius-payloads.fixture.ts';

const payloads = loadEnhancedPayloads();
const parsed = payloads.map((p) => ({ ...p, tx: parseEnhancedTransaction(p.json) }));
const swaps = parsed.filter((p) => swapEventOf(p.tx) !== null && !p.tx.transactionError);
const ATA_PROGRAM = 'ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL';

/**
 * The reference the mapping must reconcile to, built from Helius' own fields only: every account's lamport
 * change and every token account's change, summed per owner (`userAccount`, or the owner named by a token
 * transfer or by an Associated Token Account `Create`: accounts[1] is the new account, accounts[2] its
 * wallet); WSOL token amounts are skipped because the lamports of the same account carry them; the fee is
 * added back for the fee payer.
 */
function referenceDeltas(tx: EnhancedTransaction): Map<string, bigint> {
  const owner = new Map<string, string>();
  for (const a of tx.accountData)
    for (const t of a.tokenBalanceChanges ?? []) owner.set(t.tokenAccount, t.userAccount);
  for (const t of tx.tokenTransfers ?? []) {
    if (t.fromTokenAccount && t.fromUserAccount) owner.set(t.fromTokenAccount, t.fromUserAccount);
    if (t.toTokenAccount && t.toUserAccount) owner.set(t.toTokenAccount, t.toUserAccount);
  }
  for (const ix of tx.instructions ?? []) {
    for (const i of [ix, ...(ix.innerInstructions ?? [])]) {
      const [, account, wallet] = i.accounts ?? [];
      if (i.programId === ATA_PROGRAM && account && wallet && !owner.has(account)) owner.set(account, wallet);
    }
  }
  const out = new Map<string, bigint>();
  const add = (o: string, mint: string, v: bigint): void => {
    out.set(`${o} ${mint}`, (out.get(`${o} ${mint}`) ?? 0n) + v);
  };
  for (const a of tx.accountData) {
    add(owner.get(a.account) ?? a.account, SOL_MINT, BigInt(a.nativeBalanceChange));
    for (const t of a.tokenBalanceChanges ?? []) {
      if (t.mint !== SOL_MINT) add(t.userAccount, t.mint, BigInt(t.rawTokenAmount.tokenAmount));
    }
  }
  add(tx.feePayer, SOL_MINT, BigInt(tx.fee));
  return out;
}

/** Net per `owner mint` of the balance actions (what arrived minus what left); the tx fee and events excluded. */
function actionDeltas(actions: readonly Action[]): Map<string, bigint> {
  const out = new Map<string, bigint>();
  const add = (key: string, v: bigint): void => {
    out.set(key, (out.get(key) ?? 0n) + v);
  };
  for (const a of actions) {
    // The transaction fee is action 0 (SOL is compared net of it); other `fee` actions are payments.
    if ((a.index === 0 && a.kind === 'fee') || a.kind === 'event' || a.owner === null) continue;
    if (a.mintIn !== null) add(`${a.owner} ${a.mintIn}`, -(a.amountIn ?? 0n));
    if (a.mintOut !== null) add(`${a.owner} ${a.mintOut}`, a.amountOut ?? 0n);
  }
  return out;
}

describe('mapEnhancedTransaction on the recorded Helius payloads', () => {
  it('reads every recorded payload of shared/data §B', () => {
    expect(payloads.length).toBeGreaterThanOrEqual(100);
    expect(new Set(payloads.map((p) => p.path)).size).toBe(8);
  });

  it.each(parsed.map((p) => [p.signature.slice(0, 12), p] as const))(
    '%s maps without throwing to a fee first and contiguous indexes',
    (_sig, { tx }) => {
      const actions = mapEnhancedTransaction(tx);
      expect(actions.map((a) => a.index)).toEqual(actions.map((_, i) => i));
      for (const a of actions) {
        expect(a.signature).toBe(tx.signature);
        expect(a.blockTime).toBe(tx.timestamp);
        expect(a.slot).toBe(BigInt(tx.slot ?? -1));
        for (const amount of [a.amountIn, a.amountOut])
          if (amount !== null) expect(amount).toBeGreaterThan(0n);
      }
      expect(actions[0]).toMatchObject({ kind: 'fee', owner: tx.feePayer, mintIn: SOL_MINT });
      expect(actions[0]?.amountIn).toBe(BigInt(tx.fee));
    },
  );

  it.each(parsed.filter((p) => !p.tx.transactionError).map((p) => [p.signature.slice(0, 12), p] as const))(
    '%s: per owner and mint, the actions sum to the accountData balance changes',
    (_sig, { tx }) => {
      const actions = mapEnhancedTransaction(tx);
      const reference = referenceDeltas(tx);
      const mapped = actionDeltas(actions);
      const owners = new Set([tx.feePayer, ...actions.flatMap((a) => (a.owner === null ? [] : [a.owner]))]);
      for (const o of owners) {
        const keys = [...new Set([...reference.keys(), ...mapped.keys()])].filter((k) =>
          k.startsWith(`${o} `),
        );
        for (const k of keys) expect([k, mapped.get(k) ?? 0n]).toEqual([k, reference.get(k) ?? 0n]);
      }
    },
  );

  it.each(swaps.map((p) => [p.signature.slice(0, 12), p] as const))(
    '%s: the SWAP event maps to one swap with the event amounts (net of the fees Helius lists)',
    (_sig, { tx }) => {
      const ev = swapEventOf(tx)!;
      const legs = (native: { amount: string } | null | undefined, tokens: typeof ev.tokenInputs) => {
        const out: [string, bigint][] = [];
        if (native) out.push([SOL_MINT, BigInt(native.amount)]);
        for (const t of tokens ?? []) out.push([t.mint, BigInt(t.rawTokenAmount.tokenAmount)]);
        return out;
      };
      const inputs = legs(ev.nativeInput, ev.tokenInputs);
      const outputs = legs(ev.nativeOutput, ev.tokenOutputs);
      expect(inputs).toHaveLength(1);
      expect(outputs).toHaveLength(1);
      const [[inMint, inAmount], [outMint, grossOut]] = [inputs[0]!, outputs[0]!];
      // Helius reports the output before the platform fee and lists the fee beside it (tokenFees/nativeFees);
      // the owner's balance, and so the swap leg, is the output after it.
      let fees = 0n;
      for (const f of ev.tokenFees ?? [])
        if (f.mint === outMint) fees += BigInt(f.rawTokenAmount.tokenAmount);
      if (outMint === SOL_MINT) for (const f of ev.nativeFees ?? []) fees += BigInt(f.amount);

      const swapActions = mapEnhancedTransaction(tx).filter((a) => a.kind === 'swap');
      expect(swapActions).toHaveLength(1);
      expect(swapActions[0]).toMatchObject({
        owner: tx.feePayer,
        mintIn: inMint,
        amountIn: inAmount,
        mintOut: outMint,
        amountOut: grossOut - fees,
      });
      expect(swapActions[0]?.venue).toMatch(/^jupiter_v\d$/);
      expect(swapActions[0]?.side).toBe('swap'); // SOL↔USDC: both legs are quote assets
    },
  );

  it('maps both recorded failed transactions to the fee only', () => {
    const failed = parsed.filter((p) => p.tx.transactionError);
    expect(failed.length).toBeGreaterThanOrEqual(2);
    for (const { tx } of failed) {
      expect(mapEnhancedTransaction(tx)).toEqual([
        expect.objectContaining({ kind: 'fee', owner: tx.feePayer, amountIn: BigInt(tx.fee) }),
      ]);
    }
  });

  it('reads Meteora DBC trade events from emit_cpi inner instructions (no logs in enhanced payloads)', () => {
    const buy = parsed.find((p) => p.signature.startsWith('5gf6fduS'))!;
    const actions = mapEnhancedTransaction(buy.tx);
    expect(actions.find((a) => a.kind === 'swap')).toMatchObject({ venue: 'meteora_dbc', side: 'buy' });
    expect(actions.filter((a) => a.kind === 'event').map((a) => a.event?.program)).toContain('meteora_dbc');
  });

  it('does not take SOL paid out by an account that stays open for returned rent', () => {
    // A 44 SOL payout from a program-controlled account: Helius reports the decrease only, and a decrease
    // must not read as "balance went to zero" (a close, whose lamports the decoder calls returned rent).
    const payout = parsed.find((p) => p.signature.startsWith('fqU45MY6'))!;
    const actions = mapEnhancedTransaction(payout.tx);
    expect(actions.find((a) => a.mintOut === SOL_MINT)).toMatchObject({
      kind: 'transfer_in',
      owner: payout.tx.feePayer,
      amountOut: 44_000_000_000n,
      counterparty: expect.stringMatching(/^Dgj2/) as unknown,
    });
  });

  it('rejects instruction data that is not base58 with a Helius error code', () => {
    const { tx } = parsed.find((p) => p.signature.startsWith('3y1gTxKF'))!;
    const broken = { ...tx, instructions: tx.instructions!.map((ix) => ({ ...ix, data: '0OIl' })) };
    expect(() => mapEnhancedTransaction(broken)).toThrow(
      expect.objectContaining({ code: 'HELIUS_TX_INVALID', context: { signature: tx.signature } }),
    );
  });

  it('names the participants: the fee payer and every wallet whose balance changed', () => {
    const nftTransfer = parsed.find((p) => p.signature.startsWith('4rS1U4dN'))!;
    const decoded = decodeEnhancedTransaction(nftTransfer.tx);
    expect(decoded.participants).toContain(nftTransfer.tx.feePayer);
    expect(decoded.participants).toContain('MatrfYnDmsBrdnETpW2S6uksrChkGwyN4RRCXtTPZsv');
    expect(decoded.participants).toEqual([...decoded.participants].sort());
  });
});

describe('venue from the Helius source', () => {
  it('maps trading sources to our program labels and nothing else', () => {
    expect(venueOfSource('JUPITER')).toBe('jupiter_v6');
    expect(venueOfSource('ORCA')).toBe('orca_whirlpool');
    expect(venueOfSource('MAGIC_EDEN')).toBeNull();
    expect(venueOfSource('SOME_SOURCE_HELIUS_ADDS_LATER')).toBeNull();
    expect(venueOfSource(undefined)).toBeNull();
  });

  it('only replaces an `unknown` swap venue, never one the program ids named', () => {
    // A recorded Jupiter swap as it would decode if its program were missing from the registry.
    const actions = mapEnhancedTransaction(swaps[0]!.tx);
    const unknownVenue = actions.map((a) => (a.kind === 'swap' ? { ...a, venue: 'unknown' } : a));
    const venues = (list: readonly { kind: string; venue: string | null }[]) =>
      list.filter((a) => a.kind === 'swap').map((a) => a.venue);
    expect(venues(withSourceVenue(unknownVenue, 'JUPITER'))).toEqual(['jupiter_v6']);
    expect(venues(withSourceVenue(unknownVenue, 'MAGIC_EDEN'))).toEqual(['unknown']);
    expect(venues(withSourceVenue(actions, 'ORCA'))).toEqual(venues(actions));
    expect(venues(actions)[0]).toMatch(/^jupiter_v\d$/);
  });
});

describe('raw webhook items', () => {
  it('decode with the RPC decoder', () => {
    const raw = loadRawWebhookPayload();
    const decoded = decodeTransaction(parseRpcTransaction(raw.json));
    expect(decoded.tx.signature).toBe(raw.signature);
    expect(decoded.actions[0]).toMatchObject({ kind: 'fee', amountIn: 10000n });
  });
});
