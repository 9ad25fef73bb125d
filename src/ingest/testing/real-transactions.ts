import { fileURLToPath } from 'node:url';
import { readSharedDataIndex, SharedDataFiles } from '../../chain/archive/shared-data/shared-data-records.ts';

/**
 * The real mainnet transactions recorded in `<repo>/../shared/data` (see its SOURCES.md), read in place:
 * never copied into the repo. Each is the `getTransaction` result, found the way `oof build-archive` finds it.
 */
export const SHARED_DATA_DIR = new URL('../../../../shared/data/', import.meta.url);

export interface RealTransaction {
  readonly signature: string;
  /** Path under shared/data, for messages. */
  readonly path: string;
  readonly raw: unknown;
}

/** Every recorded RPC transaction that could be located, one per signature (its first row), in index order. */
export function loadRealTransactions(): RealTransaction[] {
  const root = fileURLToPath(SHARED_DATA_DIR);
  const files = new SharedDataFiles(root);
  const out: RealTransaction[] = [];
  const seen = new Set<string>();
  for (const row of readSharedDataIndex(root)) {
    if (seen.has(row.signature)) continue;
    const raw = files.find(row);
    if (raw === null) continue;
    seen.add(row.signature);
    out.push({ signature: row.signature, path: row.path, raw });
  }
  return out;
}
