import { formatUnits } from '../../domain/decimal.ts';
import { OofError } from '../../core/errors/oof-error.ts';
import { encodeBase58 } from '../keys/base58.ts';
import type { TokenAccount } from './account-state.ts';
import type { RecordedInstruction, TransactionBuilder } from './transaction-builder.ts';

/** The `getTransaction` result (`json` encoding, `maxSupportedTransactionVersion: 0`) the simulator writes. */
export interface RpcTransactionResult {
  readonly slot: number;
  readonly transaction: {
    readonly signatures: readonly string[];
    readonly message: Readonly<Record<string, unknown>>;
  };
  readonly meta: Readonly<Record<string, unknown>>;
  readonly version: 0 | 'legacy';
  readonly blockTime: number;
}

export interface FinalizeOptions {
  readonly slot: bigint;
  readonly blockTime: number;
  readonly recentBlockhash: string;
  readonly version: 0 | 'legacy';
  /** One signature per required signer, called with the number needed. */
  readonly sign: (count: number) => readonly string[];
}

const LAMPORTS_PER_SIGNATURE = 5000n;

/**
 * Turns an executed builder into the node's JSON: keys ordered as a compiled message orders them (writable
 * signers, read-only signers, writable non-signers, read-only non-signers; fee payer first, otherwise in order
 * of first mention), the header counts, base58 instruction data, the fee (5000 lamports per signature plus
 * limit × price / 10^6 rounded up, as ComputeBudget prices it), and post-balances read back from the state
 * after the fee is charged (and, for a failed transaction, after everything else was rolled back).
 */
export function finalizeTransaction(tx: TransactionBuilder, options: FinalizeOptions): RpcTransactionResult {
  const entries = [...tx.keys.entries()];
  const group = (signer: boolean, isWritable: boolean): string[] =>
    entries.filter(([, k]) => k.signer === signer && k.writable === isWritable).map(([a]) => a);
  const keys = [...group(true, true), ...group(true, false), ...group(false, true), ...group(false, false)];
  if (keys[0] !== tx.feePayer) {
    throw new OofError('INVARIANT_BROKEN', 'Simulated transaction: the fee payer must be a writable signer');
  }
  const index = new Map(keys.map((k, i) => [k, i]));
  const signerCount = group(true, true).length + group(true, false).length;
  const compile = (ix: RecordedInstruction): Record<string, unknown> => ({
    programIdIndex: index.get(ix.programId),
    accounts: ix.accounts.map((a) => index.get(a)),
    data: encodeBase58(ix.data),
    stackHeight: ix.stackHeight,
  });

  const priority = (BigInt(tx.computeUnitLimit) * tx.computeUnitPriceMicroLamports + 999_999n) / 1_000_000n;
  const fee = LAMPORTS_PER_SIGNATURE * BigInt(signerCount) + priority;
  const state = tx.state;
  if (tx.failure === null) state.commit();
  else state.rollback();
  state.setLamports(tx.feePayer, state.lamports(tx.feePayer) - fee);

  const preTokenBalances: Record<string, unknown>[] = [];
  const postTokenBalances: Record<string, unknown>[] = [];
  keys.forEach((k, i) => {
    const pre = tx.keys.get(k)?.preToken ?? null;
    if (pre !== null) preTokenBalances.push(tokenBalance(i, pre));
    const post = state.token(k);
    if (post !== undefined) postTokenBalances.push(tokenBalance(i, post));
  });

  const err =
    tx.failure === null ? null : { InstructionError: [tx.failure.outerIndex, { Custom: tx.failure.code }] };
  const message: Record<string, unknown> = {
    header: {
      numRequiredSignatures: signerCount,
      numReadonlySignedAccounts: group(true, false).length,
      numReadonlyUnsignedAccounts: group(false, false).length,
    },
    accountKeys: keys,
    recentBlockhash: options.recentBlockhash,
    instructions: tx.outer.map(compile),
  };
  if (options.version === 0) message.addressTableLookups = [];
  return {
    slot: safe(options.slot),
    transaction: { signatures: options.sign(signerCount), message },
    meta: {
      err,
      status: err === null ? { Ok: null } : { Err: err },
      fee: safe(fee),
      preBalances: keys.map((k) => safe(tx.keys.get(k)?.preLamports ?? 0n)),
      postBalances: keys.map((k) => safe(state.lamports(k))),
      innerInstructions: tx.inner
        .map((list, i) => ({ index: i, instructions: list.map(compile) }))
        .filter((g) => g.instructions.length > 0),
      logMessages: tx.logs,
      preTokenBalances,
      postTokenBalances,
      rewards: [],
      loadedAddresses: { writable: [], readonly: [] },
      computeUnitsConsumed: tx.computeUnitsConsumed,
    },
    version: options.version,
    blockTime: options.blockTime,
  };
}

function tokenBalance(accountIndex: number, t: Readonly<TokenAccount>): Record<string, unknown> {
  const ui = formatUnits(t.amount, t.decimals);
  return {
    accountIndex,
    mint: t.mint,
    uiTokenAmount: {
      uiAmount: t.amount === 0n ? null : Number(ui),
      decimals: t.decimals,
      amount: t.amount.toString(),
      uiAmountString: ui,
    },
    owner: t.owner,
    programId: t.programId,
  };
}

/** JSON numbers: every lamport balance the simulator produces stays below 2^53 (≈ 9 million SOL). */
function safe(v: bigint): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new OofError('INVARIANT_BROKEN', `Simulated value ${v} exceeds 2^53`);
  }
  return Number(v);
}
