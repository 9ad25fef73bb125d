import { findRpcTransaction, rpcIndex, sharedDataAvailable } from '../../../../test/support/shared-data.ts';

/** One real mainnet transaction from ../shared/data, with what a node indexes it by. */
export interface ChainTx {
  readonly signature: string;
  readonly slot: bigint;
  readonly blockTime: number | null;
  readonly err: unknown;
  readonly encoding: 'json' | 'jsonParsed';
  /** The recorded getTransaction result, as recorded (u64 exact). */
  readonly raw: Readonly<Record<string, unknown>>;
  /** Every account the transaction loads: what getSignaturesForAddress and `mentions` match on. */
  readonly accounts: ReadonlySet<string>;
  readonly logs: readonly string[];
}

export { sharedDataAvailable };

let cache: ChainTx[] | null = null;

/**
 * The recorded transactions as one little chain, oldest first (slot, then signature). Records without a
 * slot (some recorders strip it) cannot be placed in an address history and are left out.
 */
export function recordedChain(): ChainTx[] {
  if (cache !== null) return cache;
  const bySignature = new Map<string, ChainTx>();
  for (const row of rpcIndex()) {
    if (bySignature.has(row.signature)) continue;
    const raw = findRpcTransaction(row);
    const slot = raw.slot;
    if (typeof slot !== 'number' && typeof slot !== 'bigint') continue;
    const meta = (raw.meta ?? {}) as {
      err?: unknown;
      logMessages?: string[];
      loadedAddresses?: { writable?: string[]; readonly?: string[] };
    };
    const message = (raw.transaction as { message: { accountKeys: (string | { pubkey: string })[] } })
      .message;
    const accounts = new Set<string>(message.accountKeys.map((k) => (typeof k === 'string' ? k : k.pubkey)));
    for (const a of [...(meta.loadedAddresses?.writable ?? []), ...(meta.loadedAddresses?.readonly ?? [])]) {
      accounts.add(a);
    }
    bySignature.set(row.signature, {
      signature: row.signature,
      slot: BigInt(slot),
      blockTime: typeof raw.blockTime === 'number' ? raw.blockTime : null,
      err: meta.err ?? null,
      encoding: row.encoding,
      raw,
      accounts,
      logs: meta.logMessages ?? [],
    });
  }
  cache = [...bySignature.values()].sort((a, b) =>
    a.slot === b.slot ? (a.signature < b.signature ? -1 : 1) : a.slot < b.slot ? -1 : 1,
  );
  return cache;
}

/** The SPL Token program: loaded by almost every recorded swap, so its history is the richest. */
export const TOKEN_PROGRAM = 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA';

/** A history newest → oldest, as getSignaturesForAddress orders it. */
export function historyOf(address: string, chain: readonly ChainTx[] = recordedChain()): ChainTx[] {
  return chain.filter((t) => t.accounts.has(address)).reverse();
}
