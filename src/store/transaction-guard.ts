import { AsyncLocalStorage } from 'node:async_hooks';
import { OofError } from '../core/errors/oof-error.ts';

/**
 * Serializes transactions (when `exclusive`) and refuses nested ones.
 *
 * Why both: PGlite runs one session, so a second transaction must wait for the first; and a transaction
 * opened from inside another (instead of reusing the `tx` handed down) waits forever on PGlite and commits
 * separately on Postgres. Detecting it here turns a hang or a silent atomicity bug into a loud error, the
 * same on both databases.
 */
export class TransactionGuard {
  readonly #inside = new AsyncLocalStorage<true>();
  readonly #exclusive: boolean;
  #tail: Promise<void> = Promise.resolve();

  constructor(options: { exclusive: boolean }) {
    this.#exclusive = options.exclusive;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#inside.getStore() === true) {
      throw new OofError(
        'INVARIANT_BROKEN',
        'A database transaction was opened inside another one. Pass the `tx` you were given down to the ' +
          'code that needs it instead of calling `database.transaction` again.',
      );
    }
    if (!this.#exclusive) return this.#inside.run(true, fn);
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      return await this.#inside.run(true, fn);
    } finally {
      release();
    }
  }
}
