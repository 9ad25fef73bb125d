import {
  decodeTransaction,
  parseRpcTransaction,
  type DecodedTransaction,
} from '../../../decoder/decode-transaction.ts';
import type { ArchiveManifest } from '../archive-manifest.ts';
import { ArchiveWriter } from '../archive-writer.ts';
import { logLineOf } from '../log-line-of.ts';
import { ManifestEntities } from '../manifest-entities.ts';
import { readSharedDataIndex, SharedDataFiles, type SharedDataRow } from './shared-data-records.ts';

export interface SkippedRecord {
  readonly signature: string;
  readonly path: string;
  readonly reason: string;
}

export interface SharedDataBuildReport {
  readonly rows: number;
  readonly transactions: number;
  /** Later copies of a signature already taken from an earlier row (the first usable copy wins). */
  readonly duplicates: number;
  readonly skipped: readonly SkippedRecord[];
  readonly manifest: ArchiveManifest;
}

export interface SharedDataBuildOptions {
  readonly gzip?: boolean;
  readonly createdBy: string;
  readonly onProgress?: (done: number, total: number) => void;
}

interface Chosen {
  readonly signature: string;
  readonly slot: bigint;
  readonly raw: Record<string, unknown>;
  readonly decoded: DecodedTransaction;
}

/**
 * A chain archive of every usable RPC-format transaction recorded in `../shared/data` (its
 * `_index/rpc_tx_index.json`), one per signature — the first usable copy in index order, which is the one
 * a user's `oof ingest` of the same files stores. A record is skipped, with the reason, when it cannot be
 * found in its file, has no slot (it cannot be placed in an address history), fails `parseRpcTransaction`,
 * or is rejected by the decoder (a node never returns such a transaction). Transactions are written in
 * (slot, signature) order — recordings do not say where in its block a transaction was — each with the
 * logsNotification built from its logMessages.
 */
export async function buildSharedDataArchive(
  root: string,
  out: string,
  options: SharedDataBuildOptions,
): Promise<SharedDataBuildReport> {
  const rows = readSharedDataIndex(root);
  const files = new SharedDataFiles(root);
  const chosen = new Map<string, Chosen>();
  const skipped: SkippedRecord[] = [];
  let duplicates = 0;
  rows.forEach((row, i) => {
    options.onProgress?.(i, rows.length);
    if (chosen.has(row.signature)) {
      duplicates += 1;
      return;
    }
    const result = usable(files, row);
    if (typeof result === 'string')
      skipped.push({ signature: row.signature, path: row.path, reason: result });
    else chosen.set(row.signature, result);
  });
  options.onProgress?.(rows.length, rows.length);

  const ordered = [...chosen.values()].sort((a, b) =>
    a.slot === b.slot ? (a.signature < b.signature ? -1 : 1) : a.slot < b.slot ? -1 : 1,
  );
  const writer = ArchiveWriter.create(out, options.gzip === undefined ? {} : { gzip: options.gzip });
  const entities = new ManifestEntities();
  for (const t of ordered) {
    const slot = t.slot.toString();
    await writer.addTransaction({
      signature: t.signature,
      slot,
      blockTime: t.decoded.tx.blockTime,
      encoding: isJsonParsed(t.raw) ? 'jsonParsed' : 'json',
      result: t.raw,
    });
    await writer.addLog(logLineOf(t.signature, slot, t.raw));
    entities.add(t.decoded);
  }
  const manifest = await writer.finish({
    source: 'shared-data',
    createdBy: options.createdBy,
    network: 'mainnet-beta',
    ...entities.result(),
  });
  return { rows: rows.length, transactions: ordered.length, duplicates, skipped, manifest };
}

function usable(files: SharedDataFiles, row: SharedDataRow): Chosen | string {
  let raw: Record<string, unknown> | null;
  try {
    raw = files.find(row);
  } catch (e) {
    return `file unreadable: ${(e as Error).message}`;
  }
  if (raw === null) return 'not found in its file';
  if (typeof raw.slot !== 'number' && typeof raw.slot !== 'bigint') return 'no slot';
  let decoded: DecodedTransaction;
  try {
    const parsed = parseRpcTransaction(raw);
    try {
      decoded = decodeTransaction(parsed);
    } catch (e) {
      return `rejected by the decoder: ${(e as Error).message}`;
    }
  } catch (e) {
    return `not a getTransaction result: ${(e as Error).message}`;
  }
  return { signature: row.signature, slot: BigInt(raw.slot), raw, decoded };
}

/** jsonParsed results list account keys as objects; json results as strings. */
function isJsonParsed(raw: Record<string, unknown>): boolean {
  const keys = (raw.transaction as { message?: { accountKeys?: unknown[] } } | undefined)?.message
    ?.accountKeys;
  return typeof keys?.[0] === 'object' && keys[0] !== null;
}
