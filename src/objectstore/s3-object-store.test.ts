import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { isOofError } from '../core/errors/oof-error.ts';
import type { ObjectStore } from './object-store.ts';
import { createS3ObjectStore, type S3ObjectStoreOptions } from './s3-object-store.ts';
import { objectStoreContract } from './testing/object-store-contract.ts';

/**
 * Against s3rver, a real S3-protocol HTTP server (signature v4, path-style), run in this process on a free
 * loopback port. It is what MinIO/R2 speak; the adapter sends real HTTP requests through the AWS SDK.
 */
let dir: string;
let server: S3rver;
let endpoint: string;
let store: ObjectStore;

const options = (overrides: Partial<S3ObjectStoreOptions> = {}): S3ObjectStoreOptions => ({
  bucket: 'oof-test',
  endpoint,
  region: 'auto',
  accessKeyId: 'S3RVER',
  secretAccessKey: 'S3RVER',
  prefix: '',
  forcePathStyle: true,
  ...overrides,
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'oof-s3rver-'));
  server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: dir,
    configureBuckets: [{ name: 'oof-test', configs: [] }],
  });
  const { port } = await server.run();
  endpoint = `http://127.0.0.1:${port}`;
  store = createS3ObjectStore(options());
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('s3 object store (s3rver)', () => {
  objectStoreContract(() => store, { atomicConcurrentPuts: false });

  test('the prefix separates deployments sharing one bucket', async () => {
    const a = createS3ObjectStore(options({ prefix: 'deploy-a/' }));
    const b = createS3ObjectStore(options({ prefix: 'deploy-b/' }));
    await a.put('tx/aa/one.json.br', new Uint8Array([1]));
    expect(await a.has('tx/aa/one.json.br')).toBe(true);
    expect(await b.has('tx/aa/one.json.br')).toBe(false);
    // Without a prefix the same object is visible at its full key.
    expect(await store.get('deploy-a/tx/aa/one.json.br')).toEqual(new Uint8Array([1]));
  });

  test('a bucket that does not exist is a configuration error, not a missing object', async () => {
    const wrong = createS3ObjectStore(options({ bucket: 'no-such-bucket' }));
    const error: unknown = await wrong.get('tx/aa/one.json.br').then(
      () => null,
      (e: unknown) => e,
    );
    expect(isOofError(error, 'OBJECT_STORE_UNAVAILABLE')).toBe(true);
    expect((error as Error).message).toContain('no-such-bucket');
  });

  test('an unreachable endpoint fails with OBJECT_STORE_UNAVAILABLE', async () => {
    // Port 9 (discard) is closed on loopback: the connection is refused at once.
    const down = createS3ObjectStore(options({ endpoint: 'http://127.0.0.1:9' }));
    const error: unknown = await down.put('x/y.bin', new Uint8Array([1])).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isOofError(error, 'OBJECT_STORE_UNAVAILABLE')).toBe(true);
  });
});
