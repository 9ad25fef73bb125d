/**
 * A copy-trading position: one entry fill copying one signal of one source wallet, the exits applied to it, and
 * its status. The exit-rule state (entry price, sizes, peak, ladder levels, merged strategy) is the strategy
 * module's `StrategyPosition`, kept as is so the exit rules read exactly what they were written for.
 *
 * Cost basis: the entry notional plus the entry fees. With a single entry, FIFO is trivial — every exit sells
 * from that one lot — and the basis of a sale is the remaining basis pro rata (`floor(basis × sold / held)`), the
 * last sale taking whatever is left, so the basis is conserved exactly to the last unit of the grid.
 */
import type { ExitDecision, ExitReason } from '../strategy/exit-decision.ts';
import type { ExitStrategy } from '../strategy/exit-strategy.ts';
import { formatFixed } from '../strategy/fixed-point.ts';
import { mergeStrategy, type ExitStrategyOverrides } from '../strategy/merge-strategy.ts';
import { openPosition, type StrategyPosition } from '../strategy/strategy-position.ts';
import type { Fill } from './fill.ts';
import { PositionError } from './position-error.ts';
import { assertDecimals, readUsd } from './usd-grid.ts';

/** `open → exiting → open` (partial) `| closed`, and `open | exiting → error`; `closed` and `error` are final. */
export type PositionStatus = 'open' | 'exiting' | 'closed' | 'error';
export type TradingMode = 'simulation' | 'live';

/** One sell of the position and what it realized. */
export interface ExitFillRecord {
  readonly reason: ExitReason;
  readonly fill: Fill;
  /** `notional − fees` of the sell (negative when the fees exceed a tiny sale). */
  readonly proceedsUsd: string;
  /** The share of the entry cost the sold quantity carried. */
  readonly costBasisUsd: string;
  /** `proceeds − costBasis`. */
  readonly realizedPnlUsd: string;
}

export interface CopyPosition {
  readonly id: string;
  /** The signal this position copies (one position per signal). */
  readonly signalId: string;
  /** Source wallet copied. */
  readonly wallet: string;
  readonly mint: string;
  readonly decimals: number;
  readonly mode: TradingMode;
  readonly status: PositionStatus;
  readonly openedAtMs: number;
  /** Latest event time applied. */
  readonly updatedAtMs: number;
  readonly closedAtMs: number | null;
  readonly entry: Fill;
  /** `entry.notional + entry.fees`, USD. */
  readonly entryCostUsd: string;
  /** Cost basis of what is still held, USD: 0 once closed. */
  readonly remainingCostUsd: string;
  /** Exit-rule state: sizes (`originalQtyRaw`, `remainingQtyRaw`), peak, ladder levels, merged strategy. */
  readonly exitState: StrategyPosition;
  /** The per-position overrides merged over the wallet's template into `exitState.strategy`. */
  readonly strategyOverrides: ExitStrategyOverrides;
  /** The decision in flight while `exiting`; null otherwise. */
  readonly pendingExit: ExitDecision | null;
  readonly exitFills: readonly ExitFillRecord[];
  /** Σ realized PnL of `exitFills`, USD. */
  readonly realizedPnlUsd: string;
  /** Why the position went to `error`; null otherwise. */
  readonly errorReason: string | null;
}

export interface OpenCopyPositionInput {
  readonly id: string;
  readonly signalId: string;
  readonly wallet: string;
  readonly mint: string;
  readonly decimals: number;
  readonly mode: TradingMode;
  /** The buy that opened it: the paper fill in simulation, the swap's fill when live. */
  readonly entry: Fill;
  /** The wallet's exit strategy (its template, with the wallet's own overrides already merged). */
  readonly walletStrategy: ExitStrategy;
  /** This position's overrides, merged over `walletStrategy` (mergeStrategy rules). */
  readonly strategyOverrides?: ExitStrategyOverrides;
}

export function assertTimeMs(ms: number, what: string): void {
  if (!Number.isSafeInteger(ms) || ms < 0) {
    throw new PositionError('POSITION_INPUT_INVALID', `${what} must be Unix milliseconds, got ${ms}`);
  }
}

/** A new `open` position from its entry fill; throws `StrategyError` for an invalid merged strategy. */
export function openCopyPosition(input: OpenCopyPositionInput): CopyPosition {
  const { entry } = input;
  assertDecimals(input.decimals);
  assertTimeMs(entry.atMs, 'entry time');
  for (const [k, v] of [
    ['id', input.id],
    ['signalId', input.signalId],
    ['wallet', input.wallet],
    ['mint', input.mint],
  ] as const) {
    if (v.length === 0) throw new PositionError('POSITION_INPUT_INVALID', `${k} must not be empty`);
  }
  if (entry.side !== 'buy' || entry.qtyRaw <= 0n) {
    throw new PositionError('POSITION_FILL_INVALID', 'a position opens with a buy of more than 0 units', {
      side: entry.side,
      qtyRaw: entry.qtyRaw.toString(),
    });
  }
  const overrides = input.strategyOverrides ?? {};
  const strategy = mergeStrategy(input.walletStrategy, overrides);
  const cost = readUsd(entry.notionalUsd, 'entry notional') + readUsd(entry.feesUsd, 'entry fees');
  return {
    id: input.id,
    signalId: input.signalId,
    wallet: input.wallet,
    mint: input.mint,
    decimals: input.decimals,
    mode: input.mode,
    status: 'open',
    openedAtMs: entry.atMs,
    updatedAtMs: entry.atMs,
    closedAtMs: null,
    entry,
    entryCostUsd: formatFixed(cost),
    remainingCostUsd: formatFixed(cost),
    exitState: openPosition(entry.priceUsd, entry.qtyRaw, strategy),
    strategyOverrides: overrides,
    pendingExit: null,
    exitFills: [],
    realizedPnlUsd: '0',
    errorReason: null,
  };
}

/**
 * Does the position still hold tokens of its mint? Open and exiting ones do; an `error` one may (a sell that kept
 * failing), and it counts: buying more of a token we cannot get out of is the last thing to automate.
 */
export function holdsTokens(p: CopyPosition): boolean {
  return p.status !== 'closed' && p.exitState.remainingQtyRaw > 0n;
}
