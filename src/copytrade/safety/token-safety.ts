import { isOofError } from '../../core/errors/oof-error.ts';
import type { TokenMarketSource } from './dexscreener-token-pairs.safety-source.ts';
import type { OnchainTokenReads } from './onchain-token-reads.ts';
import type { RugCheckSource } from './rugcheck.safety-source.ts';
import {
  decideAfterFailure,
  decideBeforeCompute,
  DEFAULT_SAFETY_CACHE_POLICY,
  type SafetyCache,
  type SafetyCachePolicy,
  type SafetyFailure,
} from './safety-cache.ts';
import {
  DEFAULT_SAFETY_CONFIG,
  scoreSafety,
  TOP_HOLDER_COUNT,
  type SafetyConfig,
  type SafetyResult,
} from './safety-score.ts';

/** Port the copy-trade pipeline calls before an entry: is this mint tradable now, and why. */
export type TokenSafety = (mint: string) => Promise<SafetyResult>;

export interface TokenSafetyDeps {
  readonly rugcheck: RugCheckSource;
  readonly market: TokenMarketSource;
  readonly onchain: OnchainTokenReads;
  readonly cache: SafetyCache;
  readonly now: () => Date;
  readonly config?: SafetyConfig;
  readonly cachePolicy?: SafetyCachePolicy;
}

/**
 * Fresh cache → reuse; else ask the three sources at once and score; any source failing (unavailable or
 * answering nonsense) → the stale result with a warning, or not tradable without one (SPEC §4, fail closed).
 * Only freshly computed results are cached, so a stale answer never extends its own life.
 */
export function createTokenSafety(deps: TokenSafetyDeps): TokenSafety {
  const config = deps.config ?? DEFAULT_SAFETY_CONFIG;
  const policy = deps.cachePolicy ?? DEFAULT_SAFETY_CACHE_POLICY;
  return async (mint) => {
    const cached = deps.cache.get(mint);
    const before = decideBeforeCompute(cached, deps.now(), policy);
    if (before.kind === 'reuse') return before.result;
    let result: SafetyResult;
    try {
      const [rugcheck, market, authorities, topHolders] = await Promise.all([
        deps.rugcheck(mint),
        deps.market(mint),
        deps.onchain.getMintAuthorities(mint),
        deps.onchain.getTopHolderShare(mint, TOP_HOLDER_COUNT),
      ]);
      result = scoreSafety({ mint, market, authorities, topHolders, rugcheck }, config, deps.now());
    } catch (e) {
      return decideAfterFailure(mint, cached, describeFailure(e), deps.now(), policy);
    }
    deps.cache.set(result);
    return result;
  };
}

function describeFailure(e: unknown): SafetyFailure {
  if (
    isOofError(e, 'SAFETY_SOURCE_UNAVAILABLE') ||
    isOofError(e, 'SAFETY_RESPONSE_INVALID') ||
    isOofError(e, 'SAFETY_MINT_NOT_FOUND')
  ) {
    const source = e.context.source;
    return { source: typeof source === 'string' ? source : 'unknown', code: e.code, message: e.message };
  }
  // A bug of ours (a RangeError from a bad config) must not pass for an outage that a cache may cover.
  throw e;
}
