/**
 * Circuit breakers over closed positions, for the whole book and for each source wallet. They block NEW ENTRIES
 * only: exits of open positions always continue (a breaker that froze exits would turn a drawdown into a loss).
 * The state is a pure function of (closed positions, settings, equity bases, now): replaying the same inputs
 * gives the same state, whatever order the positions are listed in.
 */
import { byCloseTime, scopeMetrics, type BreakerKind, type ClosedTrade } from './breaker-metrics.ts';
import type { BreakerSettings } from './breaker-settings.ts';
import { isDecimal, parseFixed } from './fixed-point.ts';
import { StrategyError } from './strategy-error.ts';

export interface BreakerReading {
  readonly kind: BreakerKind;
  /** Source wallet, or null for the whole book. */
  readonly wallet: string | null;
  readonly active: boolean;
  readonly metric: string;
  readonly threshold: string;
  readonly sampleSize: number;
}

export interface BreakerState {
  readonly atMs: number;
  /** Global readings first, then wallets by address; within a scope, in `BREAKER_KINDS` order. */
  readonly readings: readonly BreakerReading[];
}

export interface BreakerContext {
  readonly nowMs: number;
  /** Equity the book's drawdown is measured from before any close (the capital), USD, > 0. */
  readonly equityBaseUsd: string;
  /** Per source wallet (its allocation); a wallet not listed uses `equityBaseUsd`. */
  readonly walletEquityBaseUsd?: Readonly<Record<string, string>>;
}

function base(usd: string, what: string): bigint {
  if (!isDecimal(usd) || parseFixed(usd) <= 0n) {
    throw new StrategyError(
      'BREAKER_INPUT_INVALID',
      `${what} must be a positive decimal, got ${JSON.stringify(usd)}`,
    );
  }
  return parseFixed(usd);
}

function checkTrade(t: ClosedTrade): void {
  if (!Number.isSafeInteger(t.closedAtMs) || !isDecimal(t.realizedPnlUsd)) {
    throw new StrategyError(
      'BREAKER_INPUT_INVALID',
      `closed position ${t.positionId} has no valid time or PnL`,
    );
  }
}

/**
 * Every enabled breaker, globally and for every wallet with a closed position, at `nowMs`. Positions closed after
 * `nowMs` are not known yet and are ignored, so a replay at an earlier time sees exactly what it saw then.
 */
export function evaluateBreakers(
  closed: readonly ClosedTrade[],
  settings: BreakerSettings,
  ctx: BreakerContext,
): BreakerState {
  closed.forEach(checkTrade);
  const known = closed.filter((t) => t.closedAtMs <= ctx.nowMs).sort(byCloseTime);
  const readings: BreakerReading[] = [];
  const globalBase = base(ctx.equityBaseUsd, 'equity base');
  for (const m of scopeMetrics(known, settings.global, globalBase, ctx.nowMs))
    readings.push({ ...m, wallet: null });
  const wallets = [...new Set(known.map((t) => t.wallet))].sort();
  for (const wallet of wallets) {
    const walletBase = ctx.walletEquityBaseUsd?.[wallet];
    const b = walletBase === undefined ? globalBase : base(walletBase, `equity base of ${wallet}`);
    const own = known.filter((t) => t.wallet === wallet);
    for (const m of scopeMetrics(own, settings.perWallet, b, ctx.nowMs)) readings.push({ ...m, wallet });
  }
  return { atMs: ctx.nowMs, readings };
}

/** The active breakers that stop a new entry copying `wallet`: the global ones and the wallet's own. */
export function blockingBreakers(state: BreakerState, wallet: string): BreakerReading[] {
  return state.readings.filter((r) => r.active && (r.wallet === null || r.wallet === wallet));
}

/** May a new position copying `wallet` be opened? Exits never ask. */
export function canOpen(state: BreakerState, wallet: string): boolean {
  return blockingBreakers(state, wallet).length === 0;
}
