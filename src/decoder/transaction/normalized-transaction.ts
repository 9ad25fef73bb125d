import { getBase58Encoder } from '@solana/kit';
import { OofError } from '../../core/errors/oof-error.ts';
import type { RpcInstruction, RpcTokenBalance, RpcTransaction } from './rpc-transaction.schema.ts';

/**
 * One shape for every encoding: account keys resolved (v0 loaded addresses appended writable-then-readonly,
 * the order the runtime uses), instructions flattened in execution order with their raw bytes when the
 * encoding carries them, integers as bigint.
 */
export interface NormalizedInstruction {
  readonly programId: string;
  readonly accounts: readonly string[];
  /** Raw instruction data; null when the node returned a `parsed` instruction instead. */
  readonly data: Uint8Array | null;
  /** `{type, info}` of a `jsonParsed` instruction, null otherwise. */
  readonly parsed: { readonly type: string; readonly info: Readonly<Record<string, unknown>> } | null;
  readonly outerIndex: number;
  /** Position among the inner instructions of `outerIndex`; null for the outer instruction itself. */
  readonly innerIndex: number | null;
}

export interface NormalizedTokenBalance {
  readonly accountIndex: number;
  readonly account: string;
  readonly mint: string;
  /** Wallet that owns the token account; older nodes omit it, then the account itself stands in. */
  readonly owner: string;
  readonly programId: string | null;
  readonly amount: bigint;
  readonly decimals: number;
}

export interface NormalizedTransaction {
  readonly signature: string;
  /** Null only for recordings that dropped it; a node always reports it. */
  readonly slot: bigint | null;
  readonly blockTime: number | null;
  readonly version: 'legacy' | 0;
  readonly failed: boolean;
  readonly err: unknown;
  readonly feeLamports: bigint;
  readonly accountKeys: readonly string[];
  readonly signers: readonly string[];
  readonly feePayer: string;
  readonly preLamports: readonly bigint[];
  readonly postLamports: readonly bigint[];
  readonly preTokenBalances: readonly NormalizedTokenBalance[];
  readonly postTokenBalances: readonly NormalizedTokenBalance[];
  readonly instructions: readonly NormalizedInstruction[];
  readonly logMessages: readonly string[];
}

const base58 = getBase58Encoder();

function shapeError(signature: string, message: string): OofError {
  return new OofError('TX_SHAPE_INVALID', `Transaction ${signature}: ${message}`, { signature });
}

