import { describe, expect, it } from 'vitest';
import type { Action } from '../../decoder/action.ts';
import { SOL_MINT } from '../../domain/mints.ts';
import { detectBadRoute } from './bad-route.detector.ts';
import { CONFIG, MINT, T0, WALLET } from './detectors.fixtures.ts';

const swap = (side: 'buy' | 'sell', tokenRaw: bigint, usd: string): Action => ({
  signature: `sig-${side}`,
  index: 2,
  slot: 7n,
  blockTime: T0 + 30,
  kind: 'swap',
  owner: WALLET,
  mintIn: side === 'buy' ? SOL_MINT : MINT,
  amountIn: side === 'buy' ? 1n : tokenRaw,
  decimalsIn: side === 'buy' ? 9 : 6,
  mintOut: side === 'buy' ? MINT : SOL_MINT,
  amountOut: side === 'buy' ? tokenRaw : 1n,
  decimalsOut: side === 'buy' ? 6 : 9,
  venue: 'raydium_amm_v4',
  programs: [],
  side,
  counterparty: null,
  usdIn: side === 'buy' ? usd : null,
  usdOut: side === 'sell' ? usd : null,
  transferFeeRaw: null,
  event: null,
});

const run = (a: Action, bench: string, now = T0 + 120) =>
  detectBadRoute({
    wallet: WALLET,
    actions: [a],
    benchmark: (_m, minute) =>
      minute === T0 - (T0 % 60) ? { priceUsd: bench, source: 'jupiter_quote' } : null,
    now,
    config: CONFIG.badRoute,
  });

describe('BadRoute', () => {
  it('emits a buy exactly at 1% worse and $5 cost, with the benchmark source', () => {
    // 500 tokens for $505 against a $1 benchmark: worse 0.01, cost 5.
    const [m] = run(swap('buy', 500_000_000n, '505'), '1');
    expect(m).toMatchObject({ kind: 'bad_route', usd: '5', pct: '0.01', severity: '0.1', status: 'final' });
    expect(m?.provenance.priceSource).toBe('jupiter_quote');
  });

  it('does not emit below 1% or below $5', () => {
    expect(run(swap('buy', 500_000_000n, '504.999999'), '1')).toEqual([]);
    expect(run(swap('buy', 400_000_000n, '404'), '1')).toEqual([]);
  });

  it('measures a sell from the other side and is provisional inside the minute', () => {
    const [m] = run(swap('sell', 100_000_000n, '80'), '1', T0 + 31);
    expect(m).toMatchObject({ usd: '20', pct: '0.2', severity: '1', status: 'provisional' });
  });
});
