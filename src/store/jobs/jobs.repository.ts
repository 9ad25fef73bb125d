import { and, asc, desc, eq, gte, inArray, lt, lte, or, sql } from 'drizzle-orm';
import { OofError } from '../../core/errors/oof-error.ts';
import type { Db } from '../database.ts';
import { toDatabaseError } from '../database-error.ts';
import { jobs, type JobStatus } from '../schema/jobs-table.ts';
import { retryDelayMs } from './retry-delay.ts';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface Job {
  readonly id: bigint;
  readonly queue: string;
  readonly payload: unknown;
  readonly status: JobStatus;
  readonly priority: number;
  readonly runAt: Date;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly lastError: string | null;
  readonly lockedBy: string | null;
  readonly lockedUntil: Date | null;
  readonly singletonKey: string | null;
}

export interface NewJob {
  readonly queue: string;
  readonly payload: JsonValue;
  /** Not before this time (default: now). */
  readonly runAt?: Date;
  /** Higher is taken first (default 0). */
  readonly priority?: number;
  readonly maxAttempts?: number;
  /** Enqueueing a second job with the same key does nothing and returns the first job's id. */
  readonly singletonKey?: string;
}

/**
 * Adds a job; pass the caller's `tx` to enqueue atomically with the rows the job is about.
 * `created` is false when a job with the same singleton key already existed (whatever its status).
 */