export function normalizeTransaction(tx: RpcTransaction): NormalizedTransaction {
  const signature = tx.transaction.signatures[0] ?? '';
  const meta = tx.meta;
  if (meta === null) {
    throw shapeError(signature, 'has no `meta`; fetch it with getTransaction so balances are available.');
  }
  const message = tx.transaction.message;
  const rawKeys = message.accountKeys;
  let accountKeys: string[];
  let signers: string[];
  if (rawKeys.every((k): k is string => typeof k === 'string')) {
    const loaded = meta.loadedAddresses;
    accountKeys = [...rawKeys, ...(loaded?.writable ?? []), ...(loaded?.readonly ?? [])];
    const required = message.header?.numRequiredSignatures ?? tx.transaction.signatures.length;
    signers = rawKeys.slice(0, required);
  } else {
    const keys = rawKeys as readonly { pubkey: string; signer: boolean }[];
    accountKeys = keys.map((k) => k.pubkey);
    signers = keys.filter((k) => k.signer).map((k) => k.pubkey);
  }
  if (accountKeys.length === 0) throw shapeError(signature, 'has no account keys.');
  if (meta.preBalances.length !== accountKeys.length || meta.postBalances.length !== accountKeys.length) {
    throw shapeError(
      signature,
      `has ${accountKeys.length} account keys but ${meta.preBalances.length}/${meta.postBalances.length} pre/post balances` +
        ' (a v0 transaction needs meta.loadedAddresses).',
    );
  }
  const key = (i: number): string => {
    const k = accountKeys[i];
    if (k === undefined)
      throw shapeError(signature, `refers to account index ${i} of ${accountKeys.length}.`);
    return k;
  };

  const toInstruction = (ix: RpcInstruction, outerIndex: number, innerIndex: number | null) => {
    if (isCompiled(ix)) {
      return {
        programId: key(ix.programIdIndex),
        accounts: ix.accounts.map(key),
        data: decodeData(signature, ix.data),
        parsed: null,
        outerIndex,
        innerIndex,
      } satisfies NormalizedInstruction;
    }
    const parsed = asParsed(ix.parsed);
    if (ix.accounts !== undefined && !ix.accounts.every((a): a is string => typeof a === 'string')) {
      throw shapeError(signature, 'has a parsed instruction whose accounts are not addresses.');
    }
    return {
      programId: ix.programId,
      accounts: ix.accounts ?? [],
      data: ix.data === undefined ? null : decodeData(signature, ix.data),
      parsed,
      outerIndex,
      innerIndex,
    } satisfies NormalizedInstruction;
  };

  const innerByOuter = new Map<number, readonly RpcInstruction[]>();
  for (const group of meta.innerInstructions ?? []) innerByOuter.set(group.index, group.instructions);
  const instructions: NormalizedInstruction[] = [];
  message.instructions.forEach((ix, outerIndex) => {
    instructions.push(toInstruction(ix, outerIndex, null));
    (innerByOuter.get(outerIndex) ?? []).forEach((inner, innerIndex) => {
      instructions.push(toInstruction(inner, outerIndex, innerIndex));
    });
  });

  const tokenBalances = (list: readonly RpcTokenBalance[] | null | undefined): NormalizedTokenBalance[] =>
    (list ?? []).map((b) => {
      const account = key(b.accountIndex);
      return {
        accountIndex: b.accountIndex,
        account,
        mint: b.mint,
        owner: b.owner ?? account,
        programId: b.programId ?? null,
        amount: BigInt(b.uiTokenAmount.amount),
        decimals: b.uiTokenAmount.decimals,
      };
    });

  const version = tx.version === 0 ? 0 : 'legacy';
  return {
    signature,
    slot: tx.slot === null || tx.slot === undefined ? null : BigInt(tx.slot),
    blockTime: tx.blockTime ?? null,
    version,
    failed: meta.err !== null && meta.err !== undefined,
    err: meta.err ?? null,
    feeLamports: BigInt(meta.fee),
    accountKeys,
    signers,
    feePayer: accountKeys[0] ?? '',
    preLamports: meta.preBalances.map((v) => BigInt(v)),
    postLamports: meta.postBalances.map((v) => BigInt(v)),
    preTokenBalances: tokenBalances(meta.preTokenBalances),
    postTokenBalances: tokenBalances(meta.postTokenBalances),
    instructions,
    logMessages: meta.logMessages ?? [],
  };
}

type CompiledInstruction = Extract<RpcInstruction, { programIdIndex: number }>;
function isCompiled(ix: RpcInstruction): ix is CompiledInstruction {
  return typeof (ix as { programIdIndex?: unknown }).programIdIndex === 'number';
}

function decodeData(signature: string, data: string): Uint8Array {
  if (data.length === 0) return new Uint8Array(0);
  try {
    return base58.encode(data) as Uint8Array;
  } catch (cause) {
    throw new OofError(
      'TX_SHAPE_INVALID',
      `Transaction ${signature}: instruction data is not base58.`,
      { signature },
      cause,
    );
  }
}

function asParsed(parsed: unknown): NormalizedInstruction['parsed'] {
  if (typeof parsed !== 'object' || parsed === null) return null;
  const p = parsed as { type?: unknown; info?: unknown };
  if (typeof p.type !== 'string') return null;
  const info = typeof p.info === 'object' && p.info !== null ? (p.info as Record<string, unknown>) : {};
  return { type: p.type, info };
}
