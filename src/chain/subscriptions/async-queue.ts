/**
 * A push-fed async iterable: producers `push`, one consumer iterates; `end()` finishes the iteration,
 * `fail(e)` makes it throw. Items queue while the consumer is busy (WebSocket streams cannot be paused).
 */
export class AsyncQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private waiting: ((r: IteratorResult<T>) => void) | null = null;
  private failWaiting: ((e: unknown) => void) | null = null;
  private ended = false;
  private error: unknown = undefined;

  push(item: T): void {
    if (this.ended) return;
    const wake = this.waiting;
    if (wake !== null) {
      this.waiting = null;
      this.failWaiting = null;
      wake({ value: item, done: false });
    } else {
      this.items.push(item);
    }
  }

  end(): void {
    this.ended = true;
    const wake = this.waiting;
    this.waiting = null;
    this.failWaiting = null;
    wake?.({ value: undefined, done: true });
  }

  fail(e: unknown): void {
    if (this.ended) return;
    this.error = e;
    this.ended = true;
    const fail = this.failWaiting;
    this.waiting = null;
    this.failWaiting = null;
    fail?.(e);
  }

  get length(): number {
    return this.items.length;
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        if (this.items.length > 0) return Promise.resolve({ value: this.items.shift() as T, done: false });
        if (this.error !== undefined) return Promise.reject(this.error as Error);
        if (this.ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise<IteratorResult<T>>((resolve, reject) => {
          this.waiting = resolve;
          this.failWaiting = reject;
        });
      },
      return: () => {
        this.end();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
