import type { RandomSource } from './clock.ts';

export interface BackoffPolicy {
  /** Delay ceiling of the first retry. */
  readonly baseMs: number;
  /** Ceiling of any single delay. */
  readonly maxMs: number;
}

/**
 * "Full jitter" exponential backoff (AWS Architecture Blog, "Exponential Backoff And Jitter"): a uniform
 * delay in [0, min(max, base·2^attempt)). Spreading retries over the whole window keeps many clients that
 * failed together from retrying together.
 */
export function fullJitterDelayMs(attempt: number, policy: BackoffPolicy, random: RandomSource): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}
