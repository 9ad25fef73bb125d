/**
 * The position state machine. State changes only by applying events, so simulation, replay and live share one
 * kernel: the same events in the same order give the same position.
 *
 * | status  | PRICE_OBSERVED | EXIT_STARTED | EXIT_FILLED                       | EXIT_ABANDONED | FAILED | STRATEGY_CHANGED |
 * | ------- | -------------- | ------------ | --------------------------------- | -------------- | ------ | ---------------- |
 * | open    | open           | exiting      | —                                 | —              | error  | open             |
 * | exiting | exiting        | —            | closed if nothing left, else open | open           | error  | —                |
 * | closed  | —              | —            | —                                 | —              | —      | —                |
 * | error   | —              | —            | —                                 | —              | —      | —                |
 *
 * One sell in flight per position (the strategy module's rule): a new exit starts only from `open`. A fill smaller
 * than the decision (partial) sells what it sold and returns to `open`; the next evaluation decides the rest.
 */
import type { ExitDecision } from '../strategy/exit-decision.ts';
import type { ExitStrategy } from '../strategy/exit-strategy.ts';
import type { ExitStrategyOverrides } from '../strategy/merge-strategy.ts';
import { formatFixed } from '../strategy/fixed-point.ts';
import { applyExit, trackPeak } from '../strategy/strategy-position.ts';
import { assertTimeMs, type CopyPosition, type PositionStatus } from './copy-position.ts';
import type { Fill } from './fill.ts';
import { PositionError } from './position-error.ts';
import { readSignedUsd, readUsd } from './usd-grid.ts';

export type PositionEvent =
  /** A price seen by the monitor: moves the peak (`trackPeak`). */
  | { readonly type: 'PRICE_OBSERVED'; readonly priceUsd: string; readonly atMs: number }
  /** An exit decision was queued for execution. */
  | { readonly type: 'EXIT_STARTED'; readonly decision: ExitDecision; readonly atMs: number }
  /** The sell of the pending exit executed (in full or in part). */
  | { readonly type: 'EXIT_FILLED'; readonly fill: Fill; readonly atMs: number }
  /** The sell did not execute at all (slippage exceeded, expired quote): back to `open`, nothing sold. */
  | { readonly type: 'EXIT_ABANDONED'; readonly reason: string; readonly atMs: number }
  /** Unrecoverable (the token cannot be sold, the key is gone): final, for a human to look at. */
  | { readonly type: 'FAILED'; readonly reason: string; readonly atMs: number }
  /**
   * The operator changed this position's overrides: `strategy` is the wallet's strategy with `overrides` merged
   * (validated by `mergeStrategy` before the event is made). Only while `open` (not with a sell in flight); a
   * ladder change is refused once a level was sold (the sold indices would point into another ladder).
   */
  | {
      readonly type: 'STRATEGY_CHANGED';
      readonly strategy: ExitStrategy;
      readonly overrides: ExitStrategyOverrides;
      readonly atMs: number;
    };

export type PositionEventType = PositionEvent['type'];

/** The events each status accepts; anything else is `POSITION_TRANSITION_ILLEGAL`. */
export const ALLOWED_EVENTS: { readonly [S in PositionStatus]: readonly PositionEventType[] } = {
  open: ['PRICE_OBSERVED', 'EXIT_STARTED', 'FAILED', 'STRATEGY_CHANGED'],
  exiting: ['PRICE_OBSERVED', 'EXIT_FILLED', 'EXIT_ABANDONED', 'FAILED'],
  closed: [],
  error: [],
};

export function canApply(status: PositionStatus, type: PositionEventType): boolean {
  return ALLOWED_EVENTS[status].includes(type);
}

function touched(p: CopyPosition, atMs: number): number {
  return atMs > p.updatedAtMs ? atMs : p.updatedAtMs;
}

function started(p: CopyPosition, decision: ExitDecision, atMs: number): CopyPosition {
  if (decision.qtyRaw <= 0n || decision.qtyRaw > p.exitState.remainingQtyRaw) {
    throw new PositionError('POSITION_FILL_INVALID', 'the exit does not fit what is left', {
      positionId: p.id,
      qtyRaw: decision.qtyRaw.toString(),
      remainingQtyRaw: p.exitState.remainingQtyRaw.toString(),
    });
  }
  return { ...p, status: 'exiting', pendingExit: decision, updatedAtMs: touched(p, atMs) };
}

