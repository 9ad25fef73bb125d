import { openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { hostname } from 'node:os';
import { OofError } from '../core/errors/oof-error.ts';

/**
 * PGlite keeps its own buffers in each process, so two processes on one data folder silently corrupt it.
 * A lock file next to the folder (`<path>.lock`, holding pid and host) stops the second one with a clear
 * message. A lock left by a process that no longer runs (crash, kill -9) is taken over.
 */
export interface EmbeddedLock {
  release(): void;
}

interface Holder {
  pid: number;
  host: string;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to another user.
    return (e as { code?: unknown }).code === 'EPERM';
  }
}

function readHolder(lockPath: string): Holder | null {
  try {
    const parsed = JSON.parse(readFileSync(lockPath, 'utf8')) as Partial<Holder>;
    return typeof parsed.pid === 'number' && typeof parsed.host === 'string'
      ? { pid: parsed.pid, host: parsed.host }
      : null;
  } catch {
    return null;
  }
}

export function acquireEmbeddedLock(dataPath: string): EmbeddedLock {
  const lockPath = `${dataPath}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname() }));
      closeSync(fd);
      return { release: () => rmSync(lockPath, { force: true }) };
    } catch (e) {
      if ((e as { code?: unknown }).code !== 'EEXIST') throw e;
    }
    const holder = readHolder(lockPath);
    const alive = holder !== null && (holder.host !== hostname() || isRunning(holder.pid));
    if (alive) {
      throw new OofError(
        'DB_UNAVAILABLE',
        `The embedded database at ${dataPath} is in use by process ${holder.pid} on ${holder.host}. ` +
          'Stop that process, or give this one its own OOF_DATA_DIR; to run several processes on one ' +
          'database, use Postgres (DATABASE_URL). If no such process runs, delete ' +
          `${lockPath}.`,
        { path: dataPath, pid: holder.pid, host: holder.host },
      );
    }
    rmSync(lockPath, { force: true });
  }
  throw new OofError(
    'DB_UNAVAILABLE',
    `Could not take the lock ${lockPath}; another process keeps taking it.`,
    {
      path: dataPath,
    },
  );
}
