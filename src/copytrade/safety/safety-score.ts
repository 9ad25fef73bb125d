import { fromScaled, toScaled, USD_SCALE } from '../../domain/decimal.ts';
import type { TokenMarket } from './dexscreener-token-pairs.safety-source.ts';
import type { MintAuthorities, TopHolderShare } from './onchain-token-reads.ts';
import type { RugCheckReport } from './rugcheck-report.ts';
import type { SafetySourceName } from './safety-source-error.ts';

export type SafetyCheckName = 'liquidity' | 'holders' | 'contract' | 'age';

export interface SafetyCheck {
  readonly name: SafetyCheckName;
  readonly passed: boolean;
  /** This check's share of the score, a decimal string; the four add up to 1. */
  readonly weight: string;
  /** The measured input, exact text (`15059888.24`, `0.632535…`, `mint:revoked freeze:revoked honeypot:no`). */
  readonly value: string | null;
  /** What `value` was compared with, in the same unit. */
  readonly threshold: string;
  readonly source: SafetySourceName | `${SafetySourceName}+${SafetySourceName}`;
  /** One line a user reads: why it passed or failed. */
  readonly reason: string;
}

export interface SafetyResult {
  readonly mint: string;
  /** Σ weight of the passed checks, 0..1, exact decimal string. */
  readonly score: string;
  readonly tradable: boolean;
  readonly checks: readonly SafetyCheck[];
  readonly computedAt: Date;
  readonly warnings: readonly string[];
}

export interface SafetyConfig {
  readonly minLiquidityUsd: string;
  /** Top-10 share of supply must be strictly below this fraction. */
  readonly maxTop10Share: string;
  readonly minAgeMs: number;
  /** Tradable when score ≥ this. */
  readonly threshold: string;
  readonly weights: Readonly<Record<SafetyCheckName, string>>;
}

/**
 * SPEC §4 defaults. Equal weights: each check guards a different way to lose the whole position (no exit
 * liquidity, a whale dump, a mint/freeze/honeypot trap, a fresh launch), none measurably worse than another
 * in our data, so none is favoured. With 0.25 each the 0.60 threshold means "at least three of four pass".
 */
export const DEFAULT_SAFETY_CONFIG: SafetyConfig = {
  minLiquidityUsd: '50000',
  maxTop10Share: '0.8',
  minAgeMs: 24 * 60 * 60 * 1000,
  threshold: '0.6',
  weights: { liquidity: '0.25', holders: '0.25', contract: '0.25', age: '0.25' },
};

export const TOP_HOLDER_COUNT = 10;

export interface SafetyInputs {
  readonly mint: string;
  readonly market: TokenMarket;
  readonly authorities: MintAuthorities;
  readonly topHolders: TopHolderShare;
  readonly rugcheck: RugCheckReport;
}

const SHARE_SCALE = 18;

/** The pure score: inputs, config and the time of computation in, the result out. */
export function scoreSafety(inputs: SafetyInputs, config: SafetyConfig, now: Date): SafetyResult {
  assertWeights(config);
  const warnings: string[] = [];
  const checks = [
    liquidityCheck(inputs.market, config),
    holdersCheck(inputs.topHolders, config),
    contractCheck(inputs.authorities, inputs.rugcheck, config, warnings),
    ageCheck(inputs.market, config, now),
  ];
  const scaled = checks.reduce((sum, c) => sum + (c.passed ? toScaled(c.weight, USD_SCALE) : 0n), 0n);
  const score = fromScaled(scaled, USD_SCALE);
  return {
    mint: inputs.mint,
    score,
    tradable: scaled >= toScaled(config.threshold, USD_SCALE),
    checks,
    computedAt: now,
    warnings,
  };
}

function liquidityCheck(market: TokenMarket, config: SafetyConfig): SafetyCheck {
  const base = {
    name: 'liquidity',
    weight: config.weights.liquidity,
    threshold: config.minLiquidityUsd,
  } as const;
  if (market.maxLiquidityUsd === null) {
    return {
      ...base,
      passed: false,
      value: null,
      source: 'dexscreener',
      reason: `no Solana pair with liquidity (${market.pairCount} pairs)`,
    };
  }
  const passed = toScaled(market.maxLiquidityUsd, USD_SCALE) >= toScaled(config.minLiquidityUsd, USD_SCALE);
  return {
    ...base,
    passed,
    value: market.maxLiquidityUsd,
    source: 'dexscreener',
    reason: `deepest pair ${market.maxLiquidityPair ?? '?'} holds $${market.maxLiquidityUsd} ${passed ? '≥' : '<'} $${config.minLiquidityUsd}`,
  };
}