export async function enqueueJob(db: Db, job: NewJob, now: Date): Promise<{ id: bigint; created: boolean }> {
  if (job.queue.length === 0) throw new OofError('INVARIANT_BROKEN', 'A job needs a queue name.');
  try {
    const inserted = await db
      .insert(jobs)
      .values({
        queue: job.queue,
        payload: job.payload,
        priority: job.priority ?? 0,
        runAt: job.runAt ?? now,
        maxAttempts: job.maxAttempts ?? 5,
        singletonKey: job.singletonKey ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing({ target: jobs.singletonKey, where: sql`singleton_key IS NOT NULL` })
      .returning({ id: jobs.id });
    const first = inserted[0];
    if (first !== undefined) return { id: first.id, created: true };
    // ON CONFLICT waited for the other writer to commit, so its row is visible to this next statement.
    const existing = await db
      .select({ id: jobs.id })
      .from(jobs)
      .where(eq(jobs.singletonKey, job.singletonKey ?? ''));
    const row = existing[0];
    if (row === undefined)
      throw new OofError('INVARIANT_BROKEN', 'Job insert conflicted but no job holds its key.');
    return { id: row.id, created: false };
  } catch (e) {
    throw toDatabaseError(e, `enqueueing a ${job.queue} job`);
  }
}

export interface DequeueRequest {
  readonly queue: string;
  /** Who holds the lock: complete/fail only succeed for the holder. */
  readonly workerId: string;
  readonly limit: number;
  /** After this long without complete/fail the job is considered abandoned and is taken again. */
  readonly lockMs: number;
  readonly now: Date;
}

/**
 * Takes up to `limit` ready jobs (highest priority, then oldest) and locks them for this worker. Workers in
 * other processes skip the rows locked here instead of waiting (SKIP LOCKED). A job whose worker died (lock
 * expired) is taken again, unless its attempts are used up: then it is parked.
 */
export async function dequeueJobs(db: Db, request: DequeueRequest): Promise<Job[]> {
  const { queue, workerId, limit, lockMs, now } = request;
  const lockedUntil = new Date(now.getTime() + lockMs);
  const abandoned = and(eq(jobs.queue, queue), eq(jobs.status, 'running'), lt(jobs.lockedUntil, now));
  try {
    await db
      .update(jobs)
      .set({
        status: 'parked',
        lockedBy: null,
        lockedUntil: null,
        updatedAt: now,
        lastError: sql`coalesce(${jobs.lastError} || E'\n', '') || 'worker stopped responding (lock expired)'`,
      })
      .where(and(abandoned, gte(jobs.attempts, jobs.maxAttempts)));
    const ready = db
      .select({ id: jobs.id })
      .from(jobs)
      .where(or(and(eq(jobs.queue, queue), eq(jobs.status, 'queued'), lte(jobs.runAt, now)), abandoned))
      .orderBy(desc(jobs.priority), asc(jobs.runAt), asc(jobs.id))
      .limit(limit)
      .for('update', { skipLocked: true });
    const taken = await db
      .update(jobs)
      .set({
        status: 'running',
        attempts: sql`${jobs.attempts} + 1`,
        lockedBy: workerId,
        lockedUntil,
        updatedAt: now,
      })
      .where(inArray(jobs.id, ready))
      .returning();
    return taken.sort(
      (a, b) => b.priority - a.priority || a.runAt.getTime() - b.runAt.getTime() || cmp(a.id, b.id),
    );
  } catch (e) {
    throw toDatabaseError(e, `taking jobs from ${queue}`);
  }
}

function cmp(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Marks a job done. False when this worker no longer holds it (its lock expired and another took it). */
export async function completeJob(db: Db, id: bigint, workerId: string, now: Date): Promise<boolean> {
  try {
    const rows = await db
      .update(jobs)
      .set({ status: 'done', lockedBy: null, lockedUntil: null, updatedAt: now })
      .where(and(eq(jobs.id, id), eq(jobs.status, 'running'), eq(jobs.lockedBy, workerId)))
      .returning({ id: jobs.id });
    return rows.length === 1;
  } catch (e) {
    throw toDatabaseError(e, `completing job ${id}`);
  }
}

export type FailOutcome = 'retrying' | 'parked' | 'not_held';

/**
 * Records a failure. A retryable error with attempts left puts the job back with exponential backoff;
 * otherwise it is parked with its error, for a person to look at: never dropped.
 */
export async function failJob(
  db: Db,
  failure: { id: bigint; workerId: string; error: string; retryable: boolean; now: Date },
): Promise<FailOutcome> {
  const { id, workerId, error, retryable, now } = failure;
  try {
    const held = await db
      .select({ attempts: jobs.attempts, maxAttempts: jobs.maxAttempts })
      .from(jobs)
      .where(and(eq(jobs.id, id), eq(jobs.status, 'running'), eq(jobs.lockedBy, workerId)));
    const job = held[0];
    if (job === undefined) return 'not_held';
    const retry = retryable && job.attempts < job.maxAttempts;
    // Optimistic: the update only lands if nobody took the job since the read (attempts would have moved).
    const updated = await db
      .update(jobs)
      .set({
        status: retry ? 'queued' : 'parked',
        ...(retry ? { runAt: new Date(now.getTime() + retryDelayMs(job.attempts)) } : {}),
        lastError: error.slice(0, 4000),
        lockedBy: null,
        lockedUntil: null,
        updatedAt: now,
      })
      .where(
        and(
          eq(jobs.id, id),
          eq(jobs.status, 'running'),
          eq(jobs.lockedBy, workerId),
          eq(jobs.attempts, job.attempts),
        ),
      )
      .returning({ id: jobs.id });
    if (updated.length === 0) return 'not_held';
    return retry ? 'retrying' : 'parked';
  } catch (e) {
    throw toDatabaseError(e, `recording the failure of job ${id}`);
  }
}

/**
 * Takes one specific job (by singleton key) for this worker, whatever its `run_at` (a person is waiting for it),
 * if it is queued or its worker died. Null when it is done, parked, absent, or held by a live worker.
 */
export async function claimJob(
  db: Db,
  request: { singletonKey: string; workerId: string; lockMs: number; now: Date },
): Promise<Job | null> {
  const { singletonKey, workerId, lockMs, now } = request;
  try {
    const ready = db
      .select({ id: jobs.id })
      .from(jobs)
      .where(
        and(
          eq(jobs.singletonKey, singletonKey),
          or(eq(jobs.status, 'queued'), and(eq(jobs.status, 'running'), lt(jobs.lockedUntil, now))),
          lt(jobs.attempts, jobs.maxAttempts),
        ),
      )
      .for('update', { skipLocked: true });
    const taken = await db
      .update(jobs)
      .set({
        status: 'running',
        attempts: sql`${jobs.attempts} + 1`,
        lockedBy: workerId,
        lockedUntil: new Date(now.getTime() + lockMs),
        updatedAt: now,
      })
      .where(inArray(jobs.id, ready))
      .returning();
    return taken[0] ?? null;
  } catch (e) {
    throw toDatabaseError(e, `claiming job ${singletonKey}`);
  }
}
