import { readFileSync } from 'node:fs';

/**
 * Test-only access to the real Helius payloads in `<repo>/../shared/data` (read in place, never copied into
 * the repo; see its SOURCES.md §B): Helius' own xray mocks, a wallet history from dashy-staging, the failed
 * swaps of helius-rust-sdk, and the webhook dumps of SolanaLaunchpad (enhanced items plus one raw item).
 */
export const SHARED_DATA_DIR = new URL('../../../../../shared/data/', import.meta.url);

export function readSharedText(path: string): string {
  return readFileSync(new URL(path, SHARED_DATA_DIR), 'utf8');
}

interface IndexRow {
  readonly path: string;
  readonly signature: string;
}

export interface RecordedPayload {
  readonly signature: string;
  /** File under shared/data, for messages. */
  readonly path: string;
  /** The item exactly as recorded (an Enhanced Transaction, or a getTransaction result for raw ones). */
  readonly json: Record<string, unknown>;
}

function transactionsIn(doc: unknown): Record<string, unknown>[] {
  if (Array.isArray(doc)) return doc.flatMap(transactionsIn);
  if (typeof doc !== 'object' || doc === null) return [];
  const o = doc as Record<string, unknown>;
  if (typeof o.signature === 'string' || 'transaction' in o) return [o];
  // Named payloads: `{ buyDBCWebhookRes: {...}, createTokenRes: {...} }`.
  return Object.values(o).flatMap(transactionsIn);
}

const cache = new Map<string, Record<string, unknown>[]>();
function fileTransactions(path: string): Record<string, unknown>[] {
  let txs = cache.get(path);
  if (txs === undefined) {
    txs = transactionsIn(JSON.parse(readSharedText(path)) as unknown);
    cache.set(path, txs);
  }
  return txs;
}

/** Every recorded Enhanced Transaction listed in `_index/helius_enhanced_index.json`, one per (file, signature). */
export function loadEnhancedPayloads(): RecordedPayload[] {
  const rows = JSON.parse(readSharedText('_index/helius_enhanced_index.json')) as IndexRow[];
  const out: RecordedPayload[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    const key = `${row.path}|${row.signature}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const json = fileTransactions(row.path).find((t) => t.signature === row.signature);
    if (json === undefined) throw new Error(`${row.signature} not found in ${row.path}`);
    out.push({ signature: row.signature, path: row.path, json });
  }
  return out;
}

/** The raw (getTransaction-shaped) webhook item SolanaLaunchpad recorded (`createTokenRes`). */
export function loadRawWebhookPayload(): RecordedPayload {
  const path = 'solanalaunchpad-helius/server/dump.json';
  const json = fileTransactions(path).find((t) => 'transaction' in t && 'meta' in t);
  if (json === undefined) throw new Error(`no raw transaction in ${path}`);
  const signatures = (json.transaction as { signatures: string[] }).signatures;
  return { signature: signatures[0]!, path, json };
}
