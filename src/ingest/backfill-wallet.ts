import { getTransactionAsRecorded } from '../chain/replay/get-transaction-as-recorded.ts';
import type { SignatureInfo } from '../chain/rpc/methods/get-signatures-for-address.ts';
import type { SolanaRpc } from '../chain/rpc/solana-rpc.ts';
import { findStoredVersions } from '../store/transactions/transaction.repository.ts';
import { ingest, type IngestDeps } from './ingest.ts';
import type { IngestFailure } from './ingest-failure.ts';
import { mapConcurrent } from './map-concurrent.ts';

export interface BackfillOptions {
  /** Start below this signature (exclusive): resume a walk, or extend a stored stretch downwards. */
  readonly before?: string;
  /** Stop at this signature (exclusive): the newest one already covered. */
  readonly until?: string;
  /** Unix seconds: signatures older than this are outside the window; the walk ends at the first one. */
  readonly notBefore?: number;
  /** Ceiling: signatures handled (newest first). */
  readonly maxSignatures?: number;
  /** Ceiling: getTransaction calls. */
  readonly maxTxFetches?: number;
  /** Ceiling: CPU milliseconds of this process spent in the walk (checked between chunks). */
  readonly maxCpuMs?: number;
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

/** Why a walk ended: the listing ran out, the window's start was reached, or a ceiling. */
export type BackfillStop =
  | 'exhausted'
  | 'window'
  | 'until'
  | 'max_signatures'
  | 'max_tx_fetches'
  | 'max_cpu_ms';

export interface BackfillResult extends BackfillProgress {
  /** Signatures the node listed but could not return (pruned, or not yet confirmed). */
  readonly missing: number;
  readonly failed: readonly IngestFailure[];
  readonly stoppedBy: BackfillStop;
  /** Newest and oldest signature handled (stored or found stored), with their block times. */
  readonly newest: SignatureInfo | null;
  readonly oldest: SignatureInfo | null;
  readonly cpuMs: number;
}

const CEILINGS: ReadonlySet<BackfillStop> = new Set(['max_signatures', 'max_tx_fetches', 'max_cpu_ms']);
export const hitCeiling = (stop: BackfillStop): boolean => CEILINGS.has(stop);

/**
 * Stores a wallet's history: pages its signatures newest → oldest, and fetches only those not stored yet —
 * a transaction in `tx_raw` is never fetched again, so a second backfill of an overlapping wallet makes no
 * getTransaction call for it (SPEC §3). Bodies are kept in the encoding the node recorded them in.
 *
 * Ceilings are exact for signatures and fetches: the walk handles a prefix of the listing, so a later walk
 * with `before: result.oldest.signature` continues with nothing skipped and nothing fetched twice.
 */
export async function backfillWallet(
  deps: IngestDeps & { readonly rpc: SolanaRpc },
  wallet: string,
  options: BackfillOptions = {},
): Promise<BackfillResult> {
  const chunkSize = options.chunkSize ?? 200;
  const maxSignatures = options.maxSignatures ?? Number.POSITIVE_INFINITY;
  const maxFetches = options.maxTxFetches ?? Number.POSITIVE_INFINITY;
  const maxCpuMs = options.maxCpuMs ?? Number.POSITIVE_INFINITY;
  const cpuStart = process.cpuUsage();
  const cpuMs = (): number => {
    const u = process.cpuUsage(cpuStart);
    return Math.round((u.user + u.system) / 1000);
  };
  const totals = { signatures: 0, alreadyStored: 0, fetched: 0, stored: 0, missing: 0 };
  const failed: IngestFailure[] = [];
  let newest: SignatureInfo | null = null;
  let oldest: SignatureInfo | null = null;
  let chunk: SignatureInfo[] = [];

  /** Handles the chunk, or the prefix of it the fetch ceiling allows; false when the ceiling cut it. */
  const flush = async (): Promise<boolean> => {
    if (chunk.length === 0) return true;
    const infos = chunk;
    chunk = [];
    const stored = await findStoredVersions(
      deps.database.db,
      infos.map((i) => i.signature),
    );
    let cut = infos.length;
    const wanted: string[] = [];
    for (let i = 0; i < infos.length; i++) {
      const sig = (infos[i] as SignatureInfo).signature;
      if (stored.has(sig)) continue;
      if (totals.fetched + wanted.length >= maxFetches) {
        cut = i;
        break;
      }
      wanted.push(sig);
    }
    const handled = infos.slice(0, cut);
    totals.alreadyStored += handled.length - wanted.length;
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
    totals.signatures += handled.length;
    if (handled.length > 0) {
      newest ??= handled[0] ?? null;
      oldest = handled[handled.length - 1] ?? oldest;
    }
    options.onProgress?.({ ...totals });
    return cut === infos.length;
  };

  let stoppedBy: BackfillStop = 'exhausted';
  const listing = deps.rpc.listSignatures(wallet, {
    pageSize: 1000,
    ...(options.before === undefined ? {} : { before: options.before }),
    ...(options.until === undefined ? {} : { until: options.until }),
  });
  for await (const info of listing) {
    if (options.notBefore !== undefined && info.blockTime !== null && info.blockTime < options.notBefore) {
      stoppedBy = 'window';
      break;
    }
    if (totals.signatures + chunk.length >= maxSignatures) {
      stoppedBy = 'max_signatures';
      break;
    }
    chunk.push(info);
    if (chunk.length >= chunkSize) {
      if (!(await flush())) {
        stoppedBy = 'max_tx_fetches';
        break;
      }
      if (cpuMs() >= maxCpuMs) {
        stoppedBy = 'max_cpu_ms';
        break;
      }
    }
  }
  if (stoppedBy === 'exhausted' || stoppedBy === 'window' || stoppedBy === 'max_signatures') {
    if (!(await flush())) stoppedBy = 'max_tx_fetches';
  }
  if (stoppedBy === 'exhausted' && options.until !== undefined) stoppedBy = 'until';
  return { ...totals, failed, stoppedBy, newest, oldest, cpuMs: cpuMs() };
}
