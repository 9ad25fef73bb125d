import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { OofError } from '../../../core/errors/oof-error.ts';
import { parseJsonExact } from '../../../decoder/input/parse-json-exact.ts';
import { readTransactionDocuments } from '../../../decoder/input/read-transaction-documents.ts';

/** One row of `../shared/data/_index/rpc_tx_index.json`: where a recorded getTransaction result is. */
export interface SharedDataRow {
  readonly signature: string;
  readonly encoding: 'json' | 'jsonParsed';
  readonly path: string;
}

const indexSchema = z.array(
  z.looseObject({
    signature: z.string().min(1),
    encoding: z.enum(['json', 'jsonParsed']),
    path: z.string().min(1),
  }),
);

export const SHARED_DATA_INDEX = '_index/rpc_tx_index.json';

export function readSharedDataIndex(root: string): SharedDataRow[] {
  const path = join(root, SHARED_DATA_INDEX);
  if (!existsSync(path)) {
    throw new OofError(
      'INPUT_EMPTY',
      `${root} has no ${SHARED_DATA_INDEX}: pass the shared data folder (the one holding SOURCES.md and _index/).`,
      { root },
    );
  }
  const parsed = indexSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    throw new OofError(
      'INPUT_EMPTY',
      `${path} is not the RPC transaction index (${parsed.error.issues[0]?.message}).`,
    );
  }
  return parsed.data;
}

/**
 * Finds the getTransaction result of a row inside its file, the way a user's `oof ingest` reads it: the
 * product's input reader first (bare results, arrays, JSON Lines, JSON-RPC wrappers, getBlock results,
 * Geyser updates), then a search of files that nest transactions under other names, where a block's slot
 * and time are carried down to its transactions. Files are cached: several rows share one.
 */
export class SharedDataFiles {
  private readonly texts = new Map<string, string>();

  constructor(private readonly root: string) {}

  find(row: SharedDataRow): Record<string, unknown> | null {
    const text = this.text(row.path);
    try {
      for (const doc of readTransactionDocuments(text)) {
        const v = doc.value as { transaction?: { signatures?: unknown[] } } | null;
        if (v?.transaction?.signatures?.[0] === row.signature) return v as Record<string, unknown>;
      }
    } catch {
      // Not a shape the input reader knows: the deep search below handles it.
    }
    return search(parseJsonExact(text), row.signature, {});
  }

  private text(path: string): string {
    let text = this.texts.get(path);
    if (text === undefined) {
      text = readFileSync(join(this.root, path), 'utf8');
      this.texts.set(path, text);
    }
    return text;
  }
}

function search(
  node: unknown,
  signature: string,
  inherited: Record<string, unknown>,
): Record<string, unknown> | null {
  if (Array.isArray(node)) {
    for (const n of node) {
      const found = search(n, signature, inherited);
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof node !== 'object' || node === null) return null;
  const o = node as Record<string, unknown>;
  const tx = o.transaction as { signatures?: unknown } | undefined;
  if (o.meta !== undefined && Array.isArray(tx?.signatures) && tx.signatures[0] === signature) {
    return { ...inherited, ...o };
  }
  const next = { ...inherited };
  if (o.blockTime !== undefined && Array.isArray(o.transactions)) next.blockTime = o.blockTime;
  if (o.parentSlot !== undefined && Array.isArray(o.transactions)) next.slot = Number(o.parentSlot) + 1;
  if (typeof o.slot === 'number') next.slot = o.slot; // Yellowstone updates carry the slot one level up
  for (const v of Object.values(o)) {
    const found = search(v, signature, next);
    if (found !== null) return found;
  }
  return null;
}
