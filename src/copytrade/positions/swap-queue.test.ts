import { describe, expect, test } from 'vitest';
import { emptySwapQueue, enqueueSwap, markSent, nextSend, type SwapKind } from './swap-queue.ts';

function queueOf(kinds: readonly SwapKind[], spacingMs = 1000) {
  return kinds.reduce(
    (q, kind, i) => enqueueSwap(q, { id: `${kind}-${i}`, kind, payload: i }, i),
    emptySwapQueue<number>(spacingMs),
  );
}

describe('swap queue', () => {
  test('mirror-exit > stop/trailing/take-profit > entries > scaling-out, FIFO within a priority', () => {
    let q = queueOf([
      'SCALE_OUT',
      'ENTRY',
      'TAKE_PROFIT',
      'ENTRY',
      'MIRROR_EXIT',
      'STOP_LOSS',
      'TRAILING_STOP',
    ]);
    const order: string[] = [];
    let now = 100;
    for (let n = nextSend(q, now); n !== null; n = nextSend(q, now)) {
      order.push(n.item.id);
      q = markSent(q, n.item.id, n.sendAtMs);
      now = n.sendAtMs;
    }
    expect(order).toEqual([
      'MIRROR_EXIT-4',
      'TAKE_PROFIT-2',
      'STOP_LOSS-5',
      'TRAILING_STOP-6',
      'ENTRY-1',
      'ENTRY-3',
      'SCALE_OUT-0',
    ]);
  });

  test('spacing: the next send waits for lastSent + spacing, not less, not more', () => {
    let q = queueOf(['ENTRY', 'ENTRY'], 1500);
    expect(nextSend(q, 100)?.sendAtMs).toBe(100);
    q = markSent(q, 'ENTRY-0', 100);
    expect(nextSend(q, 200)).toMatchObject({ item: { id: 'ENTRY-1' }, sendAtMs: 1600 });
    expect(nextSend(q, 5000)?.sendAtMs).toBe(5000);
    expect(() => markSent(q, 'ENTRY-1', 1599)).toThrow(
      expect.objectContaining({ code: 'SWAP_QUEUE_CONFLICT' }),
    );
    expect(nextSend(markSent(q, 'ENTRY-1', 1600), 1600)).toBeNull();
  });

  test('an exit queued after entries still goes first', () => {
    let q = queueOf(['ENTRY', 'ENTRY']);
    q = enqueueSwap(q, { id: 'mirror', kind: 'MIRROR_EXIT', payload: 9 }, 50);
    expect(nextSend(q, 60)?.item.id).toBe('mirror');
  });

  test('ids are unique in the queue', () => {
    const q = queueOf(['ENTRY']);
    expect(() => enqueueSwap(q, { id: 'ENTRY-0', kind: 'ENTRY', payload: 1 }, 5)).toThrow(
      expect.objectContaining({ code: 'SWAP_QUEUE_CONFLICT' }),
    );
    expect(() => markSent(q, 'nope', 5)).toThrow(expect.objectContaining({ code: 'SWAP_QUEUE_CONFLICT' }));
  });
});
