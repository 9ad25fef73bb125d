import { invalidateCachedExtremes } from '../store/analytics/extremes.repository.ts';
import { OofError } from '../core/errors/oof-error.ts';
import type { Logger } from '../core/log/logger.ts';
import type { Metrics } from '../core/metrics/metrics.ts';
import type { ObjectStore } from '../objectstore/object-store.ts';
import type { Database } from '../store/database.ts';
import {
  findStoredVersions,
  insertTransactions,
  replaceDecodedTransactions,
  type DecodedRecord,
  type TransactionRecord,
} from '../store/transactions/transaction.repository.ts';
import { toIngestFailure, type IngestFailure } from './ingest-failure.ts';
import { mapConcurrent } from './map-concurrent.ts';
import { tokenAccountsOf } from './to-transaction-record.ts';
import { loadSolUsdLookup } from './quote-price-lookup.ts';
import { assertStorableActions, toTransactionRecord } from './to-transaction-record.ts';
import type { TransactionDecoder } from './transaction-decoder.ts';
import { TX_BODY_CONTENT_TYPE, decodeTxBody, encodeTxBody, txObjectKey } from './tx-body.ts';

export interface IngestDeps {
  readonly database: Database;
  readonly objects: ObjectStore;
  readonly decoder: TransactionDecoder;
  readonly metrics: Metrics;
  readonly logger: Logger;
}

export interface IngestOptions {
  /** Re-decode already stored transactions of this input whose decoder version is older (from the stored body). */
  readonly redecode?: boolean;
  /** Transactions per database transaction (default 200, `config.ingest.batchSize`). */
  readonly batchSize?: number;
}

export interface IngestResult {
  /** Newly stored transactions. */
  readonly stored: number;
  /** Already stored (or repeated within the input), left untouched. */
  readonly duplicates: number;
  readonly redecoded: number;
  /** Actions written (new and re-decoded). */
  readonly actions: number;
  readonly failed: readonly IngestFailure[];
}

// A transaction signature: 64 bytes in base58. Checked before it becomes an object key.
const SIGNATURE = /^[1-9A-HJ-NP-Za-km-z]{64,88}$/;
// Enough writes in flight to hide per-object latency (fs syscalls, S3 round trips) without flooding either.
const OBJECT_WRITE_CONCURRENCY = 32;

function blockTimeOf(raw: unknown): number[] {
  const t = (raw as { blockTime?: unknown } | null)?.blockTime;
  // Only plausible block times (1970–2100) select candles; a corrupt one is rejected later, with its row.
  return typeof t === 'number' && Number.isSafeInteger(t) && t >= 0 && t < 4_102_444_800 ? [t] : [];
}

function signatureOf(raw: unknown): string | null {
  const sigs = (raw as { transaction?: { signatures?: unknown } } | null)?.transaction?.signatures;
  const first: unknown = Array.isArray(sigs) ? sigs[0] : undefined;
  return typeof first === 'string' ? first : null;
}

/**
 * Stores getTransaction results: the compressed body in the object store (written once, ever), then the
 * tx_raw row, actions and participants in one database transaction per batch. Idempotent: signatures already
 * stored are skipped before decoding; running twice on the same input changes nothing. A transaction that
 * fails decoding is reported with its error code and nothing of it is written; its batch goes on.
 */
export async function ingest(
  deps: IngestDeps,
  rawTransactions: readonly unknown[],
  options: IngestOptions = {},
): Promise<IngestResult> {
  const batchSize = options.batchSize ?? 200;
  const total = { stored: 0, duplicates: 0, redecoded: 0, actions: 0, failed: [] as IngestFailure[] };
  for (let start = 0; start < rawTransactions.length; start += batchSize) {
    const result = await ingestBatch(deps, rawTransactions.slice(start, start + batchSize), start, options);
    total.stored += result.stored;
    total.duplicates += result.duplicates;
    total.redecoded += result.redecoded;
    total.actions += result.actions;
    total.failed.push(...result.failed);
  }
  return total;
}

interface Candidate {
  readonly position: number;
  readonly signature: string;
  readonly raw: unknown;
  /** Set for a stored transaction: where its body is. */
  readonly objectKey?: string;
}

