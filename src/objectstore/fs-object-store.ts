import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { OofError } from '../core/errors/oof-error.ts';
import { assertValidObjectKey } from './object-key.ts';
import type { ObjectStore } from './object-store.ts';

export interface FsObjectStoreOptions {
  /** Root folder, usually `<dataDir>/objects`. */
  readonly root: string;
  /**
   * fsync each object before it becomes visible. Off by default: the database row that points at an object
   * is only committed after `put` returns, and objects are re-fetchable, so we trade power-loss durability
   * of the newest objects for ~10× faster ingest on ordinary disks.
   */
  readonly fsync?: boolean;
}

function isNotFound(e: unknown): boolean {
  return (e as { code?: unknown } | null)?.code === 'ENOENT';
}

function unavailable(action: string, key: string, cause: unknown): OofError {
  return new OofError(
    'OBJECT_STORE_UNAVAILABLE',
    `Cannot ${action} object ${key} on the local disk: ${(cause as Error).message}. ` +
      'Check that the data folder exists, is writable and the disk is not full.',
    { key },
    cause,
  );
}

/** Objects as files under `root`, written atomically (temp file in the same folder, then rename). */
export function createFsObjectStore(options: FsObjectStoreOptions): ObjectStore {
  const root = resolve(options.root);
  const madeDirs = new Set<string>();
  const pathOf = (key: string): string => {
    assertValidObjectKey(key);
    return join(root, ...key.split('/'));
  };
  return {
    async put(key, bytes) {
      const path = pathOf(key);
      // Temp name starts with a dot: valid keys never do, so a leftover can never shadow an object.
      const temp = join(dirname(path), `.tmp-${randomBytes(6).toString('hex')}`);
      const dir = dirname(path);
      const write = () => writeFile(temp, bytes, { flush: options.fsync ?? false });
      try {
        // Skipping the mkdir for folders made before saves a syscall chain per object; if someone removed
        // the folder since, the write fails with ENOENT and we make it again.
        if (!madeDirs.has(dir)) {
          await mkdir(dir, { recursive: true });
          madeDirs.add(dir);
        }
        await write().catch(async (e: unknown) => {
          if (!isNotFound(e)) throw e;
          await mkdir(dir, { recursive: true });
          await write();
        });
        await rename(temp, path);
      } catch (e) {
        await rm(temp, { force: true }).catch(() => undefined);
        throw unavailable('write', key, e);
      }
    },
    async get(key) {
      const path = pathOf(key);
      try {
        const buffer = await readFile(path);
        return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
      } catch (e) {
        if (isNotFound(e)) {
          throw new OofError('OBJECT_NOT_FOUND', `Object ${key} does not exist in ${root}.`, { key });
        }
        throw unavailable('read', key, e);
      }
    },
    async has(key) {
      const path = pathOf(key);
      try {
        return (await stat(path)).isFile();
      } catch (e) {
        if (isNotFound(e)) return false;
        throw unavailable('check', key, e);
      }
    },
  };
}
