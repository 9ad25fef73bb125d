import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { queryRows } from '../query-rows.ts';
import { jobs } from '../schema/jobs-table.ts';
import { openTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { completeJob, dequeueJobs, enqueueJob, failJob, type Job } from './jobs.repository.ts';
import { retryDelayMs } from './retry-delay.ts';

let database: TestDatabase;
const t0 = new Date('2025-01-01T00:00:00.000Z');
const at = (ms: number): Date => new Date(t0.getTime() + ms);

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.dispose());
beforeEach(async () => {
  await database.db.delete(jobs);
});

const take = (workerId: string, now: Date, limit = 10, lockMs = 60_000): Promise<Job[]> =>
  dequeueJobs(database.db, { queue: 'q', workerId, limit, lockMs, now });

async function statusOf(id: bigint): Promise<Pick<Job, 'status' | 'attempts' | 'lastError' | 'runAt'>> {
  const rows = await database.db
    .select({ status: jobs.status, attempts: jobs.attempts, lastError: jobs.lastError, runAt: jobs.runAt })
    .from(jobs)
    .where(eq(jobs.id, id));
  const row = rows[0];
  if (row === undefined) throw new Error(`job ${id} vanished`);
  return row;
}

describe('jobs repository', () => {
  test('enqueue with a singleton key is idempotent: the second call returns the first job', async () => {
    const first = await enqueueJob(
      database.db,
      { queue: 'q', payload: { sig: 'a' }, singletonKey: 'tx:a' },
      t0,
    );
    const again = await enqueueJob(
      database.db,
      { queue: 'q', payload: { sig: 'b' }, singletonKey: 'tx:a' },
      t0,
    );
    expect(first.created).toBe(true);
    expect(again).toEqual({ id: first.id, created: false });
    const [other] = await Promise.all([
      enqueueJob(database.db, { queue: 'q', payload: 1 }, t0),
      enqueueJob(database.db, { queue: 'q', payload: 2 }, t0),
    ]);
    expect(other.created).toBe(true);
    expect(await queryRows(database.db, sql`SELECT count(*)::int AS n FROM jobs`)).toEqual([{ n: 3 }]);
  });

  test('enqueue inside the caller transaction rolls back with it', async () => {
    await expect(
      database.transaction(async (tx) => {
        await enqueueJob(tx, { queue: 'q', payload: {} }, t0);
        throw new Error('caller failed');
      }),
    ).rejects.toThrow('caller failed');
    expect(await take('w', at(0))).toEqual([]);
  });

  test('dequeue takes ready jobs by priority then age, never before run_at, and locks them', async () => {
    const low = await enqueueJob(database.db, { queue: 'q', payload: 'low' }, t0);
    const high = await enqueueJob(database.db, { queue: 'q', payload: 'high', priority: 5 }, at(1));
    const later = await enqueueJob(database.db, { queue: 'q', payload: 'later', runAt: at(60_000) }, t0);
    await enqueueJob(database.db, { queue: 'other', payload: 'elsewhere' }, t0);

    const batch = await take('w1', at(10));
    expect(batch.map((j) => j.payload)).toEqual(['high', 'low']);
    expect(batch.every((j) => j.status === 'running' && j.attempts === 1 && j.lockedBy === 'w1')).toBe(true);
    expect(await take('w2', at(20))).toEqual([]);
    const next = await take('w2', at(60_000));
    expect(next.map((j) => j.id)).toEqual([later.id]);
    expect([low.id, high.id]).not.toContain(later.id);
  });

  test('two workers never get the same job', async () => {
    for (let i = 0; i < 20; i++) await enqueueJob(database.db, { queue: 'q', payload: i }, t0);
    const [a, b] = await Promise.all([take('a', at(1), 15), take('b', at(1), 15)]);
    const ids = [...a, ...b].map((j) => j.id);
    expect(ids).toHaveLength(20);
    expect(new Set(ids).size).toBe(20);
  });

  test('complete marks done, only for the worker holding the job', async () => {
    const { id } = await enqueueJob(database.db, { queue: 'q', payload: {} }, t0);
    await take('w1', at(1));
    expect(await completeJob(database.db, id, 'intruder', at(2))).toBe(false);
    expect(await completeJob(database.db, id, 'w1', at(2))).toBe(true);
    expect((await statusOf(id)).status).toBe('done');
    expect(await completeJob(database.db, id, 'w1', at(3))).toBe(false);
  });

  test('a retryable failure backs off exponentially, then the job is parked with its error', async () => {
    const { id } = await enqueueJob(database.db, { queue: 'q', payload: {}, maxAttempts: 3 }, t0);
    let now = at(0);
    for (let attempt = 1; attempt <= 3; attempt++) {
      const [job] = await take('w', now);
      expect(job?.attempts).toBe(attempt);
      const outcome = await failJob(database.db, {
        id,
        workerId: 'w',
        error: `boom ${attempt}`,
        retryable: true,
        now,
      });
      if (attempt < 3) {
        expect(outcome).toBe('retrying');
        const wait = retryDelayMs(attempt);
        expect((await statusOf(id)).runAt).toEqual(new Date(now.getTime() + wait));
        expect(await take('w', new Date(now.getTime() + wait - 1))).toEqual([]);
        now = new Date(now.getTime() + wait);
      } else {
        expect(outcome).toBe('parked');
      }
    }
    expect(await statusOf(id)).toMatchObject({ status: 'parked', attempts: 3, lastError: 'boom 3' });
    expect(await take('w', at(10 * 3_600_000))).toEqual([]);
    expect(retryDelayMs(1)).toBe(5_000);
    expect(retryDelayMs(2)).toBe(10_000);
    expect(retryDelayMs(100)).toBe(3_600_000);
  });

  test('a non-retryable failure parks at once; failing a job you do not hold does nothing', async () => {
    const { id } = await enqueueJob(database.db, { queue: 'q', payload: {} }, t0);
    await take('w', at(1));
    expect(await failJob(database.db, { id, workerId: 'x', error: 'e', retryable: true, now: at(2) })).toBe(
      'not_held',
    );
    expect(
      await failJob(database.db, { id, workerId: 'w', error: 'bad payload', retryable: false, now: at(2) }),
    ).toBe('parked');
    expect(await statusOf(id)).toMatchObject({ status: 'parked', attempts: 1, lastError: 'bad payload' });
  });

  test('a job whose worker died is taken again after its lock expires, and parked when out of attempts', async () => {
    const { id } = await enqueueJob(database.db, { queue: 'q', payload: {}, maxAttempts: 2 }, t0);
    await take('dead-1', at(0), 10, 1_000);
    expect(await take('w', at(999))).toEqual([]);
    const [again] = await take('w2', at(1_001), 10, 1_000);
    expect(again).toMatchObject({ id, attempts: 2, lockedBy: 'w2' });
    expect(await completeJob(database.db, id, 'dead-1', at(1_002))).toBe(false);
    // w2 dies too: attempts are used up, so the next dequeue parks it instead of running it a third time.
    expect(await take('w3', at(5_000))).toEqual([]);
    expect(await statusOf(id)).toMatchObject({ status: 'parked', attempts: 2 });
    expect((await statusOf(id)).lastError).toContain('lock expired');
  });

  test.runIf(process.env.DATABASE_URL !== undefined && process.env.DATABASE_URL !== '')(
    'postgres: a job locked in an open transaction is skipped, not waited for (SKIP LOCKED)',
    async () => {
      for (let i = 0; i < 4; i++) await enqueueJob(database.db, { queue: 'q', payload: i }, t0);
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let firstTaken!: (jobs: Job[]) => void;
      const taken = new Promise<Job[]>((r) => (firstTaken = r));
      const holder = database.transaction(async (tx) => {
        firstTaken(
          await dequeueJobs(tx, { queue: 'q', workerId: 'a', limit: 2, lockMs: 60_000, now: at(1) }),
        );
        await held;
      });
      const a = await taken;
      const b = await take('b', at(1));
      release();
      await holder;
      expect(a).toHaveLength(2);
      expect(b).toHaveLength(2);
      expect(new Set([...a, ...b].map((j) => j.id)).size).toBe(4);
    },
  );
});
