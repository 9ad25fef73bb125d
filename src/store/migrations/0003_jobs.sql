-- A durable job queue on the same database, so a job can be enqueued in the same commit as the rows it is
-- about. Workers take jobs with FOR UPDATE SKIP LOCKED, so several processes share one queue without
-- blocking each other. A job that keeps failing is parked (kept, with its last error), never dropped.

CREATE TABLE jobs (
  id            bigserial   PRIMARY KEY,
  queue         text        NOT NULL,
  payload       jsonb       NOT NULL DEFAULT '{}',
  status        text        NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'parked')),
  -- Higher runs first.
  priority      integer     NOT NULL DEFAULT 0,
  run_at        timestamptz NOT NULL DEFAULT now(),
  -- Counts takes, not failures: a worker that dies mid-job still uses up an attempt.
  attempts      integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  max_attempts  integer     NOT NULL DEFAULT 5 CHECK (max_attempts >= 1),
  last_error    text,
  locked_by     text,
  locked_until  timestamptz,
  -- Idempotent enqueue: a second job with the same key is not created, whatever the first one's status.
  singleton_key text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX jobs_singleton_key_idx ON jobs (singleton_key) WHERE singleton_key IS NOT NULL;
-- The dequeue scan: only waiting jobs, in the order they are taken.
CREATE INDEX jobs_ready_idx ON jobs (queue, priority DESC, run_at, id) WHERE status = 'queued';
-- Finding jobs whose worker died (lock expired) without scanning finished ones.
CREATE INDEX jobs_running_lock_idx ON jobs (queue, locked_until) WHERE status = 'running';
