import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordReplayIntents } from '../../src/launch/backtest/replay-intents.ts';
import { replayLaunchPeriod } from '../../src/launch/replay/replay-period.ts';
import { ScenarioLog } from '../../src/launch/strategy/testing/launch-scenario.ts';
import { pumpAndDump, T0 } from '../../src/launch/strategy/testing/pump-and-dump.ts';
import {
  insertLaunchTokens,
  insertLaunchTrades,
  type LaunchTokenRow,
  type LaunchTradeRow,
} from '../../src/store/launch/launch-facts.repository.ts';
import { openTestDatabase, type TestDatabase } from '../../src/store/testing/test-database.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
  // Six launches stored as the executor stores them (launch_tokens, launch_trades): the replay's input.
  const log = new ScenarioLog();
  for (let i = 0; i < 6; i++) pumpAndDump(log, `replay-${i}`, T0 + BigInt(i) * 2n * 60_000n);
  const tokens: LaunchTokenRow[] = [];
  const trades: LaunchTradeRow[] = [];
  for (const e of log.events) {
    if (e.event.kind === 'tokenLaunched') {
      const l = e.event.tokenLaunched;
      tokens.push({
        ...l,
        createdSignature: l.signature,
        createdSlot: e.slot,
        createdAtMs: e.tEventMs,
      });
    } else if (e.event.kind === 'tradeObserved') {
      const t = e.event.tradeObserved;
      trades.push({
        signature: t.signature,
        eventIndex: t.eventIndex,
        mint: t.mint,
        slot: e.slot,
        tEventMs: e.tEventMs,
        signer: t.signer,
        side: t.side === 'SIDE_BUY' ? 'buy' : 'sell',
        venue: t.venue,
        solAmount: BigInt(t.solAmount),
        tokenAmount: BigInt(t.tokenAmount),
        feeLamports: BigInt(t.feeLamports),
        creatorFeeLamports: BigInt(t.creatorFeeLamports),
        virtualSolReserves: BigInt(t.virtualSolReserves),
        virtualTokenReserves: BigInt(t.virtualTokenReserves),
        realSolReserves: BigInt(t.realSolReserves),
        realTokenReserves: BigInt(t.realTokenReserves),
      });
    }
  }
  await database.transaction(async (tx) => {
    await insertLaunchTokens(tx, tokens);
    await insertLaunchTrades(tx, trades);
  });
});
afterAll(() => database.dispose());

describe('oof replay, strategy half', () => {
  it('two replays of a period give byte-identical intents, with entries and exits', async () => {
    const replay = async () => {
      const recorder = recordReplayIntents('flow-v1');
      await replayLaunchPeriod(database, {
        fromMs: T0,
        toMs: T0 + 30n * 60_000n,
        onEvents: (events) => recorder.onEvents(events),
      });
      return recorder.finish();
    };
    const first = await replay();
    const second = await replay();
    expect(second.jsonl).toBe(first.jsonl);
    expect(second.sha256).toBe(first.sha256);
    const intents = first.jsonl
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { side: string; reasonCodes: string[] });
    // Every launch is bought on its flow and sold when the flow turns (the scenario's shape).
    expect(intents.filter((i) => i.side === 'SIDE_BUY')).toHaveLength(6);
    expect(intents.filter((i) => i.side === 'SIDE_SELL')).toHaveLength(6);
    expect(first.intents).toBe(12);
    expect(first.events).toBeGreaterThan(100);
  });
});
