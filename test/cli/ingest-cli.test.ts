import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runOof, type OofRun } from '../support/oof-cli.ts';
import { SHARED_DATA, sharedDataAvailable } from '../support/shared-data.ts';

/** `oof migrate` and `oof ingest` as a user runs them, on the embedded default (a fresh data folder). */
const dataDir = mkdtempSync(join(tmpdir(), 'oof-ingest-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// Embedded on purpose: this is the zero-setup path a new user takes.
const oof = (args: string[]): OofRun => runOof(args, { dataDir });

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
