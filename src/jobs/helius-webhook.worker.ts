import { getTransactionAsRecorded } from '../chain/replay/get-transaction-as-recorded.ts';
import type { SolanaRpc } from '../chain/rpc/solana-rpc.ts';
import { isRetryable, OofError } from '../core/errors/oof-error.ts';
import { ingest, type IngestDeps } from '../ingest/ingest.ts';
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

/**
 * One round of webhook jobs: raw deliveries are stored as they are; enhanced deliveries carry no raw body, so
 * the transaction is fetched once with getTransaction (skipped when already stored — the same dedupe rule as a
 * backfill) and stored. A job that fails with an error that may pass (RPC down) is retried with backoff;
 * one that never will (bad input) is parked with its error, never lost.
 */
export async function processWebhookJobs(
  deps: WebhookWorkerDeps,
  options: { workerId: string; limit?: number; now?: () => Date },
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
  for (const job of jobs) {
    try {
      result.stored += await processOne(deps, job, now());
      await completeJob(deps.database.db, job.id, options.workerId, now());
    } catch (e) {
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
    }
  }
  return result;
}

async function processOne(deps: WebhookWorkerDeps, job: Job, now: Date): Promise<number> {
  const item = readWebhookJobPayload(job.payload);
  let raw: unknown = item.transaction;
  if (item.kind === 'enhanced') {
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
    raw = fetched.result;
  }
  const r = await ingest(deps, [raw]);
  const failure = r.failed[0];
  if (failure !== undefined) {
    throw new OofError('TX_SHAPE_INVALID', `Webhook transaction ${item.signature}: ${failure.message}`, {
      code: failure.code,
    });
  }
  // Swaps of watched wallets become copy-trading signals (idempotent by signature and wallet), with the
  // payload exactly as delivered; the stored actions carry the USD values ingest priced.
  const actions = await loadActions(deps.database.db, item.signature);
  await recordSignalsFromActions(
    deps.database.db,
    actions,
    new Map([[item.signature, item.transaction]]),
    now,
  );
  return r.stored;
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
