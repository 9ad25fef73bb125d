import { getTransactionAsRecorded } from '../chain/replay/get-transaction-as-recorded.ts';
import type { SolanaRpc } from '../chain/rpc/solana-rpc.ts';
import { isRetryable, OofError } from '../core/errors/oof-error.ts';
import { ingest, type IngestDeps } from '../ingest/ingest.ts';
import { mapConcurrent } from '../ingest/map-concurrent.ts';
import { recordSignalsFromActions } from '../copytrade/signals/record-signals.ts';
import { completeJob, dequeueJobs, failJob, type Job } from '../store/jobs/jobs.repository.ts';
import { loadActions } from '../store/transactions/transaction.repository.ts';
import { HELIUS_WEBHOOK_QUEUE, readWebhookJobPayload } from './helius-webhook.queue.ts';

export interface WebhookWorkerDeps extends IngestDeps {
  /** Fetches the raw transaction behind an enhanced delivery; without it enhanced jobs wait (retry). */
  readonly rpc: SolanaRpc | null;
}

export interface WebhookBatchResult {
  readonly taken: number;
  readonly stored: number;
  readonly retried: number;
  readonly parked: number;
}

export interface WebhookRoundOptions {
  readonly workerId: string;
  /** Jobs claimed per round (default 100): ingested in one database transaction, signals recorded in one call. */
  readonly limit?: number;
  /** getTransaction calls in flight for the enhanced deliveries of a round (default 8). */
  readonly fetchConcurrency?: number;
  readonly now?: () => Date;
}

/** A claimed job whose transaction is ready to ingest. */
interface Prepared {
  readonly job: Job;
  readonly signature: string;
  /** The transaction as delivered (what a signal keeps). */
  readonly delivered: unknown;
  /** The getTransaction result to ingest (the delivery itself for a raw webhook). */
  readonly raw: unknown;
}

/**
 * One round of webhook jobs, as a batch: up to `limit` jobs are claimed at once (SKIP LOCKED, so several workers
 * share a burst), the transactions behind enhanced deliveries are fetched with getTransaction (bounded
 * concurrency), then all of them are ingested together (one database transaction per ingest batch; signatures
 * already stored are skipped, the same dedupe rule as a backfill), the swaps of watched wallets become signals in
 * one call, and the jobs are completed in one transaction. Raw deliveries are stored as they are.
 * Failures stay per job: a job that fails with an error that may pass (RPC down) is retried with backoff; one
 * that never will (bad input) is parked with its error, never lost. When a whole step fails (the database went
 * away mid-round), the round falls back to one job at a time so one bad job cannot hold the others back.
 */
export async function processWebhookJobs(
  deps: WebhookWorkerDeps,
  options: WebhookRoundOptions,
): Promise<WebhookBatchResult> {
  const now = options.now ?? (() => new Date());
  const jobs = await dequeueJobs(deps.database.db, {
    queue: HELIUS_WEBHOOK_QUEUE,
    workerId: options.workerId,
    limit: options.limit ?? 100,
    lockMs: 60_000,
    now: now(),
  });
  const result = { taken: jobs.length, stored: 0, retried: 0, parked: 0 };
  if (jobs.length === 0) return result;
  const fail = async (job: Job, e: unknown): Promise<void> => {
    const outcome = await failJob(deps.database.db, {
      id: job.id,
      workerId: options.workerId,
      error: e instanceof Error ? `${e instanceof OofError ? `${e.code}: ` : ''}${e.message}` : String(e),
      retryable: isRetryable(e),
      now: now(),
    });
    if (outcome === 'retrying') result.retried++;
    else if (outcome === 'parked') result.parked++;
    deps.logger.warn({ job: String(job.id), outcome, err: e }, 'webhook job failed');
  };

  const prepared = await settleConcurrent(jobs, options.fetchConcurrency ?? 8, (job) => prepare(deps, job));
  const ready: Prepared[] = [];
  for (const [i, p] of prepared.entries()) {
    const job = jobs[i] as Job;
    if (p.ok) ready.push(p.value);
    else await fail(job, p.error);
  }
  if (ready.length === 0) return result;

  let signalled: Prepared[];
  try {
    const ingested = await ingestAll(deps, ready, fail);
    result.stored += ingested.stored;
    signalled = await recordSignals(deps, ingested.ok, now());
  } catch (e) {
    // A step failed as a whole: one job at a time, each failing on its own (what was stored stays stored).
    deps.logger.warn({ err: e, jobs: ready.length }, 'webhook batch failed; processing its jobs one by one');
    signalled = [];
    for (const p of ready) {
      try {
        const one = await ingestAll(deps, [p], fail);
        result.stored += one.stored;
        signalled.push(...(await recordSignals(deps, one.ok, now())));
      } catch (err) {
        await fail(p.job, err);
      }
    }
  }
  const at = now();
  await deps.database.transaction(async (tx) => {
    for (const p of signalled) await completeJob(tx, p.job.id, options.workerId, at);
  });
  return result;
}

