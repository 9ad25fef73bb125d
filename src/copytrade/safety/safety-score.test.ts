import { describe, expect, it } from 'vitest';
import { parseJsonExact } from '../../market/http/fetch-json.ts';
import {
  parseTokenPairs,
  summarizeTokenMarket,
  type TokenMarket,
} from './dexscreener-token-pairs.safety-source.ts';
import type { MintAuthorities, TopHolderShare } from './onchain-token-reads.ts';
import { parseRugCheckReport, type RugCheckReport } from './rugcheck-report.ts';
import { DEFAULT_SAFETY_CONFIG, scoreSafety, type SafetyInputs } from './safety-score.ts';
import {
  ANSEM,
  editedReport,
  rugcheckReportText,
  USD1,
  usd1TokenPairsText,
  WOOD,
  woodPairsText,
} from './testing/recorded-safety-data.ts';

const HOUR = 3_600_000;
const ansemReport = (): RugCheckReport => parseRugCheckReport(parseJsonExact(rugcheckReportText(), 't'));
const usd1Market = (): TokenMarket =>
  summarizeTokenMarket(parseTokenPairs(parseJsonExact(usd1TokenPairsText(), 't')), USD1);
const woodMarket = (): TokenMarket =>
  summarizeTokenMarket(parseTokenPairs(parseJsonExact(woodPairsText(), 't')), WOOD);
const revoked: MintAuthorities = {
  mint: ANSEM,
  program: 'TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb',
  mintAuthority: null,
  freezeAuthority: null,
};
// ANSEM's ten largest accounts as RugCheck recorded them.
const ansemTop10: TopHolderShare = {
  mint: ANSEM,
  holders: 10,
  topAmountRaw: 632497372458308n,
  supplyRaw: 999939330972015n,
};
// 2025-11-06T00:00:00Z, after every recorded USD1 pair was created.
const NOW = new Date('2025-11-06T00:00:00Z');

function inputs(over: Partial<SafetyInputs> = {}): SafetyInputs {
  return {
    mint: ANSEM,
    market: usd1Market(),
    authorities: revoked,
    topHolders: ansemTop10,
    rugcheck: ansemReport(),
    ...over,
  };
}
const market = (liquidity: string | null, createdAt: Date | null): TokenMarket => ({
  mint: ANSEM,
  pairCount: 1,
  maxLiquidityUsd: liquidity,
  maxLiquidityPair: 'P',
  firstPairCreatedAt: createdAt,
  firstPair: 'P',
});
const check = (i: SafetyInputs, name: string, config = DEFAULT_SAFETY_CONFIG, now = NOW) =>
  scoreSafety(i, config, now).checks.find((c) => c.name === name)!;

describe('safety score on the recorded data', () => {
  it('ANSEM report + chain facts with the USD1 market: all four checks pass, score 1', () => {
    const result = scoreSafety(inputs(), DEFAULT_SAFETY_CONFIG, NOW);
    expect(result).toMatchObject({ mint: ANSEM, score: '1', tradable: true, computedAt: NOW, warnings: [] });
    expect(
      result.checks.map(({ name, passed, value, threshold, source, weight }) => ({
        name,
        passed,
        value,
        threshold,
        source,
        weight,
      })),
    ).toEqual([
      {
        name: 'liquidity',
        passed: true,
        value: '15059888.24',
        threshold: '50000',
        source: 'dexscreener',
        weight: '0.25',
      },
      {
        name: 'holders',
        passed: true,
        value: '0.63253574778729202',
        threshold: '0.8',
        source: 'onchain',
        weight: '0.25',
      },
      {
        name: 'contract',
        passed: true,
        value: 'mint:revoked freeze:revoked honeypot:no',
        threshold: 'mint:revoked freeze:revoked honeypot:no',
        source: 'onchain+rugcheck',
        weight: '0.25',
      },
      // NOW − 1756566527000 (first USD1 pair, 9cBMwfap…) = 1762387200000 − 1756566527000 = 5820673000 ms ≈ 67.4 days.
      {
        name: 'age',
        passed: true,
        value: '5820673000',
        threshold: '86400000',
        source: 'dexscreener',
        weight: '0.25',
      },
    ]);
  });

  it('the WOOD market ($254.49) fails liquidity: 0.75 is still tradable at the 0.60 threshold', () => {
    const result = scoreSafety(inputs({ market: woodMarket() }), DEFAULT_SAFETY_CONFIG, NOW);
    expect(result.checks[0]).toMatchObject({ name: 'liquidity', passed: false, value: '254.49' });
    expect(result.checks[0]!.reason).toBe(
      'deepest pair 6guiXw4mBNpXrGe9rcQ2mhJh3E8is8JZynd8BoAtAX93 holds $254.49 < $50000',
    );
    expect(result).toMatchObject({ score: '0.75', tradable: true });
  });

  it('two failures (0.50) are not tradable; a honeypot per RugCheck fails the contract check', () => {
    const honeypot = parseRugCheckReport(
      parseJsonExact(
        editedReport((r) => (r.rugged = true)),
        't',
      ),
    );
    const result = scoreSafety(
      inputs({ market: woodMarket(), rugcheck: honeypot }),
      DEFAULT_SAFETY_CONFIG,
      NOW,
    );
    expect(result.checks[2]).toMatchObject({
      passed: false,
      value: 'mint:revoked freeze:revoked honeypot:yes',
      reason: 'rugcheck marks the token as rugged',
    });
    expect(result).toMatchObject({ score: '0.5', tradable: false });
  });

  it('an active mint or freeze authority fails the contract check and disagreeing with RugCheck warns', () => {
    const active = { ...revoked, freezeAuthority: '7dGbd2QZcCKcTndnHcTL8q7SMVXAkp688NTQYwrRCrar' };
    const result = scoreSafety(inputs({ authorities: active }), DEFAULT_SAFETY_CONFIG, NOW);
    expect(result.checks[2]).toMatchObject({
      passed: false,
      value: 'mint:revoked freeze:active honeypot:no',
    });
    expect(result.warnings).toEqual([
      'rugcheck authorities (mint revoked, freeze revoked) differ from on-chain (mint revoked, freeze 7dGbd2QZcCKcTndnHcTL8q7SMVXAkp688NTQYwrRCrar)',
    ]);
  });
});

