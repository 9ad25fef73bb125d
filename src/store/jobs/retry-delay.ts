/**
 * How long a failed job waits before its next attempt: exponential from 5 s, capped at 1 h, so a flaky
 * upstream gets room to recover while a short outage costs little. No jitter: deterministic for tests; workers
 * already spread out because their failures happen at different times.
 */
export const RETRY_BASE_MS = 5_000;
export const RETRY_CAP_MS = 3_600_000;

export function retryDelayMs(attemptsSoFar: number): number {
  const exponent = Math.max(0, attemptsSoFar - 1);
  // 2^30 * 5 s is far past the cap; clamping the exponent keeps the arithmetic finite.
  return Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** Math.min(exponent, 30));
}
