import type { Clock } from './clock.ts';

export interface BatchOptions {
  /** Calls per HTTP request. Providers cap batches (often 10–100) and bill each call in it. */
  readonly maxSize: number;
  /** How long the first queued call waits for company before the batch goes out. */
  readonly maxWaitMs: number;
}

/**
 * Collects items queued within `maxWaitMs` (or until `maxSize`) and hands them to `flush` together.
 * The scheduler knows nothing of JSON-RPC; the HTTP transport settles each item.
 */
export function createBatchScheduler<T>(
  options: BatchOptions,
  clock: Clock,
  flush: (items: T[]) => void,
): (item: T) => void {
  let queue: T[] = [];
  let cancelTimer: (() => void) | null = null;
  const send = (): void => {
    cancelTimer?.();
    cancelTimer = null;
    const items = queue;
    queue = [];
    if (items.length > 0) flush(items);
  };
  return (item) => {
    queue.push(item);
    if (queue.length >= options.maxSize) send();
    else cancelTimer ??= clock.setTimer(options.maxWaitMs, send);
  };
}
