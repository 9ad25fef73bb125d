import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toScaled } from '../../domain/decimal.ts';
import { initialCurve } from '../curve/bonding-curve-math.ts';
import type { LaunchEventBody, StoredLaunchEvent } from '../events/launch-event.ts';
import type { Strategy } from '../strategy/flow-strategy.ts';
import { createStrategy } from '../strategy/strategy-registry.ts';
import { emptyStrategyState } from '../strategy/strategy-state.ts';
import { ScenarioLog, testAddress } from '../strategy/testing/launch-scenario.ts';
import { pumpAndDump, T0 } from '../strategy/testing/pump-and-dump.ts';
import type { TradeIntent } from '../strategy/trade-intent.ts';
import { createBacktest, type BacktestOptions } from './backtest-engine.ts';
import { DOCUMENTED_FEES, feeSchedule, withoutFees } from './fee-schedule.ts';
import { simulateFill, type MarketState } from './fill-simulator.ts';

const MINT = testAddress('hand');
const K = 30_000_000_000n * 1_073_000_000_000_000n;
const TOKENS_FOR_1_SOL = 34_612_903_225_806n;

const curveAt = (cursor: bigint, tMs: bigint, virtualSol: bigint): StoredLaunchEvent => ({
  cursor,
  tEventMs: tMs,
  slot: tMs / 400n,
  event: {
    kind: 'curveSnapshot',
    curveSnapshot: {
      mint: MINT,
      bondingCurve: testAddress('hand-curve'),
      virtualSolReserves: virtualSol.toString(),
      virtualTokenReserves: (K / virtualSol).toString(),
      realSolReserves: (virtualSol - 30_000_000_000n).toString(),
      realTokenReserves: (793_100_000_000_000n - (1_073_000_000_000_000n - K / virtualSol)).toString(),
      tokenTotalSupply: '1000000000000000',
      complete: false,
      impliedPriceSol: '0',
      soldPct: '0',
      marketCapSol: '0',
    },
  } satisfies LaunchEventBody,
});

/** One launch: the initial curve, a dip to 25 SOL of virtual reserves, a rise to 40 SOL. */
const HAND_EVENTS: StoredLaunchEvent[] = [
  {
    cursor: 1n,
    tEventMs: T0,
    slot: T0 / 400n,
    event: {
      kind: 'tokenLaunched',
      tokenLaunched: {
        mint: MINT,
        creator: testAddress('c'),
        name: 'Hand',
        symbol: 'HND',
        uri: '',
        bondingCurve: testAddress('hand-curve'),
        signature: 's',
        instruction: 'create',
        tokenProgram: 't',
      },
    },
  },
  curveAt(2n, T0 + 1000n, 30_000_000_000n),
  curveAt(3n, T0 + 60_000n, 25_000_000_000n),
  curveAt(4n, T0 + 120_000n, 40_000_000_000n),
];

/** A strategy that buys 1.01 SOL at cursor 2 and sells what the buy got at cursor 4. */
function scripted(maxSlippageBps = 500, ttlMs = 15_000): Strategy {
  const intent = (cursor: bigint, tMs: bigint, side: TradeIntent['side'], size: bigint): TradeIntent => ({
    intentId: `hand:${cursor}`,
    strategyId: 'hand',
    mint: MINT,
    venue: 'pumpfun',
    side,
    size: size.toString(),
    maxSlippageBps,
    ttlMs,
    reasonCodes: [side === 'SIDE_BUY' ? 'NET_INFLOW_ACCEL' : 'EXIT_TAKE_PROFIT'],
    basedOnCursor: cursor.toString(),
    tDecisionMs: tMs.toString(),
  });
  return {
    id: 'hand',
    state: emptyStrategyState,
    onEvent: (e) =>
      e.cursor === 2n
        ? [intent(e.cursor, e.tEventMs, 'SIDE_BUY', 1_010_000_000n)]
        : e.cursor === 4n
          ? [intent(e.cursor, e.tEventMs, 'SIDE_SELL', TOKENS_FOR_1_SOL)]
          : [],
  };
}

const APRIL = feeSchedule(DOCUMENTED_FEES);
const options = (overrides: Partial<BacktestOptions> = {}): BacktestOptions => ({
  fees: APRIL,
  slippageBps: 0n,
  latencyMs: 0n,
  fromMs: T0,
  toMs: T0 + 240_000n,
  ...overrides,
});

const backtest = (events: readonly StoredLaunchEvent[], strategy: Strategy, o: BacktestOptions) => {
  const run = createBacktest(strategy, o);
  for (const e of events) run.onEvent(e);
  return run.finish();
};

