import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { isOofError } from '../core/errors/oof-error.ts';
import { createFsObjectStore } from './fs-object-store.ts';
import type { ObjectStore } from './object-store.ts';
import { objectStoreContract } from './testing/object-store-contract.ts';

let dir: string;
let store: ObjectStore;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'oof-fs-objects-'));
  store = createFsObjectStore({ root: join(dir, 'objects') });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fs object store', () => {
  objectStoreContract(() => store, { atomicConcurrentPuts: true });

  test('objects are plain files under the root at their key, and no temp file is left behind', async () => {
    await store.put('tx/Ab/AbSig.json.br', new Uint8Array([5, 6]));
    expect(readdirSync(join(dir, 'objects', 'tx', 'Ab'))).toEqual(['AbSig.json.br']);
  });

  test('with fsync on, writes land the same way', async () => {
    const durable = createFsObjectStore({ root: join(dir, 'durable'), fsync: true });
    await durable.put('a/b.bin', new Uint8Array([1]));
    expect(await durable.get('a/b.bin')).toEqual(new Uint8Array([1]));
  });

  test('a root that cannot be created fails with OBJECT_STORE_UNAVAILABLE, naming the key', async () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, 'not a folder');
    const broken = createFsObjectStore({ root: blocker });
    const error: unknown = await broken.put('x/y.bin', new Uint8Array([1])).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isOofError(error, 'OBJECT_STORE_UNAVAILABLE')).toBe(true);
    expect((error as Error).message).toContain('x/y.bin');
  });
});

describe('fs object store folders', () => {
  test('a folder removed behind its back is made again on the next put', async () => {
    const root = join(dir, 'removable');
    const store = createFsObjectStore({ root });
    await store.put('tx/ab/one.bin', new Uint8Array([1]));
    rmSync(join(root, 'tx'), { recursive: true });
    await store.put('tx/ab/two.bin', new Uint8Array([2]));
    expect(await store.get('tx/ab/two.bin')).toEqual(new Uint8Array([2]));
  });
});