function filled(p: CopyPosition, pending: ExitDecision, fill: Fill, atMs: number): CopyPosition {
  if (fill.side !== 'sell' || fill.qtyRaw <= 0n || fill.qtyRaw > pending.qtyRaw) {
    throw new PositionError('POSITION_FILL_INVALID', 'an exit fill is a sell of 1..pending units', {
      positionId: p.id,
      side: fill.side,
      qtyRaw: fill.qtyRaw.toString(),
      pendingQtyRaw: pending.qtyRaw.toString(),
    });
  }
  const held = p.exitState.remainingQtyRaw;
  const basisLeft = readUsd(p.remainingCostUsd, 'remaining cost');
  // Pro-rata basis, rounded down; the last sale takes the rest, so Σ basis = entry cost exactly.
  const basis = fill.qtyRaw === held ? basisLeft : (basisLeft * fill.qtyRaw) / held;
  const proceeds = readUsd(fill.notionalUsd, 'exit notional') - readUsd(fill.feesUsd, 'exit fees');
  const pnl = proceeds - basis;
  const exitState = applyExit(p.exitState, { ...pending, qtyRaw: fill.qtyRaw });
  const done = exitState.remainingQtyRaw === 0n;
  return {
    ...p,
    status: done ? 'closed' : 'open',
    closedAtMs: done ? atMs : null,
    updatedAtMs: touched(p, atMs),
    exitState,
    pendingExit: null,
    remainingCostUsd: formatFixed(basisLeft - basis),
    realizedPnlUsd: formatFixed(readSignedUsd(p.realizedPnlUsd, 'realized PnL') + pnl),
    exitFills: [
      ...p.exitFills,
      {
        reason: pending.reason,
        fill,
        proceedsUsd: formatFixed(proceeds),
        costBasisUsd: formatFixed(basis),
        realizedPnlUsd: formatFixed(pnl),
      },
    ],
  };
}

/** The position after `event`; throws `POSITION_TRANSITION_ILLEGAL` when its status does not accept it. */
export function applyPositionEvent(p: CopyPosition, event: PositionEvent): CopyPosition {
  assertTimeMs(event.atMs, 'event time');
  if (!canApply(p.status, event.type)) {
    throw new PositionError(
      'POSITION_TRANSITION_ILLEGAL',
      `${event.type} is not allowed on a ${p.status} position`,
      {
        positionId: p.id,
        status: p.status,
        event: event.type,
      },
    );
  }
  switch (event.type) {
    case 'PRICE_OBSERVED': {
      const exitState = trackPeak(p.exitState, event.priceUsd);
      return { ...p, exitState, updatedAtMs: touched(p, event.atMs) };
    }
    case 'EXIT_STARTED':
      return started(p, event.decision, event.atMs);
    case 'EXIT_FILLED': {
      // `exiting` always carries its decision; a missing one is a corrupted record.
      if (p.pendingExit === null) {
        throw new PositionError('POSITION_TRANSITION_ILLEGAL', 'exiting position without a pending exit', {
          positionId: p.id,
        });
      }
      return filled(p, p.pendingExit, event.fill, event.atMs);
    }
    case 'EXIT_ABANDONED':
      return { ...p, status: 'open', pendingExit: null, updatedAtMs: touched(p, event.atMs) };
    case 'STRATEGY_CHANGED': {
      const ladderChanged =
        JSON.stringify(event.strategy.scalingOut) !== JSON.stringify(p.exitState.strategy.scalingOut);
      if (ladderChanged && p.exitState.ladderLevelsHit.length > 0) {
        throw new PositionError(
          'POSITION_INPUT_INVALID',
          'the ladder cannot change once one of its levels was sold; change the other rules',
          { positionId: p.id },
        );
      }
      return {
        ...p,
        exitState: { ...p.exitState, strategy: event.strategy },
        strategyOverrides: event.overrides,
        updatedAtMs: touched(p, event.atMs),
      };
    }
    case 'FAILED':
      return {
        ...p,
        status: 'error',
        pendingExit: null,
        errorReason: event.reason,
        updatedAtMs: touched(p, event.atMs),
      };
  }
}

/** Folds events over a position, in order (replay). */
export function replayPosition(p: CopyPosition, events: readonly PositionEvent[]): CopyPosition {
  return events.reduce(applyPositionEvent, p);
}