describe('backtest', () => {
  it('reproduces a hand computation: buy 1.01 SOL on the initial curve, sell at 40 SOL of virtual reserves', () => {
    const { report, outcomes } = backtest(HAND_EVENTS, scripted(), options());
    expect(outcomes.map((o) => o.status)).toEqual(['filled', 'filled']);
    // Buy: 1.01 SOL = 1 SOL to the curve + 1 % fee → floor(1e9 × 1.073e15 / 31e9) = 34,612,903,225,806 tokens;
    // cost 1,010,000,000 + 105,000 network = 1,010,105,000 lamports.
    // Sell at vs = 40e9, vt = k / 40e9 = 804,750,000,000,000: floor(t × 40e9 / (vt + t)) = 1,649,484,536,
    // fee 16,494,845, network 105,000 → 1,632,884,691 received. PnL = 622,779,691 lamports.
    expect(report.trades).toEqual([
      {
        mint: MINT,
        entryMs: (T0 + 1000n).toString(),
        exitMs: (T0 + 120_000n).toString(),
        entryReasons: ['NET_INFLOW_ACCEL'],
        exitReasons: ['EXIT_TAKE_PROFIT'],
        costSol: '1.010105',
        proceedsSol: '1.632884691',
        pnlSol: '0.622779691',
      },
    ]);
    expect(report).toMatchObject({
      intents: 2,
      roundTrips: 1,
      wins: 1,
      winRatePct: '100',
      realizedPnlSol: '0.622779691',
      unrealizedPnlSol: '0',
      totalPnlSol: '0.622779691',
      tradeFeesSol: '0.026494845',
      networkFeesSol: '0.00021',
      // At 25 SOL the 34.6M tokens fetch floor(t × 25e9 / (1.2876e15 + t)) less 1 % and 105,000: the equity
      // falls from 0 to −0.362304241 SOL before recovering.
      maxDrawdownSol: '0.362304241',
      maxExposureSol: '1.010105',
      // Invested 119 s of the 240 s period.
      avgExposureSol: '0.500843729',
      timeInMarketPct: '49.58',
      openPositions: 0,
    });
    expect(report.byReason).toEqual([
      { reason: 'EXIT_TAKE_PROFIT', intents: 1, trades: 1, wins: 1, pnlSol: '0.622779691' },
      { reason: 'NET_INFLOW_ACCEL', intents: 1, trades: 1, wins: 1, pnlSol: '0.622779691' },
    ]);
  });

  it('marks an open position at its sell quote at the end of the period', () => {
    const { report } = backtest(HAND_EVENTS.slice(0, 3), scripted(), options());
    expect(report).toMatchObject({ roundTrips: 0, openPositions: 1, realizedPnlSol: '0' });
    expect(report.unrealizedPnlSol).toBe('-0.362304241');
  });

  it('fees reduce PnL; more slippage never improves it; beyond max_slippage_bps the fill fails', () => {
    const lamports = (o: BacktestOptions): bigint =>
      toScaled(backtest(HAND_EVENTS, scripted(), o).report.totalPnlSol, 9);
    expect(lamports(options())).toBe(622_779_691n);
    expect(lamports(options({ fees: withoutFees(APRIL) }))).toBeGreaterThan(lamports(options()));
    let previous = lamports(options());
    for (const s of [25n, 50n, 100n, 200n, 400n]) {
      const next = lamports(options({ slippageBps: s }));
      expect(next).toBeLessThan(previous);
      previous = next;
    }
    // 6 % adverse move against a 5 % tolerance: the buy fails (network fee paid), the sell has nothing to sell.
    const failed = backtest(HAND_EVENTS, scripted(500), options({ slippageBps: 600n }));
    expect(failed.outcomes.map((o) => o.status)).toEqual(['slippage_exceeded', 'nothing_to_sell']);
    expect(failed.report.totalPnlSol).toBe('-0.000105');
  });

  it('an intent whose ttl is shorter than the execution latency expires unfilled', () => {
    const { outcomes, report } = backtest(
      HAND_EVENTS,
      scripted(500, 10_000),
      options({ latencyMs: 20_000n }),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['expired', 'expired']);
    expect(report.totalPnlSol).toBe('0');
  });

  it('a fill never gets more for a larger slippage, for any curve and size (property)', () => {
    const fees = APRIL.at('pumpfun', 0n);
    fc.assert(
      fc.property(
        fc.bigInt({ min: 30_000_000_000n, max: 110_000_000_000n }),
        fc.bigInt({ min: 1_000n, max: 5_000_000_000n }),
        fc.bigInt({ min: 0n, max: 5_000n }),
        fc.bigInt({ min: 0n, max: 5_000n }),
        fc.boolean(),
        (vs, size, s1, s2, buy) => {
          const curve = { ...initialCurve(), virtualSol: vs, virtualToken: K / vs };
          const market: MarketState = { venue: 'pumpfun', curve };
          const request = { side: buy ? ('buy' as const) : ('sell' as const), size, maxSlippageBps: 10_000n };
          const [lo, hi] = s1 <= s2 ? [s1, s2] : [s2, s1];
          const a = simulateFill(market, market, request, fees, lo);
          const b = simulateFill(market, market, request, fees, hi);
          if (a.status !== 'filled' || b.status !== 'filled') return;
          if (buy) expect(b.tokens <= a.tokens && b.lamports === a.lamports).toBe(true);
          else expect(b.lamports <= a.lamports).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('runs the flow strategy deterministically: same report bytes twice', () => {
    const log = new ScenarioLog();
    for (let i = 0; i < 5; i++) pumpAndDump(log, `bt-${i}`, T0 + BigInt(i) * 5n * 60_000n);
    const events = log.stored();
    const o = options({ toMs: T0 + 60n * 60_000n, slippageBps: 50n });
    const first = JSON.stringify(backtest(events, createStrategy('flow-v1'), o).report);
    const second = JSON.stringify(backtest(events, createStrategy('flow-v1'), o).report);
    expect(second).toBe(first);
    const report = JSON.parse(first) as { roundTrips: number; byReason: { reason: string }[] };
    expect(report.roundTrips).toBe(5);
    expect(report.byReason.map((r) => r.reason)).toEqual([
      'BUYER_GROWTH',
      'EXIT_FLOW_REVERSAL',
      'NET_INFLOW_ACCEL',
      'PRICE_SLOPE_UP',
    ]);
  });
});
