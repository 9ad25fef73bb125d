import { bigserial, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Drizzle view of `migrations/0003_jobs.sql` (the SQL is the source of truth). */
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const JOB_STATUSES = ['queued', 'running', 'done', 'parked'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const jobs = pgTable('jobs', {
  id: bigserial('id', { mode: 'bigint' }).primaryKey(),
  queue: text('queue').notNull(),
  payload: jsonb('payload').notNull(),
  status: text('status', { enum: JOB_STATUSES }).notNull().default('queued'),
  priority: integer('priority').notNull().default(0),
  runAt: ts('run_at').notNull().defaultNow(),
  attempts: integer('attempts').notNull().default(0),
  maxAttempts: integer('max_attempts').notNull().default(5),
  lastError: text('last_error'),
  lockedBy: text('locked_by'),
  lockedUntil: ts('locked_until'),
  singletonKey: text('singleton_key'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
