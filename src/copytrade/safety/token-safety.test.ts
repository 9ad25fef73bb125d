import { describe, expect, it } from 'vitest';
import { SolanaRpc } from '../../chain/rpc/solana-rpc.ts';
import { createDexScreenerTokenMarketSource } from './dexscreener-token-pairs.safety-source.ts';
import { createRpcOnchainTokenReads } from './onchain-token-reads.ts';
import { createRugCheckSource } from './rugcheck.safety-source.ts';
import {
  createMemorySafetyCache,
  decideAfterFailure,
  decideBeforeCompute,
  DEFAULT_SAFETY_CACHE_POLICY,
} from './safety-cache.ts';
import type { SafetyResult } from './safety-score.ts';
import { createTokenSafety } from './token-safety.ts';
import {
  ANSEM,
  ansemRpcResults,
  methodTransport,
  rugcheckReportText,
  tableFetch,
  usd1TokenPairsText,
  type ServedResponse,
} from './testing/recorded-safety-data.ts';

const HOUR = 3_600_000;
const T0 = new Date('2025-11-06T00:00:00Z');
const RUGCHECK_URL = `https://api.rugcheck.xyz/v1/tokens/${ANSEM}/report`;
const PAIRS_URL = `https://api.dexscreener.com/token-pairs/v1/solana/${ANSEM}`;

/**
 * The whole pipeline over recorded bodies: RugCheck's ANSEM report, DexScreener pairs (the recorded USD1
 * pools stand in for ANSEM's, as nothing of ANSEM's was recorded there) and chain reads from the report.
 * `rugcheckStatus` switches RugCheck between the recording and an outage.
 */
function harness() {
  const state = { now: T0, rugcheckStatus: 200 };
  const pairs = usd1TokenPairsText().replaceAll('USD1ttGY1N17NEEHLmELoaybftRBUSErhqYiQzvEmuB', ANSEM);
  const fetch = tableFetch({
    [RUGCHECK_URL]: (): ServedResponse =>
      state.rugcheckStatus === 200
        ? { status: 200, body: rugcheckReportText() }
        : { status: state.rugcheckStatus, body: 'rate limited' },
    [PAIRS_URL]: { status: 200, body: pairs },
  });
  const safety = createTokenSafety({
    rugcheck: createRugCheckSource({ fetch }),
    market: createDexScreenerTokenMarketSource({ fetch }),
    onchain: createRpcOnchainTokenReads(new SolanaRpc(methodTransport(ansemRpcResults()))),
    cache: createMemorySafetyCache(),
    now: () => state.now,
  });
  return { state, fetch, safety };
}

describe('token safety with its 1 h cache, failing closed', () => {
  it('computes from the three sources, then reuses the result for just under an hour', async () => {
    const { state, fetch, safety } = harness();
    const first = await safety(ANSEM);
    expect(first).toMatchObject({ mint: ANSEM, score: '1', tradable: true, computedAt: T0, warnings: [] });
    expect(first.checks.map((c) => [c.name, c.passed, c.value])).toEqual([
      ['liquidity', true, '15059888.24'],
      ['holders', true, '0.63253574778729202'],
      ['contract', true, 'mint:revoked freeze:revoked honeypot:no'],
      ['age', true, '5820673000'],
    ]);
    expect(fetch.asked).toHaveLength(2);
    state.now = new Date(T0.getTime() + HOUR - 1);
    expect(await safety(ANSEM)).toBe(first);
    expect(fetch.asked).toHaveLength(2);
    state.now = new Date(T0.getTime() + HOUR);
    const second = await safety(ANSEM);
    expect(second.computedAt).toEqual(state.now);
    expect(fetch.asked).toHaveLength(4);
  });

  it('a source answering 429 → the stale result with a warning; with no cache → not tradable', async () => {
    const { state, safety } = harness();
    await safety(ANSEM);
    state.rugcheckStatus = 429;
    state.now = new Date(T0.getTime() + 2 * HOUR);
    const stale = await safety(ANSEM);
    expect(stale).toMatchObject({ score: '1', tradable: true, computedAt: T0 });
    expect(stale.warnings).toEqual([
      'rugcheck unavailable (SAFETY_SOURCE_UNAVAILABLE: rugcheck answered HTTP 429); using the result computed at 2025-11-06T00:00:00.000Z (7200000 ms old)',
    ]);

    const cold = harness();
    cold.state.rugcheckStatus = 503;
    const closed = await cold.safety(ANSEM);
    expect(closed).toEqual({
      mint: ANSEM,
      score: '0',
      tradable: false,
      checks: [],
      computedAt: T0,
      warnings: [
        'rugcheck unavailable (SAFETY_SOURCE_UNAVAILABLE: rugcheck answered HTTP 503); no cached result: not tradable (fail closed)',
      ],
    });
    // Failing closed is not cached: the next call asks again and succeeds once RugCheck is back.
    cold.state.rugcheckStatus = 200;
    expect(await cold.safety(ANSEM)).toMatchObject({ tradable: true, warnings: [] });
  });

  it('a stale result older than 24 h no longer stands in: fail closed', async () => {
    const { state, safety } = harness();
    await safety(ANSEM);
    state.rugcheckStatus = 500;
    state.now = new Date(T0.getTime() + 24 * HOUR - 1);
    expect((await safety(ANSEM)).tradable).toBe(true);
    state.now = new Date(T0.getTime() + 24 * HOUR);
    const closed = await safety(ANSEM);
    expect(closed).toMatchObject({ tradable: false, score: '0', checks: [] });
    expect(closed.warnings[0]).toMatch(/older than 86400000 ms: not tradable \(fail closed\)$/);
  });
});

describe('cache decisions (pure)', () => {
  const result: SafetyResult = {
    mint: ANSEM,
    score: '0.75',
    tradable: true,
    checks: [],
    computedAt: T0,
    warnings: ['w'],
  };
  const at = (ms: number) => new Date(T0.getTime() + ms);
  const failure = { source: 'dexscreener', code: 'SAFETY_SOURCE_UNAVAILABLE', message: 'down' };

  it('fresh below 1 h, recompute at 1 h, without a cache, or for a result from the future', () => {
    expect(decideBeforeCompute(result, at(HOUR - 1), DEFAULT_SAFETY_CACHE_POLICY)).toEqual({
      kind: 'reuse',
      result,
    });
    expect(decideBeforeCompute(result, at(HOUR), DEFAULT_SAFETY_CACHE_POLICY)).toEqual({ kind: 'compute' });
    expect(decideBeforeCompute(undefined, T0, DEFAULT_SAFETY_CACHE_POLICY)).toEqual({ kind: 'compute' });
    expect(decideBeforeCompute(result, at(-1), DEFAULT_SAFETY_CACHE_POLICY)).toEqual({ kind: 'compute' });
  });

  it('stale keeps the old warnings and adds the outage; none → fail closed', () => {
    expect(
      decideAfterFailure(ANSEM, result, failure, at(HOUR), DEFAULT_SAFETY_CACHE_POLICY).warnings,
    ).toEqual([
      'w',
      'dexscreener unavailable (SAFETY_SOURCE_UNAVAILABLE: down); using the result computed at 2025-11-06T00:00:00.000Z (3600000 ms old)',
    ]);
    expect(decideAfterFailure(ANSEM, undefined, failure, T0, DEFAULT_SAFETY_CACHE_POLICY)).toMatchObject({
      tradable: false,
      score: '0',
    });
  });
});
