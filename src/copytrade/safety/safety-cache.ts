import type { SafetyResult } from './safety-score.ts';

/** Port: the last computed result per mint. Results served stale or failed closed are never written. */
export interface SafetyCache {
  get(mint: string): SafetyResult | undefined;
  set(result: SafetyResult): void;
}

/** In-memory cache for one process; nothing expires here, the decision functions judge age. */
export function createMemorySafetyCache(): SafetyCache {
  const entries = new Map<string, SafetyResult>();
  return {
    get: (mint) => entries.get(mint),
    set: (result) => {
      entries.set(result.mint, result);
    },
  };
}

export interface SafetyCachePolicy {
  /** SPEC §4: results are reused for 1 h. */
  readonly freshMs: number;
  /**
   * How old a result may be and still stand in for an unavailable source. SPEC §4 sets no bound; a week-old
   * "tradable" would outlive any rug, so we stop at 24 h and fail closed after that.
   */
  readonly maxStaleMs: number;
}

export const DEFAULT_SAFETY_CACHE_POLICY: SafetyCachePolicy = {
  freshMs: 60 * 60 * 1000,
  maxStaleMs: 24 * 60 * 60 * 1000,
};

export type CacheDecision =
  | { readonly kind: 'reuse'; readonly result: SafetyResult }
  | { readonly kind: 'compute' };

/** Before asking the sources: a result younger than `freshMs` is reused as is. */
export function decideBeforeCompute(
  cached: SafetyResult | undefined,
  now: Date,
  policy: SafetyCachePolicy,
): CacheDecision {
  if (cached !== undefined && ageMs(cached, now) < policy.freshMs && ageMs(cached, now) >= 0) {
    return { kind: 'reuse', result: cached };
  }
  return { kind: 'compute' };
}

/** Why the sources could not produce a result: the source and the error code, for the warning. */
export interface SafetyFailure {
  readonly source: string;
  readonly code: string;
  readonly message: string;
}

/**
 * After a source failed: the cached result with a warning while it is younger than `maxStaleMs`;
 * otherwise not tradable (fail closed) with score 0, no checks and the reason as warning.
 */
export function decideAfterFailure(
  mint: string,
  cached: SafetyResult | undefined,
  failure: SafetyFailure,
  now: Date,
  policy: SafetyCachePolicy,
): SafetyResult {
  const what = `${failure.source} unavailable (${failure.code}: ${failure.message})`;
  if (cached !== undefined) {
    const age = ageMs(cached, now);
    if (age >= 0 && age < policy.maxStaleMs) {
      return {
        ...cached,
        warnings: [
          ...cached.warnings,
          `${what}; using the result computed at ${cached.computedAt.toISOString()} (${age} ms old)`,
        ],
      };
    }
  }
  const reason =
    cached === undefined
      ? `${what}; no cached result: not tradable (fail closed)`
      : `${what}; cached result of ${cached.computedAt.toISOString()} is older than ${policy.maxStaleMs} ms: not tradable (fail closed)`;
  return { mint, score: '0', tradable: false, checks: [], computedAt: now, warnings: [reason] };
}

function ageMs(result: SafetyResult, now: Date): number {
  return now.getTime() - result.computedAt.getTime();
}
