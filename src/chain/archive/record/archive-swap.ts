import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** What an archive folder holds besides the recorder's own scratch folder. */
const ARCHIVE_ENTRIES = [
  'manifest.json',
  'transactions',
  'signatures',
  'logs',
  'prices',
  'accounts.jsonl',
  'accounts.jsonl.gz',
];

/**
 * Replaces the archive in `dir` with the complete one in `next` (a folder with its manifest.json). Each
 * step is a rename, and `recoverSwap` finishes an interrupted swap: as long as `next` still has its
 * manifest it is complete, so moving its remaining entries over `dir` always yields the new archive.
 */
export function swapArchive(dir: string, next: string): void {
  const old = `${next}.old`;
  rmSync(old, { recursive: true, force: true });
  mkdirSync(old, { recursive: true });
  for (const entry of ARCHIVE_ENTRIES) {
    if (existsSync(join(dir, entry))) renameSync(join(dir, entry), join(old, entry));
  }
  moveAll(dir, next);
  rmSync(old, { recursive: true, force: true });
}

/** Called before anything else touches `dir`: completes a swap a crash interrupted, or drops a partial `next`. */
export function recoverSwap(dir: string, next: string): void {
  if (existsSync(join(next, 'manifest.json'))) moveAll(dir, next);
  rmSync(next, { recursive: true, force: true });
  rmSync(`${next}.old`, { recursive: true, force: true });
}

/** The manifest goes last: until it moves, `next` still counts as the complete archive. */
function moveAll(dir: string, next: string): void {
  const entries = readdirSync(next).sort((a, b) =>
    a === 'manifest.json' ? 1 : b === 'manifest.json' ? -1 : 0,
  );
  for (const entry of entries) {
    rmSync(join(dir, entry), { recursive: true, force: true });
    renameSync(join(next, entry), join(dir, entry));
  }
  rmSync(next, { recursive: true, force: true });
}
