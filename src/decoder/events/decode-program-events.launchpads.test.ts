import { getBase58Encoder } from '@solana/kit';
import { describe, expect, it } from 'vitest';
import type { ProgramEvent } from '../action.ts';
import type { NormalizedInstruction, NormalizedTransaction } from '../transaction/normalized-transaction.ts';
import { ANCHOR_EVENT_IX_TAG } from './anchor-discriminator.ts';
import { decodeProgramEvents } from './decode-program-events.ts';
import {
  int,
  loadRecordedTransaction,
  normalizeRpcResult,
  ownerMintDelta,
  readSharedJson,
  text,
} from './recorded-data.fixture.ts';

// Raydium LaunchLab and Meteora DBC: one recorded transaction each, plus Helius webhook payloads for DBC swaps.

const LAUNCHLAB = 'LanMV9sAd7wArD4vJFi2qDdfnVhFxYSUg6eADduJ3uj';
const WSOL = 'So11111111111111111111111111111111111111112';

describe('Raydium LaunchLab events (ray-launchpad-create-pair.json)', () => {
  const tx = loadRecordedTransaction('jiangxiaop-solana-swap-scan/test/ray/ray-launchpad-create-pair.json');
  const events = decodeProgramEvents(tx);
  const [created, trade] = events as [ProgramEvent, ProgramEvent];

  it('reports the pool creation, then the creator’s first buy', () => {
    expect(events.map((e) => `${e.program}.${e.name}`)).toEqual([
      'raydium_launchlab.PoolCreateEvent',
      'raydium_launchlab.TradeEvent',
    ]);
    expect(trade.data['tradeDirection']).toBe('Buy');
    expect(trade.data['poolStatus']).toBe('Fund');
    expect(text(trade, 'poolState')).toBe(text(created, 'poolState'));
  });

  it('echoes the initialize instruction’s arguments byte for byte after its three accounts', () => {
    const initialize = tx.instructions.find((ix) => ix.programId === LAUNCHLAB && ix.innerIndex === null);
    const emitted = tx.instructions.find(
      (ix) =>
        ix.programId === LAUNCHLAB && ix.innerIndex !== null && ix.outerIndex === initialize?.outerIndex,
    );
    const args = initialize?.data?.subarray(8);
    // Self-CPI data: 8-byte tag, 8-byte discriminator, then pool_state, creator and config (3 × 32 bytes).
    const payloadAfterAccounts = emitted?.data?.subarray(ANCHOR_EVENT_IX_TAG.length + 8 + 96);
    expect(args?.length).toBeGreaterThan(0);
    expect(Buffer.from(payloadAfterAccounts ?? []).equals(Buffer.from(args ?? []))).toBe(true);
    expect(tx.signers).toContain(text(created, 'creator'));
  });

  it('moves the creator’s tokens and the quote vault by the traded amounts', () => {
    const mintParam = created.data['baseMintParam'] as Record<string, unknown>;
    const baseMint = tx.postTokenBalances.find((b) => b.owner === text(created, 'creator'))?.mint ?? '';
    expect(tx.postTokenBalances.find((b) => b.mint === baseMint)?.decimals).toBe(mintParam['decimals']);
    expect(ownerMintDelta(tx, text(created, 'creator'), baseMint)).toBe(int(trade, 'amountOut'));
    const quoteVault = tx.postTokenBalances.find((b) => b.mint === WSOL && b.amount > 0n);
    expect(quoteVault?.amount).toBe(int(trade, 'amountIn'));
    // Fees stay in the vault but are not curve reserves.
    expect(int(trade, 'realQuoteAfter') - int(trade, 'realQuoteBefore')).toBe(
      int(trade, 'amountIn') - int(trade, 'protocolFee') - int(trade, 'platformFee') - int(trade, 'shareFee'),
    );
    expect(int(trade, 'realBaseAfter') - int(trade, 'realBaseBefore')).toBe(int(trade, 'amountOut'));
    const curve = created.data['curveParam'] as { kind: string; data: Record<string, string> };
    expect(curve.kind).toBe('Constant');
    expect(curve.data['totalBaseSell']).toBe(text(trade, 'totalBaseSell'));
    const baseVault = tx.postTokenBalances.find(
      (b) => b.mint === baseMint && b.owner !== text(created, 'creator'),
    );
    expect(baseVault?.amount).toBe(BigInt(curve.data['supply'] ?? '') - int(trade, 'amountOut'));
  });
});

