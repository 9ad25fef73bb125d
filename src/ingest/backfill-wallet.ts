import { getTransactionAsRecorded } from '../chain/replay/get-transaction-as-recorded.ts';
import type { SolanaRpc } from '../chain/rpc/solana-rpc.ts';
import { findStoredVersions } from '../store/transactions/transaction.repository.ts';
import { ingest, type IngestDeps } from './ingest.ts';
import type { IngestFailure } from './ingest-failure.ts';
import { mapConcurrent } from './map-concurrent.ts';

export interface BackfillOptions {
  /** Stop after this many signatures (newest first). */
  readonly maxSignatures?: number;
  /** getTransaction calls in flight. */
  readonly concurrency?: number;
  /** Signatures looked up and fetched per round (one database transaction each). */
  readonly chunkSize?: number;
  readonly onProgress?: (progress: BackfillProgress) => void;
}

export interface BackfillProgress {
  readonly signatures: number;
  readonly alreadyStored: number;
  readonly fetched: number;
  readonly stored: number;
}

export interface BackfillResult extends BackfillProgress {
  /** Signatures the node listed but could not return (pruned, or not yet confirmed). */
  readonly missing: number;
  readonly failed: readonly IngestFailure[];
}

/**
 * Stores a wallet's history: pages its signatures newest → oldest, and fetches only those not stored yet —
 * a transaction in `tx_raw` is never fetched again, so a second backfill of an overlapping wallet makes no
 * getTransaction call for it (SPEC §3). Bodies are kept in the encoding the node recorded them in.
 */
export async function backfillWallet(
  deps: IngestDeps & { readonly rpc: SolanaRpc },
  wallet: string,
  options: BackfillOptions = {},
): Promise<BackfillResult> {
  const chunkSize = options.chunkSize ?? 200;
  const max = options.maxSignatures ?? Number.POSITIVE_INFINITY;
  const totals = { signatures: 0, alreadyStored: 0, fetched: 0, stored: 0, missing: 0 };
  const failed: IngestFailure[] = [];
  let chunk: string[] = [];

  const flush = async (): Promise<void> => {
    if (chunk.length === 0) return;
    const sigs = chunk;
    chunk = [];
    const stored = await findStoredVersions(deps.database.db, sigs);
    const wanted = sigs.filter((s) => !stored.has(s));
    totals.alreadyStored += sigs.length - wanted.length;
    const fetch = (sig: string, encoding: 'json' | 'jsonParsed') =>
      deps.rpc.getTransaction(sig, { encoding });
    const bodies = await mapConcurrent(wanted, options.concurrency ?? 8, (sig) =>
      getTransactionAsRecorded(fetch, sig),
    );
    totals.fetched += wanted.length;
    const found = bodies.flatMap((b) => (b === null ? [] : [b.result]));
    totals.missing += bodies.length - found.length;
    const result = await ingest(deps, found);
    totals.stored += result.stored;
    failed.push(...result.failed);
    options.onProgress?.({ ...totals });
  };

  for await (const info of deps.rpc.listSignatures(wallet, { pageSize: 1000 })) {
    if (totals.signatures >= max) break;
    totals.signatures++;
    chunk.push(info.signature);
    if (chunk.length >= chunkSize) await flush();
  }
  await flush();
  return { ...totals, failed };
}