async function prepare(deps: WebhookWorkerDeps, job: Job): Promise<Prepared> {
  const item = readWebhookJobPayload(job.payload);
  const base = { job, signature: item.signature, delivered: item.transaction };
  if (item.kind === 'raw') return { ...base, raw: item.transaction };
  if (deps.rpc === null) {
    throw new OofError(
      'RPC_UNAVAILABLE',
      `No RPC configured to fetch ${item.signature} behind an enhanced delivery.`,
    );
  }
  const rpc = deps.rpc;
  const fetched = await getTransactionAsRecorded(
    (sig, encoding) => rpc.getTransaction(sig, { encoding }),
    item.signature,
  );
  if (fetched === null) {
    throw new OofError('RPC_UNAVAILABLE', `The node does not have ${item.signature} yet; retrying later.`);
  }
  return { ...base, raw: fetched.result };
}

/** Ingests the batch; a transaction the decoder refuses fails its own job (parked), the rest go on. */
async function ingestAll(
  deps: WebhookWorkerDeps,
  batch: readonly Prepared[],
  fail: (job: Job, e: unknown) => Promise<void>,
): Promise<{ ok: Prepared[]; stored: number }> {
  const r = await ingest(
    deps,
    batch.map((p) => p.raw),
  );
  const failedAt = new Map(r.failed.map((f) => [f.position, f]));
  const ok: Prepared[] = [];
  for (const [i, p] of batch.entries()) {
    const failure = failedAt.get(i);
    if (failure === undefined) ok.push(p);
    else {
      await fail(
        p.job,
        new OofError('TX_SHAPE_INVALID', `Webhook transaction ${p.signature}: ${failure.message}`, {
          code: failure.code,
        }),
      );
    }
  }
  return { ok, stored: r.stored };
}

/**
 * Swaps of watched wallets become copy-trading signals (idempotent by signature and wallet), with the payload
 * exactly as delivered; the stored actions carry the USD values ingest priced. Returns the jobs that are done.
 */
async function recordSignals(deps: WebhookWorkerDeps, batch: Prepared[], now: Date): Promise<Prepared[]> {
  if (batch.length === 0) return batch;
  const actions = await mapConcurrent(batch, 8, (p) => loadActions(deps.database.db, p.signature));
  // The engine decides in receipt order (then by signature): one receipt time for the whole batch would let a
  // wallet's sell be decided before its buy. Receipts are 1 ms apart in delivery (job) order, ending at `now`.
  const first = now.getTime() - (batch.length - 1);
  await recordSignalsFromActions(
    deps.database.db,
    actions.flat(),
    new Map(batch.map((p) => [p.signature, p.delivered])),
    now,
    {
      receivedAtByTx: new Map(batch.map((p, i) => [p.signature, new Date(first + i)])),
      source: 'helius_webhook',
    },
  );
  return batch;
}

type Settled<R> = { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

/** `fn` over `items` with at most `limit` calls in flight; every item gets its own result or error. */
async function settleConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<Settled<R>[]> {
  return mapConcurrent(items, limit, (item) =>
    fn(item).then(
      (value): Settled<R> => ({ ok: true, value }),
      (error: unknown): Settled<R> => ({ ok: false, error }),
    ),
  );
}

/** Runs rounds until `signal` aborts: immediately while there is work, every `idleMs` when the queue is empty. */
export async function runWebhookWorker(
  deps: WebhookWorkerDeps,
  options: { workerId: string; idleMs?: number; signal: AbortSignal },
): Promise<void> {
  while (!options.signal.aborted) {
    const r = await processWebhookJobs(deps, { workerId: options.workerId }).catch((e: unknown) => {
      deps.logger.error({ err: e }, 'webhook worker round failed; retrying');
      return { taken: 0 };
    });
    if (r.taken === 0) await new Promise((resolve) => setTimeout(resolve, options.idleMs ?? 500));
  }
}
