/**
 * The three breaker metrics over the closed positions of one scope (the book or one source wallet), in close
 * order. Every comparison with a threshold is exact (products of scaled integers); the reported metric strings are
 * truncated to 18 digits and only describe.
 */
import type { BreakerLimits } from './breaker-settings.ts';
import { ONE, formatFixed, parseFixed, ratioFixed } from './fixed-point.ts';

export const BREAKER_KINDS = ['MAX_DRAWDOWN', 'MIN_WIN_RATE', 'CONSECUTIVE_LOSSES'] as const;
export type BreakerKind = (typeof BREAKER_KINDS)[number];

/** One closed copy-trading position as the breakers see it. */
export interface ClosedTrade {
  /** Unique; breaks ties between positions closed in the same millisecond. */
  readonly positionId: string;
  /** Source wallet the position copied. */
  readonly wallet: string;
  /** Unix milliseconds of the close. */
  readonly closedAtMs: number;
  /** Realized PnL in USD, decimal string: > 0 a win, < 0 a loss, 0 neither. */
  readonly realizedPnlUsd: string;
}

export interface BreakerMetric {
  readonly kind: BreakerKind;
  readonly active: boolean;
  /** Drawdown fraction, win rate, or losses in a row, as a decimal string. */
  readonly metric: string;
  readonly threshold: string;
  /** Closed positions the metric was computed over. */
  readonly sampleSize: number;
}

/** Close order: time, then id — the same order whatever order the list came in. */
export function byCloseTime(a: ClosedTrade, b: ClosedTrade): number {
  if (a.closedAtMs !== b.closedAtMs) return a.closedAtMs - b.closedAtMs;
  return a.positionId < b.positionId ? -1 : a.positionId > b.positionId ? 1 : 0;
}

/**
 * Drawdown from peak equity. Equity starts at `base` plus the PnL closed before the window, the peak starts
 * there, and each close in the window moves equity; drawdown = (peak − equity) / peak, 1 when the peak is ≤ 0.
 */
function drawdown(before: bigint, window: readonly bigint[], base: bigint, fraction: string): BreakerMetric {
  let equity = base + before;
  let peak = equity;
  for (const pnl of window) {
    equity += pnl;
    if (equity > peak) peak = equity;
  }
  const threshold = parseFixed(fraction);
  const wiped = peak <= 0n;
  return {
    kind: 'MAX_DRAWDOWN',
    active: wiped || (peak - equity) * ONE >= threshold * peak,
    metric: wiped ? '1' : formatFixed(ratioFixed(peak - equity, peak)),
    threshold: formatFixed(threshold),
    sampleSize: window.length,
  };
}

/** Wins over the last `lastN`; silent (inactive) until `lastN` positions closed in the window. */
function winRate(window: readonly bigint[], lastN: number, rate: string): BreakerMetric {
  const last = window.slice(-lastN);
  const wins = BigInt(last.filter((p) => p > 0n).length);
  const n = BigInt(last.length);
  const threshold = parseFixed(rate);
  return {
    kind: 'MIN_WIN_RATE',
    active: last.length >= lastN && wins * ONE < threshold * n,
    metric: n === 0n ? '0' : formatFixed(ratioFixed(wins, n)),
    threshold: formatFixed(threshold),
    sampleSize: last.length,
  };
}

/** Losses at the end of the window; a win or a breakeven ends the streak. */
function consecutiveLosses(window: readonly bigint[], count: number): BreakerMetric {
  let streak = 0;
  for (let i = window.length - 1; i >= 0 && window[i]! < 0n; i--) streak++;
  return {
    kind: 'CONSECUTIVE_LOSSES',
    active: streak >= count,
    metric: String(streak),
    threshold: String(count),
    sampleSize: window.length,
  };
}

/** The enabled breakers of one scope; `trades` sorted by `byCloseTime`, none after `nowMs`. */
export function scopeMetrics(
  trades: readonly ClosedTrade[],
  limits: BreakerLimits,
  equityBase: bigint,
  nowMs: number,
): BreakerMetric[] {
  const from = limits.lookbackMs === null ? null : nowMs - limits.lookbackMs;
  let before = 0n;
  const window: bigint[] = [];
  for (const t of trades) {
    const pnl = parseFixed(t.realizedPnlUsd);
    if (from !== null && t.closedAtMs <= from) before += pnl;
    else window.push(pnl);
  }
  const out: BreakerMetric[] = [];
  if (limits.maxDrawdown) out.push(drawdown(before, window, equityBase, limits.maxDrawdown.fraction));
  if (limits.minWinRate) out.push(winRate(window, limits.minWinRate.lastN, limits.minWinRate.rate));
  if (limits.maxConsecutiveLosses) out.push(consecutiveLosses(window, limits.maxConsecutiveLosses.count));
  return out;
}
