import { readFileSync } from 'node:fs';
import type { ProgramEvent } from '../action.ts';
import { rpcTransactionSchema } from '../transaction/rpc-transaction.schema.ts';
import { normalizeTransaction, type NormalizedTransaction } from '../transaction/normalized-transaction.ts';

/**
 * Test-only access to the real recorded data in ../shared/data (read in place, never copied into the repo;
 * see its SOURCES.md for where each file comes from).
 */
export const SHARED_DATA_DIR = new URL('../../../../shared/data/', import.meta.url);

export function readSharedJson(path: string): unknown {
  return JSON.parse(readFileSync(new URL(path, SHARED_DATA_DIR), 'utf8')) as unknown;
}

interface IndexRow {
  readonly path: string;
  readonly programs: readonly string[];
}

/**
 * Paths of the RPC-format transactions touching any of `programs`, per `_index/rpc_tx_index.json`. Yellowstone
 * (`*_geyser.json`) renderings and files that hold something other than one transaction are left out.
 */
export function recordedTransactionPaths(programs: readonly string[]): string[] {
  const rows = readSharedJson('_index/rpc_tx_index.json') as readonly IndexRow[];
  return rows
    .filter((r) => r.programs.some((p) => programs.includes(p)))
    .map((r) => r.path)
    .filter((path) => !path.endsWith('_geyser.json') && !path.endsWith('server/dump.json'));
}

/** A recorded `getTransaction` result: bare, an array of one, or wrapped in a JSON-RPC envelope. */
export function loadRecordedTransaction(path: string): NormalizedTransaction {
  return normalizeRpcResult(readSharedJson(path));
}

export function normalizeRpcResult(json: unknown): NormalizedTransaction {
  let value = Array.isArray(json) ? (json[0] as unknown) : json;
  if (typeof value === 'object' && value !== null && 'jsonrpc' in value && 'result' in value) {
    value = value.result;
  }
  return normalizeTransaction(rpcTransactionSchema.parse(value));
}

/** Net change of one token account's balance (0 when it is absent before and after). */
export function tokenAccountDelta(tx: NormalizedTransaction, account: string): bigint {
  const pre = tx.preTokenBalances.find((b) => b.account === account)?.amount ?? 0n;
  const post = tx.postTokenBalances.find((b) => b.account === account)?.amount ?? 0n;
  return post - pre;
}

/** Net change of everything `owner` holds of `mint`, over all its token accounts. */
export function ownerMintDelta(tx: NormalizedTransaction, owner: string, mint: string): bigint {
  const sum = (list: NormalizedTransaction['preTokenBalances']) =>
    list.filter((b) => b.owner === owner && b.mint === mint).reduce((n, b) => n + b.amount, 0n);
  return sum(tx.postTokenBalances) - sum(tx.preTokenBalances);
}

export function lamportChange(tx: NormalizedTransaction, account: string): { pre: bigint; post: bigint } {
  const i = tx.accountKeys.indexOf(account);
  return { pre: tx.preLamports[i] ?? 0n, post: tx.postLamports[i] ?? 0n };
}

/** The token accounts `owner` holds, by mint, with their balance before the transaction (0 if created in it). */
export function ownerAccounts(
  tx: NormalizedTransaction,
  owner: string,
): Map<string, { account: string; pre: bigint; post: bigint }> {
  const out = new Map<string, { account: string; pre: bigint; post: bigint }>();
  for (const b of [...tx.preTokenBalances, ...tx.postTokenBalances]) {
    if (b.owner !== owner || out.has(b.mint)) continue;
    const pre = tx.preTokenBalances.find((p) => p.account === b.account)?.amount ?? 0n;
    const post = tx.postTokenBalances.find((p) => p.account === b.account)?.amount ?? 0n;
    out.set(b.mint, { account: b.account, pre, post });
  }
  return out;
}

/** Typed reads of a decoded event's fields; a missing or mistyped field fails the test that reads it. */
export function text(event: ProgramEvent, field: string): string {
  const value = event.data[field];
  if (typeof value !== 'string') throw new TypeError(`${event.name}.${field} is ${JSON.stringify(value)}`);
  return value;
}

export function int(event: ProgramEvent, field: string): bigint {
  return BigInt(text(event, field));
}

export function flag(event: ProgramEvent, field: string): boolean {
  const value = event.data[field];
  if (typeof value !== 'boolean') throw new TypeError(`${event.name}.${field} is ${JSON.stringify(value)}`);
  return value;
}
