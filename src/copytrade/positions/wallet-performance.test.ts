import { describe, expect, test } from 'vitest';
import type { ClosedTrade } from '../strategy/breaker-metrics.ts';
import { comparePaperLive } from './paper-vs-live.ts';
import { walletPerformance } from './wallet-performance.ts';
import { fill } from './testing/copy-position-fixtures.ts';

const H = 3_600_000;
const NOW = 100 * 24 * H;
const t = (id: string, wallet: string, hoursAgo: number, pnl: string): ClosedTrade => ({
  positionId: id,
  wallet,
  closedAtMs: NOW - hoursAgo * H,
  realizedPnlUsd: pnl,
});

describe('walletPerformance', () => {
  // Close order (oldest first): +10, +20, −5, −5, −5, 0, +30; one trade in the future.
  const trades = [
    t('g', 'A', 1, '30'),
    t('a', 'A', 40 * 24, '10'),
    t('b', 'A', 20 * 24, '20'),
    t('c', 'A', 5 * 24, '-5'),
    t('d', 'A', 3 * 24, '-5'),
    t('e', 'A', 2 * 24, '-5'),
    t('f', 'A', 23, '0'),
    t('x', 'B', 2, '-1'),
    { ...t('future', 'A', 0, '1000'), closedAtMs: NOW + 1 },
  ];

  test('all-time stats: win rate, PnL, averages, payoff ratio, streaks', () => {
    const [a] = walletPerformance(trades, NOW);
    expect(a?.wallet).toBe('A');
    expect(a?.windows.all).toEqual({
      trades: 7,
      wins: 3,
      losses: 3,
      winRate: '0.428571428571428571',
      pnlUsd: '45',
      averageWinUsd: '20',
      averageLossUsd: '-5',
      profitRatio: '4',
      longestWinStreak: 2,
      longestLossStreak: 3,
    });
  });

  test('windows keep (now − length, now]; a breakeven close ends a streak', () => {
    const [a, b] = walletPerformance(trades, NOW);
    expect(a?.windows['24h']).toMatchObject({
      trades: 2,
      wins: 1,
      losses: 0,
      pnlUsd: '30',
      profitRatio: null,
    });
    expect(a?.windows['7d']).toMatchObject({
      trades: 5,
      pnlUsd: '15',
      longestLossStreak: 3,
      longestWinStreak: 1,
    });
    expect(a?.windows['30d']).toMatchObject({ trades: 6, pnlUsd: '35' });
    expect(b?.windows['24h']).toMatchObject({
      trades: 1,
      winRate: '0',
      averageWinUsd: null,
      averageLossUsd: '-1',
    });
    const exactly24h = walletPerformance([t('edge', 'C', 24, '1')], NOW)[0];
    expect(exactly24h?.windows['24h'].trades).toBe(0);
    expect(exactly24h?.windows['7d'].trades).toBe(1);
  });
});

describe('comparePaperLive', () => {
  test('per signal with both fills: how much worse live did, in USD per token and bps', () => {
    const paper = { ...fill('buy', 100n, '1.01', '101', '0.3', 1), slippageUsd: '1' };
    const live = {
      ...fill('buy', 100n, '1.0302', '103.02', '0.35', 2),
      source: 'live' as const,
      slippageUsd: '3.02',
    };
    expect(
      comparePaperLive([
        { signalId: 's1', paper, live },
        { signalId: 's2', paper, live: null },
      ]),
    ).toEqual([
      {
        signalId: 's1',
        side: 'buy',
        paperPriceUsd: '1.01',
        livePriceUsd: '1.0302',
        liveWorseByUsd: '0.0202',
        liveWorseByBps: '200',
        extraSlippageUsd: '2.02',
        extraFeesUsd: '0.05',
      },
    ]);
  });

  test('a sell that executed above the paper price did better: negative', () => {
    const paper = fill('sell', 10n, '2', '20', '0', 1);
    const live = fill('sell', 10n, '2.02', '20.2', '0', 1);
    expect(comparePaperLive([{ signalId: 's', paper, live }])[0]).toMatchObject({
      liveWorseByUsd: '-0.02',
      liveWorseByBps: '-100',
    });
  });
});
