import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SHARED_DATA, sharedDataAvailable } from '../support/shared-data.ts';

/** `oof migrate` and `oof ingest` as a user runs them, on the embedded default (a fresh data folder). */
const BIN = fileURLToPath(new URL('../../bin/oof.js', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'oof-ingest-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function oof(args: string[]): { code: number | null; stdout: string; stderr: string } {
  // Embedded on purpose: this is the zero-setup path a new user takes.
  const env: NodeJS.ProcessEnv = { ...process.env, OOF_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!sharedDataAvailable())('oof migrate / oof ingest (embedded)', () => {
  it('migrates a new data folder, then reports it up to date', () => {
    const first = oof(['migrate']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/applied 0001_core\.sql/);
    const second = oof(['migrate']);
    expect(second.stdout).toMatch(/up to date/);
  });

  it('ingests a folder once; the second run stores nothing and says so', () => {
    const folder = `${SHARED_DATA}coinpusher`;
    const first = oof(['ingest', folder]);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({
      transactions: 10,
      stored: 10,
      duplicates: 0,
      failed: [],
    });
    expect(first.stderr).toMatch(/oof ingest: 10\/10 100%/);
    const second = oof(['ingest', folder]);
    expect(JSON.parse(second.stdout)).toMatchObject({ stored: 0, duplicates: 10, actions: 0 });
  });

  it('a missing path is a clear error', () => {
    const r = oof(['ingest', join(dataDir, 'nope')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/INPUT_EMPTY: Cannot read/);
  });
});
