import { expect, test } from 'vitest';
import { isOofError } from '../../core/errors/oof-error.ts';
import type { ObjectStore } from '../object-store.ts';

/**
 * What every ObjectStore adapter must do, run against each real backend (local folder, S3 protocol server).
 * Call inside a `describe`; `store()` returns the adapter under test.
 */
export function objectStoreContract(
  store: () => ObjectStore,
  backend: {
    /**
     * Concurrent writers of one key leave one whole value. True of the fs adapter (rename) and of real S3/R2/
     * MinIO, but s3rver writes in place, so its test cannot check this property of the real service.
     */
    readonly atomicConcurrentPuts: boolean;
  },
): void {
  const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);

  test('put then get returns the same bytes, binary-safe', async () => {
    const body = bytes(0, 1, 2, 127, 128, 254, 255, 0);
    await store().put('tx/ab/abc.json.br', body, 'application/octet-stream');
    expect(await store().get('tx/ab/abc.json.br')).toEqual(body);
    expect(await store().has('tx/ab/abc.json.br')).toBe(true);
  });

  test('an empty object and a 3 MB object round-trip', async () => {
    await store().put('empty.bin', new Uint8Array(0));
    expect((await store().get('empty.bin')).byteLength).toBe(0);
    const big = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 31) % 251);
    await store().put('big/one.bin', big);
    // Buffer.equals: element-wise toEqual on 3 M entries takes seconds.
    expect(Buffer.from(await store().get('big/one.bin')).equals(big)).toBe(true);
  });

  test('a missing key: has is false and get fails with OBJECT_NOT_FOUND', async () => {
    expect(await store().has('tx/zz/missing.json.br')).toBe(false);
    const error: unknown = await store()
      .get('tx/zz/missing.json.br')
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(isOofError(error, 'OBJECT_NOT_FOUND')).toBe(true);
  });

  test('put overwrites', async () => {
    await store().put('k/over.bin', bytes(1, 1, 1));
    await store().put('k/over.bin', bytes(2, 2));
    expect(await store().get('k/over.bin')).toEqual(bytes(2, 2));
  });

  test.runIf(backend.atomicConcurrentPuts)(
    'concurrent writers of one key leave one whole value',
    async () => {
      const a = new Uint8Array(200_000).fill(7);
      const b = new Uint8Array(100_000).fill(9);
      await Promise.all([store().put('k/race.bin', a), store().put('k/race.bin', b)]);
      const got = await store().get('k/race.bin');
      expect([a.byteLength, b.byteLength]).toContain(got.byteLength);
      expect(got.every((v) => v === got[0])).toBe(true);
    },
  );

  test.each(['../escape', '/abs/path', 'a//b', 'a/./b', 'a/../b', '.hidden', 'a\\b', '', 'a/b/', 'sp ace'])(
    'rejects the unsafe key %j before touching the backend',
    async (key) => {
      for (const attempt of [
        () => store().put(key, bytes(1)),
        () => store().get(key),
        () => store().has(key),
      ]) {
        const error: unknown = await attempt().then(
          () => null,
          (e: unknown) => e,
        );
        expect(isOofError(error, 'INVARIANT_BROKEN')).toBe(true);
      }
    },
  );
}