async function ingestBatch(
  deps: IngestDeps,
  batch: readonly unknown[],
  offset: number,
  options: IngestOptions,
): Promise<IngestResult> {
  const { database, objects, decoder, metrics } = deps;
  const startedMs = performance.now();
  const failed: IngestFailure[] = [];
  const candidates: Candidate[] = [];
  batch.forEach((raw, i) => {
    const signature = signatureOf(raw);
    if (signature !== null && SIGNATURE.test(signature)) {
      candidates.push({ position: offset + i, signature, raw });
      return;
    }
    const message =
      signature === null
        ? 'Not a getTransaction result: transaction.signatures[0] is missing.'
        : `Signature ${JSON.stringify(signature.slice(0, 100))} is not a base58 transaction signature.`;
    failed.push(toIngestFailure(offset + i, signature, new OofError('TX_SHAPE_INVALID', message)));
  });

  const stored = await findStoredVersions(
    database.db,
    candidates.map((c) => c.signature),
  );
  const seen = new Set<string>();
  const fresh: Candidate[] = [];
  const stale: Candidate[] = [];
  let duplicates = 0;
  for (const c of candidates) {
    const version = stored.get(c.signature)?.decoderVersion;
    if (seen.has(c.signature)) duplicates++;
    else if (version === undefined) fresh.push(c);
    else if ((options.redecode ?? false) && version < decoder.version) {
      stale.push({ ...c, objectKey: stored.get(c.signature)?.objectKey ?? txObjectKey(c.signature) });
    } else duplicates++;
    seen.add(c.signature);
  }

  const solUsdAt = await loadSolUsdLookup(
    database.db,
    [...fresh, ...stale].flatMap((c) => blockTimeOf(c.raw)),
  );
  const prices = solUsdAt === undefined ? undefined : { solUsdAt };
  const records: TransactionRecord[] = [];
  const bodies: { key: string; bytes: Uint8Array }[] = [];
  for (const c of fresh) {
    try {
      const decoded = decoder.decode(c.raw, prices);
      if (decoded.tx.signature !== c.signature) {
        throw new OofError(
          'INVARIANT_BROKEN',
          `The decoder returned ${decoded.tx.signature} for ${c.signature}.`,
        );
      }
      const key = txObjectKey(c.signature);
      const body = encodeTxBody(c.raw);
      const object = { key, sizeBytes: body.sizeBytes, compressedBytes: body.bytes.byteLength };
      records.push(toTransactionRecord(decoded, object, decoder.version));
      bodies.push({ key, bytes: body.bytes });
    } catch (e) {
      failed.push(toIngestFailure(c.position, c.signature, e));
    }
  }
  // Bodies first: a committed tx_raw row must never point at a missing object. A crash in between leaves an
  // unreferenced object that the next run overwrites with the same bytes.
  await mapConcurrent(bodies, OBJECT_WRITE_CONCURRENCY, (b) =>
    objects.put(b.key, b.bytes, TX_BODY_CONTENT_TYPE),
  );

  const redecodedRecords = await redecodeFromStore(deps, stale, failed, prices);

  const nothing = {
    inserted: { inserted: new Set<string>(), actions: 0 },
    replaced: { replaced: new Set<string>(), actions: 0 },
    actions: 0,
  };
  const written =
    records.length === 0 && redecodedRecords.length === 0
      ? nothing // an all-duplicate batch needs no transaction
      : await database.transaction(async (tx) => {
          const inserted = await insertTransactions(tx, records);
          const replaced = await replaceDecodedTransactions(tx, redecodedRecords);
          // New history outdates the cached extremes of every wallet it touches (SPEC §3).
          const touched = new Set<string>();
          for (const r of [...records, ...redecodedRecords]) for (const w of r.participants) touched.add(w);
          await invalidateCachedExtremes(tx, [...touched]);
          return { inserted, replaced, actions: inserted.actions + replaced.actions };
        });

  failed.sort((a, b) => a.position - b.position);
  const result: IngestResult = {
    stored: written.inserted.inserted.size,
    // Rows another writer stored between our lookup and our insert count as duplicates too.
    duplicates:
      duplicates +
      (records.length - written.inserted.inserted.size) +
      (redecodedRecords.length - written.replaced.replaced.size),
    redecoded: written.replaced.replaced.size,
    actions: written.actions,
    failed,
  };
  metrics.txIngested.inc({ result: 'stored' }, result.stored);
  metrics.txIngested.inc({ result: 'duplicate' }, result.duplicates);
  metrics.txIngested.inc({ result: 'redecoded' }, result.redecoded);
  metrics.actionsWritten.inc(result.actions);
  for (const f of failed) metrics.decodeErrors.inc({ code: f.code });
  metrics.ingestBatchSeconds.observe((performance.now() - startedMs) / 1000);
  if (failed.length > 0) {
    deps.logger.warn(
      { failed: failed.length, first: failed[0] },
      'some transactions were not ingested; the rest of the batch was',
    );
  }
  return result;
}

/** Decodes stored transactions again from their stored bodies (not from the input, which may differ). */
async function redecodeFromStore(
  deps: IngestDeps,
  stale: readonly Candidate[],
  failed: IngestFailure[],
  prices: Parameters<IngestDeps['decoder']['decode']>[1],
): Promise<DecodedRecord[]> {
  const { objects, decoder } = deps;
  const bodies = await mapConcurrent(stale, OBJECT_WRITE_CONCURRENCY, async (c) => {
    const key = c.objectKey ?? txObjectKey(c.signature);
    try {
      return { c, raw: decodeTxBody(await objects.get(key), key) };
    } catch (e) {
      // A missing or corrupt body fails this transaction alone; an unreachable store stops the batch.
      if (e instanceof OofError && e.code === 'OBJECT_STORE_UNAVAILABLE') throw e;
      failed.push(toIngestFailure(c.position, c.signature, e));
      return null;
    }
  });
  const records: DecodedRecord[] = [];
  for (const body of bodies) {
    if (body === null) continue;
    try {
      const decoded = decoder.decode(body.raw, prices);
      assertStorableActions(decoded);
      records.push({
        sig: body.c.signature,
        decoderVersion: decoder.version,
        actions: decoded.actions,
        participants: decoded.participants,
        tokenAccounts: tokenAccountsOf(decoded),
        ...(decoded.tx.slot === null ? {} : { slot: decoded.tx.slot }),
      });
    } catch (e) {
      failed.push(toIngestFailure(body.c.position, body.c.signature, e));
    }
  }
  return records;
}
