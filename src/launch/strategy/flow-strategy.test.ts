import { describe, expect, it } from 'vitest';
import { createFlowStrategy } from './flow-strategy.ts';
import { FLOW_V1, parseFlowStrategyConfig } from './strategy-config.ts';
import { decodeStrategyState, encodeStrategyState } from './strategy-state.ts';
import { LaunchScenario, ScenarioLog } from './testing/launch-scenario.ts';
import { pumpAndDump, T0 } from './testing/pump-and-dump.ts';
import { intentJsonLine, type TradeIntent } from './trade-intent.ts';
import type { StoredLaunchEvent } from '../events/launch-event.ts';

const config = parseFlowStrategyConfig(FLOW_V1);
const run = (events: readonly StoredLaunchEvent[], c = config): TradeIntent[] => {
  const strategy = createFlowStrategy(c);
  return events.flatMap((e) => strategy.onEvent(e));
};
const MIN = 60_000n;

describe('flow strategy', () => {
  it('buys when inflow accelerates, buyers grow and the price rises; sells when the flow reverses', () => {
    const log = new ScenarioLog();
    const s = pumpAndDump(log, 'pump');
    const events = log.stored();
    const intents = run(events);
    expect(intents).toHaveLength(2);
    const [buy, sell] = intents as [TradeIntent, TradeIntent];
    const bucket1 = events.find(
      (e) =>
        e.event.kind === 'featureBucket' && e.event.featureBucket.minuteStartMs === (T0 + MIN).toString(),
    ) as StoredLaunchEvent;
    expect(buy).toEqual({
      intentId: `flow-v1:${bucket1.cursor}:buy:${s.mint}`,
      strategyId: 'flow-v1',
      mint: s.mint,
      venue: 'pumpfun',
      side: 'SIDE_BUY',
      size: '200000000',
      maxSlippageBps: 500,
      ttlMs: 15_000,
      reasonCodes: ['NET_INFLOW_ACCEL', 'BUYER_GROWTH', 'PRICE_SLOPE_UP'],
      basedOnCursor: bucket1.cursor.toString(),
      tDecisionMs: (T0 + 2n * MIN).toString(),
    });
    expect(sell).toMatchObject({
      side: 'SIDE_SELL',
      venue: 'pumpfun',
      reasonCodes: ['EXIT_FLOW_REVERSAL'],
      tDecisionMs: (T0 + 4n * MIN).toString(),
    });
    // The sell covers the most the buy could have got (no fees), so a full exit never leaves tokens behind.
    expect(BigInt(sell.size)).toBeGreaterThan(0n);
  });

  it('does not enter a mint with a warn or critical risk flag, and exits a held mint when one is raised', () => {
    const blockedLog = new ScenarioLog();
    const blocked = new LaunchScenario(blockedLog, 'flagged');
    blocked.flag(T0, 'BUNDLED_LAUNCH', 'warn');
    pumpAndDumpOn(blockedLog, 'flagged');
    expect(run(blockedLog.stored())).toEqual([]);

    const infoLog = new ScenarioLog();
    new LaunchScenario(infoLog, 'info').flag(T0, 'SERIAL_LAUNCHER', 'info');
    pumpAndDumpOn(infoLog, 'info');
    expect(run(infoLog.stored()).map((i) => i.side)).toEqual(['SIDE_BUY', 'SIDE_SELL']);

    const exitLog = new ScenarioLog();
    const s = new LaunchScenario(exitLog, 'exit').launch(T0);
    s.buy(T0 + 1000n, 'z', 100_000_000n);
    for (const [i, who] of ['a', 'b', 'c', 'd', 'e'].entries())
      s.buy(T0 + MIN + BigInt(i) * 1000n, who, 900_000_000n);
    s.buy(T0 + 2n * MIN, 'f', 100_000_000n);
    s.flag(T0 + 2n * MIN + 1000n, 'CREATOR_DUMPING', 'critical');
    const intents = run(exitLog.stored());
    expect(intents.map((i) => [i.side, i.reasonCodes])).toEqual([
      ['SIDE_BUY', ['NET_INFLOW_ACCEL', 'BUYER_GROWTH', 'PRICE_SLOPE_UP']],
      ['SIDE_SELL', ['EXIT_RISK_FLAG']],
    ]);
  });

  it('takes profit when the price rises past the target, with PRICE_CONVEX adding to the size', () => {
    const log = new ScenarioLog();
    const s = new LaunchScenario(log, 'moon').launch(T0);
    s.buy(T0 + 1000n, 'a', 200_000_000n);
    s.buy(T0 + MIN + 1000n, 'b', 300_000_000n);
    for (const [i, who] of ['c', 'd', 'e', 'f', 'g'].entries()) {
      s.buy(T0 + 2n * MIN + BigInt(i) * 1000n, who, 1_000_000_000n);
    }
    // Third minute: the entry (convex: the second minute rose less than the third). Then a whale pushes it up.
    s.buy(T0 + 3n * MIN + 1000n, 'h', 100_000_000n);
    s.buy(T0 + 3n * MIN + 2000n, 'whale', 20_000_000_000n);
    const intents = run(log.stored());
    expect(intents.map((i) => [i.side, i.size, i.reasonCodes])).toEqual([
      ['SIDE_BUY', '300000000', ['NET_INFLOW_ACCEL', 'BUYER_GROWTH', 'PRICE_SLOPE_UP', 'PRICE_CONVEX']],
      ['SIDE_SELL', expect.any(String) as string, ['EXIT_TAKE_PROFIT']],
    ]);
    expect(intents[1]?.tDecisionMs).toBe((T0 + 3n * MIN + 2000n).toString());
  });

  it('after migration, enters on the AMM in the post-migration regime and exits on the pool', () => {
    const log = new ScenarioLog();
    const s = new LaunchScenario(log, 'graduate').launch(T0);
    s.buy(T0 + 1000n, 'whale', 84_000_000_000n);
    s.migrate(T0 + 10n * MIN);
    const m = T0 + 11n * MIN;
    s.buy(m + 1000n, 'a', 1_000_000_000n);
    for (const [i, who] of ['b', 'c', 'd', 'e'].entries())
      s.buy(m + MIN + BigInt(i) * 1000n, who, 1_500_000_000n);
    s.buy(m + 2n * MIN, 'f', 100_000_000n);
    s.sell(m + 2n * MIN + 1000n, 'whale', 300_000_000_000_000n);
    s.buy(m + 3n * MIN, 'g', 100_000_000n);
    const intents = run(log.stored());
    expect(intents.map((i) => [i.side, i.venue, i.reasonCodes])).toEqual([
      [
        'SIDE_BUY',
        'pumpswap',
        ['NET_INFLOW_ACCEL', 'BUYER_GROWTH', 'PRICE_SLOPE_UP', 'PRICE_CONVEX', 'POST_MIGRATION_REGIME'],
      ],
      ['SIDE_SELL', 'pumpswap', ['EXIT_STOP_LOSS']],
    ]);
    // Three optional signals beside the two the AMM entry needs: 0.2 SOL + 3 × 0.1 SOL.
    expect(intents[0]).toMatchObject({ maxSlippageBps: 300, size: '500000000' });
  });

  it('a revised bucket (a late trade folded in) updates history but is never decided on', () => {
    const log = new ScenarioLog();
    pumpAndDump(log, 'late');
    const events = log.stored();
    const i = events.findIndex(
      (e) =>
        e.event.kind === 'featureBucket' && e.event.featureBucket.minuteStartMs === (T0 + MIN).toString(),
    );
    const full = events[i] as StoredLaunchEvent;
    if (full.event.kind !== 'featureBucket') throw new Error('not a bucket');
    const b = full.event.featureBucket;
    // First emitted without the minute's buys (they arrive late), then revised with them: the revision alone
    // would be an entry, but a minute is decided once, when first emitted.
    const first = {
      ...full,
      event: { kind: 'featureBucket' as const, featureBucket: { ...b, netInflow: '0', uniqueBuyers: 0 } },
    };
    const revised = {
      ...full,
      event: { kind: 'featureBucket' as const, featureBucket: { ...b, revision: 1 } },
    };
    const late = [...events.slice(0, i), first, revised, ...events.slice(i + 1)].map((e, n) => ({
      ...e,
      cursor: BigInt(n + 1),
    }));
    expect(run(events)).toHaveLength(2);
    expect(run(late)).toEqual([]);
  });

  it('is a pure function of the events: same bytes on every run and after a restart from a saved state', () => {
    const log = new ScenarioLog();
    for (let i = 0; i < 6; i++) pumpAndDump(log, `mint-${i}`, T0 + BigInt(i) * 7n * MIN);
    const events = log.stored();
    const once = run(events).map(intentJsonLine).join('\n');
    expect(run(events).map(intentJsonLine).join('\n')).toBe(once);
    expect(once.split('\n').length).toBeGreaterThanOrEqual(12);
    // Stop anywhere, persist, restart from the state file: the same intents.
    for (const cut of [1, 17, Math.floor(events.length / 2), events.length - 3]) {
      const first = createFlowStrategy(config);
      const before = events.slice(0, cut).flatMap((e) => first.onEvent(e));
      const restored = createFlowStrategy(config, decodeStrategyState(encodeStrategyState(first.state())));
      const after = events.slice(cut).flatMap((e) => restored.onEvent(e));
      expect([...before, ...after].map(intentJsonLine).join('\n')).toBe(once);
    }
  });
});

function pumpAndDumpOn(log: ScenarioLog, name: string): void {
  pumpAndDump(log, name, T0 + MIN);
}
