import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The `oof` command a user runs (`bin/oof.js`). */
export const OOF_BIN = fileURLToPath(new URL('../../bin/oof.js', import.meta.url));

export interface OofRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `oof ARGS` as a user does: a real process, its exit code and both streams. `dataDir` runs it on the
 * embedded default in that folder (no `DATABASE_URL`, the zero-setup path a new user takes).
 */
export function runOof(args: readonly string[], options: { input?: string; dataDir?: string } = {}): OofRun {
  let env: NodeJS.ProcessEnv | undefined;
  if (options.dataDir !== undefined) {
    env = { ...process.env, OOF_DATA_DIR: options.dataDir, LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL;
  }
  const r = spawnSync(process.execPath, [OOF_BIN, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    ...(options.input === undefined ? {} : { input: options.input }),
    ...(env === undefined ? {} : { env }),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
