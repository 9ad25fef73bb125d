import { OofError, isRetryable } from '../core/errors/oof-error.ts';
import type { AnalysisDeps } from '../analyze/analysis-deps.ts';
import { runAnalysis, type RunAnalysisOptions, type RunOutcome } from '../analyze/run-analysis.ts';
import { ANALYZE_QUEUE, type AnalyzeJobPayload } from '../analyze/start-analysis.ts';
import { getAnalysis } from '../store/analytics/analyses.repository.ts';
import { claimJob, completeJob, dequeueJobs, failJob, type Job } from '../store/jobs/jobs.repository.ts';

/** An analysis run may take minutes (a 2-year backfill): the lock outlives it, a dead worker's job is retaken. */
export const ANALYZE_LOCK_MS = 30 * 60_000;

function payloadOf(job: Job): AnalyzeJobPayload {
  const p = job.payload as Partial<AnalyzeJobPayload> | null;
  if (p === null || typeof p.analysisId !== 'string' || typeof p.run !== 'number') {
    throw new OofError('INVARIANT_BROKEN', `analyze job ${job.id} has no analysisId/run in its payload`, {
      job: job.id.toString(),
    });
  }
  return { analysisId: p.analysisId, run: p.run };
}

/** Runs one taken job to its end: complete on success, retry with backoff or park on failure. */
export async function runAnalyzeJob(
  deps: AnalysisDeps,
  job: Job,
  workerId: string,
  options: Omit<RunAnalysisOptions, 'run'> = {},
): Promise<RunOutcome> {
  const db = deps.database.db;
  try {
    const { analysisId, run } = payloadOf(job);
    const outcome = await runAnalysis(deps, analysisId, { ...options, run });
    await completeJob(db, job.id, workerId, deps.clock());
    return outcome;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const retryable = isRetryable(e) && !(e instanceof OofError && e.code === 'ANALYSIS_FAILED');
    const outcome = await failJob(db, { id: job.id, workerId, error: message, retryable, now: deps.clock() });
    deps.logger.warn({ err: e, job: job.id.toString(), outcome }, 'analysis run failed');
    throw e;
  }
}

/**
 * Claims the run of an analysis that is waiting (for `oof analyze`, which runs its own analysis in-process):
 * the next one a partial run enqueued, else the current one when it failed and waits for its retry.
 * Null when none is waiting (done, or held by a live worker).
 */
export async function claimNextAnalysisRun(deps: AnalysisDeps, analysisId: string, workerId: string) {
  const { runs } = await getAnalysis(deps.database.db, analysisId);
  for (const run of runs > 0 ? [runs + 1, runs] : [1]) {
    const job = await claimJob(deps.database.db, {
      singletonKey: `analyze:${analysisId}:${run}`,
      workerId,
      lockMs: ANALYZE_LOCK_MS,
      now: deps.clock(),
    });
    if (job !== null) return job;
  }
  return null;
}

/** Worker loop of the `analyze` queue until `signal` aborts (`oof start`, `oof worker`). */
export async function runAnalyzeWorker(
  deps: AnalysisDeps,
  options: { workerId: string; idleMs?: number; signal: AbortSignal },
): Promise<void> {
  while (!options.signal.aborted) {
    let taken: Job[] = [];
    try {
      taken = await dequeueJobs(deps.database.db, {
        queue: ANALYZE_QUEUE,
        workerId: options.workerId,
        limit: 1,
        lockMs: ANALYZE_LOCK_MS,
        now: deps.clock(),
      });
      for (const job of taken) await runAnalyzeJob(deps, job, options.workerId).catch(() => undefined);
    } catch (e) {
      deps.logger.error({ err: e }, 'analyze worker round failed; retrying');
    }
    if (taken.length === 0) await new Promise((resolve) => setTimeout(resolve, options.idleMs ?? 500));
  }
}
