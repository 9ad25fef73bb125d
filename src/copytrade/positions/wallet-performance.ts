/**
 * Performance of each source wallet over its closed positions, for the 24 h / 7 d / 30 d / all windows, `now`
 * injected. A window holds the positions closed in `(now − length, now]` (the breakers' rule); closes after `now`
 * are not known yet and are ignored. Positions are taken in close order (time, then id), whatever order they come
 * in. A win is PnL > 0, a loss PnL < 0; breakeven is neither and ends both streaks.
 */
import { byCloseTime, type ClosedTrade } from '../strategy/breaker-metrics.ts';
import { formatFixed, parseFixed, ratioFixed } from '../strategy/fixed-point.ts';
import { PositionError } from './position-error.ts';
import { readSignedUsd } from './usd-grid.ts';

const HOUR_MS = 3_600_000;

export const PERFORMANCE_WINDOWS = {
  '24h': 24 * HOUR_MS,
  '7d': 7 * 24 * HOUR_MS,
  '30d': 30 * 24 * HOUR_MS,
  all: null,
} as const satisfies Record<string, number | null>;

export type PerformanceWindow = keyof typeof PERFORMANCE_WINDOWS;

export interface PerformanceStats {
  readonly trades: number;
  readonly wins: number;
  readonly losses: number;
  /** wins / trades, 18 digits truncated; null without trades. */
  readonly winRate: string | null;
  /** Σ realized PnL, USD. */
  readonly pnlUsd: string;
  /** Mean PnL of the wins (truncated toward zero); null without wins. */
  readonly averageWinUsd: string | null;
  /** Mean PnL of the losses, negative; null without losses. */
  readonly averageLossUsd: string | null;
  /**
   * Average win / |average loss| (the payoff ratio: how much a typical win makes per unit a typical loss costs);
   * null unless there are both wins and losses.
   */
  readonly profitRatio: string | null;
  readonly longestWinStreak: number;
  readonly longestLossStreak: number;
}

export interface WalletPerformance {
  readonly wallet: string;
  readonly windows: { readonly [W in PerformanceWindow]: PerformanceStats };
}

/** The stats of trades already in close order. */
export function performanceStats(sorted: readonly ClosedTrade[]): PerformanceStats {
  let wins = 0;
  let losses = 0;
  let winSum = 0n;
  let lossSum = 0n;
  let run = 0; // > 0: wins in a row, < 0: losses in a row
  let longestWin = 0;
  let longestLoss = 0;
  for (const t of sorted) {
    const pnl = readSignedUsd(t.realizedPnlUsd, `PnL of ${t.positionId}`);
    if (pnl > 0n) {
      wins += 1;
      winSum += pnl;
      run = run > 0 ? run + 1 : 1;
      longestWin = Math.max(longestWin, run);
    } else if (pnl < 0n) {
      losses += 1;
      lossSum += pnl;
      run = run < 0 ? run - 1 : -1;
      longestLoss = Math.max(longestLoss, -run);
    } else {
      run = 0;
    }
  }
  const total = sorted.reduce((s, t) => s + parseFixed(t.realizedPnlUsd), 0n);
  const avgWin = wins > 0 ? winSum / BigInt(wins) : null;
  const avgLoss = losses > 0 ? lossSum / BigInt(losses) : null;
  return {
    trades: sorted.length,
    wins,
    losses,
    winRate: sorted.length > 0 ? formatFixed(ratioFixed(BigInt(wins), BigInt(sorted.length))) : null,
    pnlUsd: formatFixed(total),
    averageWinUsd: avgWin === null ? null : formatFixed(avgWin),
    averageLossUsd: avgLoss === null ? null : formatFixed(avgLoss),
    // From the sums, not the rounded means: avgWin / |avgLoss| = (winSum / wins) / (|lossSum| / losses).
    profitRatio:
      wins > 0 && losses > 0 && lossSum !== 0n
        ? formatFixed(ratioFixed(winSum * BigInt(losses), -lossSum * BigInt(wins)))
        : null,
    longestWinStreak: longestWin,
    longestLossStreak: longestLoss,
  };
}

/** Every wallet with a closed position up to `nowMs`, by address, with its four windows. */
export function walletPerformance(closed: readonly ClosedTrade[], nowMs: number): WalletPerformance[] {
  if (!Number.isSafeInteger(nowMs)) {
    throw new PositionError('POSITION_INPUT_INVALID', `now must be Unix milliseconds, got ${nowMs}`);
  }
  const known = closed.filter((t) => t.closedAtMs <= nowMs).sort(byCloseTime);
  const wallets = [...new Set(known.map((t) => t.wallet))].sort();
  return wallets.map((wallet) => {
    const own = known.filter((t) => t.wallet === wallet);
    const window = (lengthMs: number | null): PerformanceStats =>
      performanceStats(lengthMs === null ? own : own.filter((t) => t.closedAtMs > nowMs - lengthMs));
    return {
      wallet,
      windows: {
        '24h': window(PERFORMANCE_WINDOWS['24h']),
        '7d': window(PERFORMANCE_WINDOWS['7d']),
        '30d': window(PERFORMANCE_WINDOWS['30d']),
        all: window(PERFORMANCE_WINDOWS.all),
      },
    };
  });
}
