import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SharedDataFiles } from '../../src/chain/archive/shared-data/shared-data-records.ts';
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

const files = new SharedDataFiles(SHARED_DATA);

/**
 * The `getTransaction`-shaped object of a row, found the way `oof build-archive` finds it (the product's input
 * reader first, then a search of files that nest transactions under other names).
 */
export function findRpcTransaction(row: RpcIndexRow): Record<string, unknown> {
  const found = files.find(row);
  if (found === null) throw new Error(`signature ${row.signature} not found in ${row.path}`);
  return found;
}
