/**
 * Time and randomness come in through these ports so backoff, cooldowns, rate limits and heartbeats are
 * testable and deterministic; only `systemClock` / `systemRandom` touch the real ones.
 */
export interface Clock {
  /** Wall-clock milliseconds since the epoch (HTTP `Retry-After` dates are compared against it). */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Runs `fn` once after `ms`; returns a cancel function. */
  setTimer(ms: number, fn: () => void): () => void;
}

/** A uniform random number in [0, 1). */
export type RandomSource = () => number;

export const systemClock: Clock = {
  // The one place the chain adapters read the real clock: everything else receives a Clock.
  // eslint-disable-next-line no-restricted-syntax
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted === true) {
        reject(signal.reason as Error);
        return;
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal?.reason as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
  setTimer: (ms, fn) => {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};

export const systemRandom: RandomSource = () => Math.random();