describe('safety thresholds exactly at and just below', () => {
  it('liquidity: $50000 passes, $49999.99 fails, unknown fails', () => {
    expect(check(inputs({ market: market('50000', new Date(0)) }), 'liquidity').passed).toBe(true);
    expect(check(inputs({ market: market('49999.99', new Date(0)) }), 'liquidity').passed).toBe(false);
    expect(check(inputs({ market: market(null, new Date(0)) }), 'liquidity')).toMatchObject({
      passed: false,
      value: null,
    });
  });

  it('top-10 share: exactly 0.8 fails, one raw unit less passes, zero supply fails', () => {
    const share = (top: bigint, supply: bigint) => ({ ...ansemTop10, topAmountRaw: top, supplyRaw: supply });
    expect(check(inputs({ topHolders: share(800n, 1000n) }), 'holders')).toMatchObject({
      passed: false,
      value: '0.8',
    });
    expect(check(inputs({ topHolders: share(799n, 1000n) }), 'holders')).toMatchObject({
      passed: true,
      value: '0.799',
    });
    // 0.8 − 10⁻²⁴: the shown value truncates to 18 digits, the comparison does not.
    expect(check(inputs({ topHolders: share(8n * 10n ** 23n - 1n, 10n ** 24n) }), 'holders').passed).toBe(
      true,
    );
    expect(check(inputs({ topHolders: share(0n, 0n) }), 'holders').passed).toBe(false);
  });

  it('age: exactly 24 h passes, 1 ms less fails, no creation time fails', () => {
    expect(
      check(inputs({ market: market('60000', new Date(NOW.getTime() - 24 * HOUR)) }), 'age'),
    ).toMatchObject({ passed: true, value: '86400000' });
    expect(
      check(inputs({ market: market('60000', new Date(NOW.getTime() - 24 * HOUR + 1)) }), 'age').passed,
    ).toBe(false);
    expect(check(inputs({ market: market('60000', null) }), 'age').passed).toBe(false);
  });

  it('score: exactly at a configured threshold is tradable, below is not; weights must add up to 1', () => {
    const config = { ...DEFAULT_SAFETY_CONFIG, threshold: '0.75' };
    expect(scoreSafety(inputs({ market: woodMarket() }), config, NOW)).toMatchObject({
      score: '0.75',
      tradable: true,
    });
    const weighted = {
      ...DEFAULT_SAFETY_CONFIG,
      threshold: '0.6',
      weights: { liquidity: '0.4', holders: '0.2', contract: '0.2', age: '0.2' },
    };
    // liquidity (0.4) fails → 0.6: exactly at the threshold.
    expect(
      scoreSafety(inputs({ market: { ...usd1Market(), maxLiquidityUsd: '1' } }), weighted, NOW),
    ).toMatchObject({ score: '0.6', tradable: true });
    expect(
      scoreSafety(
        inputs({ market: { ...usd1Market(), maxLiquidityUsd: '1' } }),
        { ...weighted, threshold: '0.600000000000000001' },
        NOW,
      ).tradable,
    ).toBe(false);
    expect(() =>
      scoreSafety(
        inputs(),
        { ...DEFAULT_SAFETY_CONFIG, weights: { ...DEFAULT_SAFETY_CONFIG.weights, age: '0.3' } },
        NOW,
      ),
    ).toThrow(RangeError);
  });
});
