import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runOof, type OofRun } from '../../test/support/oof-cli.ts';

/** `oof simulate` as a user runs it: a real process, real files, exit codes and streams. */
const tmp = mkdtempSync(join(tmpdir(), 'oof-simulate-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const oof = (args: string[]): OofRun => runOof(args);

const SMALL = ['--wallets', '40', '--tokens', '3', '--days', '0.25', '--transactions', '300'];

describe('oof simulate (CLI)', () => {
  it('writes an archive, reports progress on stderr and a summary on stdout', () => {
    const out = join(tmp, 'one');
    const r = oof(['simulate', '--seed', '7', '--out', out, ...SMALL]);
    expect(r.stderr).toContain('oof simulate: 300/300 100%');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^oof simulate: wrote 300 transactions \(/);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
      seed: string;
      createdBy: string;
    };
    expect(manifest.seed).toBe('7');
    expect(manifest.createdBy).toMatch(
      /^oof simulate \S+ --seed "7" --wallets 40 --tokens 3 --days 0.25 --transactions 300$/,
    );
    expect(existsSync(join(out, 'transactions/part-00001.jsonl.gz'))).toBe(true);
  });

  it('refuses a folder that already holds an archive unless --force, and never one that holds other files', () => {
    const out = join(tmp, 'one');
    const again = oof(['simulate', '--seed', '7', '--out', out, ...SMALL]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('ARCHIVE_OUTPUT_EXISTS');
    expect(oof(['simulate', '--seed', '7', '--out', out, '--force', '--no-gzip', ...SMALL]).code).toBe(0);
    expect(existsSync(join(out, 'transactions/part-00001.jsonl'))).toBe(true);
    expect(existsSync(join(out, 'transactions/part-00001.jsonl.gz'))).toBe(false);
    const other = join(tmp, 'other');
    oof(['simulate', '--seed', '1', '--out', join(other, 'x'), ...SMALL]);
    writeFileSync(join(other, 'notes.txt'), 'mine');
    const refused = oof(['simulate', '--seed', '7', '--out', other, '--force', ...SMALL]);
    expect(refused.code).toBe(1);
    expect(readFileSync(join(other, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('rejects bad options with exit code 2 and a clear message', () => {
    const out = join(tmp, 'bad');
    for (const [args, text] of [
      [['--transactions', '50'], '--transactions must be an integer from 100'],
      [['--wallets', 'many'], '--wallets must be a number'],
      [['--days', '0'], '--days must be a positive number'],
      [['--tokens', '50', '--transactions', '500'], 'at least 20 per token'],
    ] as const) {
      const r = oof(['simulate', '--seed', 's', '--out', out, ...SMALL, ...args]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain('SIMULATE_OPTIONS_INVALID');
      expect(r.stderr).toContain(text);
    }
    expect(oof(['simulate', '--out', out]).code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});
