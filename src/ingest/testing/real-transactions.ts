import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The real mainnet transactions recorded in `<repo>/../shared/data` (see its SOURCES.md), read in place:
 * never copied into the repo. Each is the `getTransaction` result, unwrapped from the JSON-RPC envelope or
 * array it was saved in.
 */
export const SHARED_DATA_DIR = new URL('../../../../shared/data/', import.meta.url);

export interface RealTransaction {
  readonly signature: string;
  /** Path under shared/data, for messages. */
  readonly path: string;
  readonly raw: unknown;
}

interface IndexEntry {
  signature: string;
  path: string;
}

function isRecordFor(value: unknown, signature: string): boolean {
  if (value === null || typeof value !== 'object') return false;
  const v = value as { meta?: unknown; transaction?: { signatures?: unknown } };
  return (
    v.meta !== undefined &&
    Array.isArray(v.transaction?.signatures) &&
    v.transaction.signatures[0] === signature
  );
}

/** Depth-first search for the getTransaction-shaped object of `signature` inside a recorded file. */
function findRecord(value: unknown, signature: string, depth = 0): unknown {
  if (isRecordFor(value, signature)) return value;
  if (depth > 4 || value === null || typeof value !== 'object') return undefined;
  for (const child of Object.values(value)) {
    const found = findRecord(child, signature, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Every recorded RPC transaction that could be located, one per signature, in index order. */
export function loadRealTransactions(): RealTransaction[] {
  const index = JSON.parse(
    readFileSync(fileURLToPath(new URL('_index/rpc_tx_index.json', SHARED_DATA_DIR)), 'utf8'),
  ) as IndexEntry[];
  const files = new Map<string, unknown>();
  const out: RealTransaction[] = [];
  const seen = new Set<string>();
  for (const entry of index) {
    if (seen.has(entry.signature)) continue;
    let doc = files.get(entry.path);
    if (doc === undefined) {
      doc = JSON.parse(readFileSync(fileURLToPath(new URL(entry.path, SHARED_DATA_DIR)), 'utf8')) as unknown;
      files.set(entry.path, doc);
    }
    const raw = findRecord(doc, entry.signature);
    if (raw === undefined) continue;
    seen.add(entry.signature);
    out.push({ signature: entry.signature, path: entry.path, raw });
  }
  return out;
}
