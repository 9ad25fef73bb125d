import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHARED_DATA } from '../../../../test/support/shared-data.ts';
import type { TransactionLine } from '../archive-lines.ts';
import {
  buildSharedDataArchive,
  type SharedDataBuildReport,
} from '../shared-data/build-shared-data-archive.ts';

export interface TestArchive {
  readonly dir: string;
  readonly report: SharedDataBuildReport;
  readonly remove: () => void;
}

/** The archive of `../shared/data` built into a fresh temporary folder (about half a second). */
export async function buildTestArchive(options: { readonly gzip?: boolean } = {}): Promise<TestArchive> {
  const root = mkdtempSync(join(tmpdir(), 'oof-test-archive-'));
  const dir = join(root, 'archive');
  const report = await buildSharedDataArchive(SHARED_DATA, dir, {
    createdBy: 'oof build-archive test',
    ...(options.gzip === undefined ? {} : { gzip: options.gzip }),
  });
  return { dir, report, remove: () => rmSync(root, { recursive: true, force: true }) };
}

export function tempDir(prefix: string): { readonly dir: string; readonly remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** An archive reader's iterated line as a writer takes it (without the reader's position). */
export function withoutOrdinal(t: TransactionLine & { readonly ordinal: number }): TransactionLine {
  return {
    signature: t.signature,
    slot: t.slot,
    blockTime: t.blockTime,
    encoding: t.encoding,
    result: t.result,
  };
}
