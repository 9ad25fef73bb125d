import { describe, expect, it } from 'vitest';
import { SOL_MINT, USDC_MINT } from '../../domain/mints.ts';
import { CONFIG, fixedPrices } from '../detectors/detectors.fixtures.ts';
import { detectIdleYield } from '../detectors/idle-yield.detector.ts';
import { computeHoldings } from './holdings.ts';
import { DAY, T0, TOKEN, WALLET, fee, receive, send, swap, tx } from './holdings.fixtures.ts';

describe('computeHoldings', () => {
  it('SOL: swap legs and the network fee both move the balance; what leaves is taken from the newest layer', () => {
    const actions = [
      receive(tx(1, 0), SOL_MINT, 10_000_000_000n, 9),
      swap(tx(2, DAY, 0), [SOL_MINT, 2_000_000_000n, 9], [TOKEN, 500n, 0]),
      fee(tx(2, DAY, 9), SOL_MINT, 5_000n),
      receive(tx(3, 2 * DAY), SOL_MINT, 1_000_000_000n, 9),
    ];
    const h = computeHoldings(WALLET, actions);
    const sol = h.mints.find((m) => m.mint === SOL_MINT);
    expect(sol?.timeline.map((p) => p.balanceRaw)).toEqual([10_000_000_000n, 7_999_995_000n, 8_999_995_000n]);
    const opened = { signature: 'tx000001', index: 0, slot: 1n };
    // The 2.000005 SOL spent were held from T0 to the swap; the other 7.999995 SOL stay in their window.
    expect(sol?.windows).toEqual([
      {
        mint: SOL_MINT,
        decimals: 9,
        balanceRaw: 2_000_005_000n,
        start: T0,
        end: T0 + DAY,
        opened,
        closed: { signature: 'tx000002', index: 0, slot: 2n },
      },
      { mint: SOL_MINT, decimals: 9, balanceRaw: 7_999_995_000n, start: T0, end: null, opened, closed: null },
      {
        mint: SOL_MINT,
        decimals: 9,
        balanceRaw: 1_000_000_000n,
        start: T0 + 2 * DAY,
        end: null,
        opened: { signature: 'tx000003', index: 0, slot: 3n },
        closed: null,
      },
    ]);
    // A 0-decimal token bought in the swap opens its own window at the swap.
    expect(h.windows.map((w) => [w.mint, w.start, w.balanceRaw, w.decimals])).toEqual([
      [SOL_MINT, T0, 2_000_005_000n, 9],
      [SOL_MINT, T0, 7_999_995_000n, 9],
      [TOKEN, T0 + DAY, 500n, 0],
      [SOL_MINT, T0 + 2 * DAY, 1_000_000_000n, 9],
    ]);
    expect(h.negativeBalances).toEqual([]);
  });

  it('each part that leaves closes its own window; parts at or below dust are not windows', () => {
    const actions = [
      receive(tx(1, 0), TOKEN, 1_000n, 6),
      send(tx(2, DAY), TOKEN, 400n, 6),
      send(tx(3, 2 * DAY), TOKEN, 590n, 6), // 10 left = dust
      receive(tx(4, 3 * DAY), TOKEN, 50n, 6),
    ];
    const h = computeHoldings(WALLET, actions, { dustRaw: 10n });
    expect(h.windows.map((w) => [w.start, w.end, w.balanceRaw, w.opened.signature])).toEqual([
      [T0, T0 + DAY, 400n, 'tx000001'],
      [T0, T0 + 2 * DAY, 590n, 'tx000001'],
      [T0 + 3 * DAY, null, 50n, 'tx000004'],
    ]);
  });

  it('clamps a negative balance to 0 and reports it', () => {
    const h = computeHoldings(WALLET, [send(tx(1, 0), TOKEN, 70n, 6), receive(tx(2, DAY), TOKEN, 30n, 6)]);
    expect(h.negativeBalances).toEqual([
      { mint: TOKEN, at: { slot: 1n, signature: 'tx000001', index: 0, blockTime: T0 }, shortfallRaw: 70n },
    ]);
    expect(h.mints[0]?.timeline.map((p) => [p.balanceRaw, p.clampedRaw])).toEqual([
      [0n, 70n],
      [30n, 0n],
    ]);
    expect(h.windows).toEqual([expect.objectContaining({ start: T0 + DAY, balanceRaw: 30n })]);
  });

  it('nets a transaction per mint: legs in any index order never flicker or go negative', () => {
    // USDC leaves at index 0 and arrives at index 1 of one transaction: net 0, nothing happens.
    const h = computeHoldings(WALLET, [
      send(tx(1, 0, 0), USDC_MINT, 100n, 6),
      receive(tx(1, 0, 1), USDC_MINT, 100n, 6),
    ]);
    expect(h).toMatchObject({ mints: [], windows: [], negativeBalances: [] });
  });

  it('ignores other owners, dedupes by (signature, index) and does not depend on input order', () => {
    const actions = [
      receive(tx(1, 0), TOKEN, 100n, 6),
      send(tx(2, DAY), TOKEN, 40n, 6),
      { ...receive(tx(3, DAY), TOKEN, 999n, 6), owner: 'Someone1111111111111111111111111111111111111' },
    ];
    const h = computeHoldings(WALLET, actions);
    expect(computeHoldings(WALLET, [...actions, ...actions].reverse())).toEqual(h);
    expect(h.windows).toEqual([
      expect.objectContaining({ balanceRaw: 40n, end: T0 + DAY }),
      expect.objectContaining({ balanceRaw: 60n, end: null }),
    ]);
  });

  it('a transaction without a block time takes the previous one; no decimals → no window, reported', () => {
    const h = computeHoldings(WALLET, [
      receive(tx(1, 0), TOKEN, 100n, 6),
      { ...send(tx(2, 0), TOKEN, 100n, 6), blockTime: null },
      { ...receive(tx(3, DAY), 'NoDec1111111111111111111111111111111111111', 5n, 0), decimalsOut: null },
    ]);
    expect(h.windows).toEqual([expect.objectContaining({ mint: TOKEN, start: T0, end: T0 })]);
    expect(h.unwindowedMints).toEqual(['NoDec1111111111111111111111111111111111111']);
  });

  it('feeds detectIdleYield: 500 USDC idle for 365 days at 5% is a $25 moment', () => {
    const h = computeHoldings(WALLET, [
      receive(tx(1, 0), USDC_MINT, 800_000_000n, 6),
      send(tx(2, 100 * DAY), USDC_MINT, 300_000_000n, 6),
      send(tx(3, 365 * DAY), USDC_MINT, 500_000_000n, 6),
    ]);
    const [m] = detectIdleYield({
      wallet: WALLET,
      windows: h.windows,
      prices: fixedPrices({ at: '1' }),
      now: T0 + 400 * DAY,
      config: CONFIG.idleYield,
    });
    expect(m).toMatchObject({ kind: 'idle_yield', usd: '25', sourceEvent: 'tx000001:0', status: 'final' });
  });
});
