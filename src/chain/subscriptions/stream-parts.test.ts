import { describe, expect, test } from 'vitest';
import { AsyncQueue } from './async-queue.ts';
import { BackfillAnchor } from './backfill-anchor.ts';
import { BoundedSignatureSet } from './bounded-signature-set.ts';

describe('BackfillAnchor', () => {
  test('anchors on the last signature of an earlier slot, so the newest slot is re-listed whole', () => {
    const a = new BackfillAnchor({ signature: 'start', slot: 1n });
    expect(a.current()).toEqual({ signature: 'start', slot: 1n });
    a.observe('a', 5n);
    // Only one slot seen so far: the starting point is still the safe anchor.
    expect(a.current()?.signature).toBe('start');
    a.observe('b', 6n);
    a.observe('c', 6n);
    expect(a.current()).toEqual({ signature: 'a', slot: 5n });
    a.observe('d', 7n);
    expect(a.current()).toEqual({ signature: 'c', slot: 6n });
    // A late signature from an older slot does not move the anchor back past a newer safe one.
    a.observe('x', 3n);
    expect(a.current()).toEqual({ signature: 'c', slot: 6n });
  });

  test('without a starting point it must be started once', () => {
    const a = new BackfillAnchor(null);
    expect(a.isStarted).toBe(false);
    a.start(null);
    expect(a.isStarted).toBe(true);
    expect(a.current()).toBeNull();
  });
});

describe('BoundedSignatureSet', () => {
  test('forgets the oldest beyond capacity', () => {
    const s = new BoundedSignatureSet(2);
    expect(s.add('a')).toBe(true);
    expect(s.add('a')).toBe(false);
    s.add('b');
    s.add('c');
    expect(s.has('a')).toBe(false);
    expect(s.has('b') && s.has('c')).toBe(true);
    expect(s.size).toBe(2);
  });
});

describe('AsyncQueue', () => {
  test('delivers pushed items in order, then ends', async () => {
    const q = new AsyncQueue<number>();
    q.push(1);
    const out: number[] = [];
    const done = (async () => {
      for await (const x of q) out.push(x);
    })();
    q.push(2);
    await Promise.resolve();
    q.push(3);
    q.end();
    await done;
    expect(out).toEqual([1, 2, 3]);
  });

  test('fail() makes the iteration throw', async () => {
    const q = new AsyncQueue<number>();
    const it = q[Symbol.asyncIterator]();
    const next = it.next();
    q.fail(new Error('refused'));
    await expect(next).rejects.toThrow('refused');
  });
});