function holdersCheck(top: TopHolderShare, config: SafetyConfig): SafetyCheck {
  const base = {
    name: 'holders',
    weight: config.weights.holders,
    threshold: config.maxTop10Share,
    source: 'onchain',
  } as const;
  if (top.supplyRaw === 0n) {
    return { ...base, passed: false, value: null, reason: 'supply is zero' };
  }
  // Exact comparison top/supply < max ⇔ top·10^s < max·10^s·supply; the shown value is truncated only for display.
  const maxScaled = toScaled(config.maxTop10Share, SHARE_SCALE);
  const passed = top.topAmountRaw * 10n ** BigInt(SHARE_SCALE) < maxScaled * top.supplyRaw;
  const value = fromScaled((top.topAmountRaw * 10n ** BigInt(SHARE_SCALE)) / top.supplyRaw, SHARE_SCALE);
  return {
    ...base,
    passed,
    value,
    reason: `top ${top.holders} accounts hold ${top.topAmountRaw} of ${top.supplyRaw} raw units (${value}) ${passed ? '<' : '≥'} ${config.maxTop10Share}`,
  };
}

const REQUIRED_CONTRACT = 'mint:revoked freeze:revoked honeypot:no';

function contractCheck(
  authorities: MintAuthorities,
  rugcheck: RugCheckReport,
  config: SafetyConfig,
  warnings: string[],
): SafetyCheck {
  // On-chain authorities are the truth at computedAt; RugCheck's may lag, so a disagreement is a warning.
  if (
    rugcheck.mintAuthority !== authorities.mintAuthority ||
    rugcheck.freezeAuthority !== authorities.freezeAuthority
  ) {
    warnings.push(
      `rugcheck authorities (mint ${rugcheck.mintAuthority ?? 'revoked'}, freeze ${rugcheck.freezeAuthority ?? 'revoked'}) differ from on-chain (mint ${authorities.mintAuthority ?? 'revoked'}, freeze ${authorities.freezeAuthority ?? 'revoked'})`,
    );
  }
  const honeypot = rugcheck.honeypotReasons.length > 0;
  const value = `mint:${authorities.mintAuthority === null ? 'revoked' : 'active'} freeze:${authorities.freezeAuthority === null ? 'revoked' : 'active'} honeypot:${honeypot ? 'yes' : 'no'}`;
  const failures: string[] = [];
  if (authorities.mintAuthority !== null) failures.push(`mint authority ${authorities.mintAuthority}`);
  if (authorities.freezeAuthority !== null) failures.push(`freeze authority ${authorities.freezeAuthority}`);
  failures.push(...rugcheck.honeypotReasons);
  return {
    name: 'contract',
    passed: failures.length === 0,
    weight: config.weights.contract,
    value,
    threshold: REQUIRED_CONTRACT,
    source: 'onchain+rugcheck',
    reason:
      failures.length === 0
        ? 'mint and freeze authority revoked; rugcheck reports no honeypot'
        : failures.join('; '),
  };
}

function ageCheck(market: TokenMarket, config: SafetyConfig, now: Date): SafetyCheck {
  const base = {
    name: 'age',
    weight: config.weights.age,
    threshold: String(config.minAgeMs),
    source: 'dexscreener',
  } as const;
  if (market.firstPairCreatedAt === null) {
    return { ...base, passed: false, value: null, reason: 'no pair creation time' };
  }
  const ageMs = now.getTime() - market.firstPairCreatedAt.getTime();
  const passed = ageMs >= config.minAgeMs;
  return {
    ...base,
    passed,
    value: String(ageMs),
    reason: `first pair ${market.firstPair ?? '?'} created ${market.firstPairCreatedAt.toISOString()}: ${ageMs} ms old ${passed ? '≥' : '<'} ${config.minAgeMs} ms`,
  };
}

function assertWeights(config: SafetyConfig): void {
  const sum = Object.values(config.weights).reduce((s, w) => s + toScaled(w, USD_SCALE), 0n);
  if (sum !== 10n ** BigInt(USD_SCALE))
    throw new RangeError(`safety weights add up to ${fromScaled(sum, USD_SCALE)}, not 1`);
}