interface HeliusInstruction {
  readonly programId: string;
  readonly accounts: readonly string[];
  readonly data: string;
  readonly innerInstructions?: readonly HeliusInstruction[];
}
interface HeliusWebhookTx {
  readonly signature: string;
  readonly feePayer: string;
  readonly instructions: readonly HeliusInstruction[];
  readonly accountData: readonly {
    readonly tokenBalanceChanges: readonly {
      readonly mint: string;
      readonly userAccount: string;
      readonly rawTokenAmount: { readonly tokenAmount: string };
    }[];
  }[];
}

/** A Helius webhook payload carries the instructions (with inner ones) but no logs or balances. */
function fromHeliusInstructions(payload: HeliusWebhookTx): NormalizedTransaction {
  const base58 = getBase58Encoder();
  const toIx = (
    ix: HeliusInstruction,
    outerIndex: number,
    innerIndex: number | null,
  ): NormalizedInstruction => ({
    programId: ix.programId,
    accounts: ix.accounts,
    data: new Uint8Array(base58.encode(ix.data)),
    parsed: null,
    outerIndex,
    innerIndex,
  });
  return {
    signature: payload.signature,
    slot: 0n,
    blockTime: null,
    version: 0,
    failed: false,
    err: null,
    feeLamports: 0n,
    accountKeys: [payload.feePayer],
    signers: [payload.feePayer],
    feePayer: payload.feePayer,
    preLamports: [0n],
    postLamports: [0n],
    preTokenBalances: [],
    postTokenBalances: [],
    instructions: payload.instructions.flatMap((ix, outer) => [
      toIx(ix, outer, null),
      ...(ix.innerInstructions ?? []).map((inner, i) => toIx(inner, outer, i)),
    ]),
    logMessages: [],
  };
}

describe('Meteora DBC events', () => {
  const dump = readSharedJson('solanalaunchpad-helius/server/dump.json') as Record<string, unknown>;

  it('reports the pool initialisation of the recorded create transaction', () => {
    const tx = normalizeRpcResult(dump['createTokenRes']);
    const events = decodeProgramEvents(tx);
    expect(events.map((e) => `${e.program}.${e.name}`)).toEqual(['meteora_dbc.EvtInitializePool']);
    const [init] = events as [ProgramEvent];
    expect(tx.signers).toContain(text(init, 'creator'));
    expect(tx.signers).toContain(text(init, 'baseMint'));
    expect(int(init, 'activationPoint')).toBe(BigInt(tx.blockTime ?? -1));
  });

  it.each([
    ['buyDBCWebhookRes', 1, 'GLZPY8BKvz4SskptWRpNZ29UJPmS9BYx1enRHUa9oSDx'],
    ['sellDBCWebhookRes', 0, WSOL],
  ] as const)(
    '%s: EvtSwap and EvtSwap2 agree with each other and with the balances',
    (key, direction, outMint) => {
      const payload = dump[key] as HeliusWebhookTx;
      const events = decodeProgramEvents(fromHeliusInstructions(payload));
      expect(events.map((e) => `${e.program}.${e.name}`)).toEqual([
        'meteora_dbc.EvtSwap',
        'meteora_dbc.EvtSwap2',
      ]);
      const [swap, swap2] = events as [ProgramEvent, ProgramEvent];
      const result = swap.data['swapResult'] as Record<string, string>;
      const result2 = swap2.data['swapResult'] as Record<string, string>;
      expect(swap.data['tradeDirection']).toBe(direction);
      expect(swap2.data['tradeDirection']).toBe(direction);
      expect(result2['outputAmount']).toBe(result['outputAmount']);
      expect(result2['nextSqrtPrice']).toBe(result['nextSqrtPrice']);
      expect(text(swap2, 'currentTimestamp')).toBe(text(swap, 'currentTimestamp'));
      // The pool-side vault of the output mint (owned by the pool authority) paid exactly outputAmount.
      const paidOut = payload.accountData
        .flatMap((a) => a.tokenBalanceChanges)
        .find((c) => c.mint === outMint && c.userAccount !== payload.feePayer);
      expect(BigInt(paidOut?.rawTokenAmount.tokenAmount ?? '0')).toBe(-BigInt(result['outputAmount'] ?? ''));
    },
  );
});
