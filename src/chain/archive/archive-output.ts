import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { OofError } from '../../core/errors/oof-error.ts';

/**
 * Makes `dir` ready for a new archive: nothing to do when it is absent or empty; with `replace`, an existing
 * archive (a folder with manifest.json) is removed. Any other folder is left alone, so a mistyped `--out`
 * never deletes a user's files.
 */
export function prepareArchiveOutput(dir: string, replace: boolean): void {
  if (!existsSync(dir) || readdirSync(dir).length === 0) return;
  if (!replace) {
    throw new OofError(
      'ARCHIVE_OUTPUT_EXISTS',
      `${dir} is not empty: choose a new folder, or pass --force to replace the archive in it.`,
      { dir },
    );
  }
  if (!existsSync(join(dir, 'manifest.json'))) {
    throw new OofError(
      'ARCHIVE_OUTPUT_EXISTS',
      `${dir} holds files but no chain archive (no manifest.json); --force only replaces archives. Choose another folder.`,
      { dir },
    );
  }
  rmSync(dir, { recursive: true, force: true });
}

/** `oof <command> <version>` for the manifest's `createdBy`. */
export function createdBy(command: string): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version?: string;
  };
  return `oof ${command} ${pkg.version ?? '0.0.0'}`;
}
