import { describe, expect, it } from 'vitest';
import type { NormalizedTransaction } from '../transaction/normalized-transaction.ts';
import { ANCHOR_EVENT_IX_TAG, startsWith } from './anchor-discriminator.ts';
import { decodeProgramEvents } from './decode-program-events.ts';
import { flag, loadRecordedTransaction, recordedTransactionPaths, text } from './recorded-data.fixture.ts';

// The two sources of the same events, their deduplication and their order, on every recorded transaction.

const withoutSelfCpiEvents = (tx: NormalizedTransaction): NormalizedTransaction => ({
  ...tx,
  instructions: tx.instructions.map((ix) =>
    ix.data !== null && ix.innerIndex !== null && startsWith(ix.data, ANCHOR_EVENT_IX_TAG)
      ? { ...ix, data: null }
      : ix,
  ),
});
const withoutLogs = (tx: NormalizedTransaction): NormalizedTransaction => ({ ...tx, logMessages: [] });

describe('decodeProgramEvents on the recorded transactions', () => {
  const pumpPaths = recordedTransactionPaths(['pumpfun', 'pumpswap']);

  it.each(pumpPaths)('%s: logs alone, self-CPIs alone and both give the same events', (path) => {
    const tx = loadRecordedTransaction(path);
    const both = decodeProgramEvents(tx);
    // Pump.fun and PumpSwap emit every event both ways; reporting it once from each would double volumes.
    expect(decodeProgramEvents(withoutSelfCpiEvents(tx))).toEqual(both);
    expect(decodeProgramEvents(withoutLogs(tx))).toEqual(both);
  });

  it('finds events in every recorded pump.fun / PumpSwap transaction', () => {
    for (const path of pumpPaths)
      expect(decodeProgramEvents(loadRecordedTransaction(path)).length).toBeGreaterThan(0);
  });

  it('takes LaunchLab events from self-CPIs only, as the program logs none', () => {
    const tx = loadRecordedTransaction('jiangxiaop-solana-swap-scan/test/ray/ray-launchpad-create-pair.json');
    expect(decodeProgramEvents(withoutSelfCpiEvents(tx))).toEqual([]);
    expect(decodeProgramEvents(withoutLogs(tx))).toHaveLength(2);
  });

  it('keeps execution order across outer instructions (a 4-wallet bundle buy)', () => {
    const tx = loadRecordedTransaction('0xjeffro-tx-parser/solana/data/pumpfun_buy_bundle.json');
    const buyers = tx.instructions
      .filter(
        (ix) => ix.programId === '6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P' && ix.innerIndex === null,
      )
      .map((ix) => ix.accounts[6]);
    const trades = decodeProgramEvents(tx);
    expect(trades.map((t) => text(t, 'user'))).toEqual(buyers);
    expect(new Set(buyers).size).toBe(4);
  });

  it('keeps execution order inside one outer instruction (buy then sell in one transaction)', () => {
    const tx = loadRecordedTransaction(
      'chainstack-pump-fun-bot/learning-examples/raw_buy_tx_from_getTransaction.json',
    );
    expect(decodeProgramEvents(tx).map((t) => flag(t, 'isBuy'))).toEqual([true, false]);
  });

  it('orders a log line written before the self-CPI the same as one written after it', () => {
    // photon_pumpfun_buy_1 logs `Program data:` before pump.fun's self-invocation, pumpfun_buy_0 after it.
    for (const path of [
      '0xjeffro-tx-parser/solana/data/photon_pumpfun_buy_1.json',
      '0xjeffro-tx-parser/solana/data/pumpfun_buy_0.json',
    ]) {
      expect(decodeProgramEvents(loadRecordedTransaction(path)).map((e) => e.name)).toEqual(['TradeEvent']);
    }
  });

  it('keeps two identical emissions as two events when each is emitted both ways', () => {
    const tx = loadRecordedTransaction('0xjeffro-tx-parser/solana/data/pumpfun_sell_0.json');
    const selfCpi = tx.instructions.findIndex(
      (ix) => ix.data !== null && startsWith(ix.data, ANCHOR_EVENT_IX_TAG),
    );
    const dataLine = tx.logMessages.findIndex((l) => l.startsWith('Program data: '));
    const ix = tx.instructions[selfCpi];
    if (ix === undefined) throw new Error('recorded sell has no self-CPI event');
    const doubled: NormalizedTransaction = {
      ...tx,
      instructions: [
        ...tx.instructions.slice(0, selfCpi + 1),
        { ...ix, innerIndex: (ix.innerIndex ?? 0) + 1 },
        ...tx.instructions.slice(selfCpi + 1),
      ],
      logMessages: [
        ...tx.logMessages.slice(0, dataLine + 1),
        ...tx.logMessages.slice(dataLine - 3, dataLine + 1),
        ...tx.logMessages.slice(dataLine + 1),
      ],
    };
    expect(decodeProgramEvents(tx)).toHaveLength(1);
    expect(decodeProgramEvents(doubled)).toHaveLength(2);
  });
});
