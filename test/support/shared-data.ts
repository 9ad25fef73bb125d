import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readTransactionDocuments } from '../../src/decoder/input/read-transaction-documents.ts';
import { parseJsonExact } from '../../src/decoder/input/parse-json-exact.ts';

/**
 * Real recorded mainnet data lives beside the repository in `../shared/data` (never copied in).
 * Tests locate records through its index and read them at run time.
 */
export const SHARED_DATA = fileURLToPath(new URL('../../../shared/data/', import.meta.url));

export interface RpcIndexRow {
  readonly folder: string;
  readonly signature: string;
  readonly encoding: 'json' | 'jsonParsed';
  readonly blockTime: number | null;
  readonly failed: boolean;
  readonly programs: readonly string[];
  readonly path: string;
}

export function sharedDataAvailable(): boolean {
  return existsSync(`${SHARED_DATA}_index/rpc_tx_index.json`);
}

export function rpcIndex(): RpcIndexRow[] {
  return JSON.parse(readFileSync(`${SHARED_DATA}_index/rpc_tx_index.json`, 'utf8')) as RpcIndexRow[];
}

const fileCache = new Map<string, unknown>();
export function readShared(path: string): unknown {
  let v = fileCache.get(path);
  if (v === undefined) {
    v = parseJsonExact(readFileSync(`${SHARED_DATA}${path}`, 'utf8'));
    fileCache.set(path, v);
  }
  return v;
}

/** The file text of a record, as a user would pass it to `oof decode`. */
export function readSharedText(path: string): string {
  return readFileSync(`${SHARED_DATA}${path}`, 'utf8');
}

/**
 * Finds the `getTransaction`-shaped object with this signature anywhere in a file (bare result, array,
 * JSON-RPC wrapper, getBlock result, or a named field of a dump). Block-level slot/time are carried down.
 */
export function findRpcTransaction(row: RpcIndexRow): Record<string, unknown> {
  // The product's own input reader first (it knows wrappers, blocks and Geyser updates), then a deep search
  // for files that nest transactions under arbitrary names.
  try {
    for (const doc of readTransactionDocuments(readSharedText(row.path))) {
      const v = doc.value as { transaction?: { signatures?: unknown[] } };
      if (v.transaction?.signatures?.[0] === row.signature) return v as Record<string, unknown>;
    }
  } catch {
    // not a shape the reader knows; fall through
  }
  const found = search(readShared(row.path), row.signature, {});
  if (found === null) throw new Error(`signature ${row.signature} not found in ${row.path}`);
  return found;
}

function search(
  node: unknown,
  sig: string,
  inherited: Record<string, unknown>,
): Record<string, unknown> | null {
  if (Array.isArray(node)) {
    for (const n of node) {
      const f = search(n, sig, inherited);
      if (f) return f;
    }
    return null;
  }
  if (typeof node !== 'object' || node === null) return null;
  const o = node as Record<string, unknown>;
  const tx = o.transaction as { signatures?: unknown } | undefined;
  if (o.meta !== undefined && tx && Array.isArray(tx.signatures) && tx.signatures[0] === sig) {
    return { ...inherited, ...o };
  }
  const next = { ...inherited };
  if (o.blockTime !== undefined && Array.isArray(o.transactions)) next.blockTime = o.blockTime;
  if (o.parentSlot !== undefined && Array.isArray(o.transactions)) next.slot = Number(o.parentSlot) + 1;
  if (typeof o.slot === 'number') next.slot = o.slot; // Yellowstone updates carry the slot one level up
  for (const v of Object.values(o)) {
    const f = search(v, sig, next);
    if (f) return f;
  }
  return null;
}
