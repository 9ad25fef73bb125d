/**
 * PnL of a position at a mark price. Realized: Σ (proceeds − basis) of the exit fills. Unrealized: what is left,
 * valued at the mark (rounded down), minus its remaining basis. No exit fee is assumed on the mark: it is a
 * valuation, not a quote for a sale. Because the basis is conserved (copy-position.ts), realized + unrealized is
 * exactly the change in value: Σ proceeds + mark value − entry cost.
 */
import type { ClosedTrade } from '../strategy/breaker-metrics.ts';
import { formatFixed } from '../strategy/fixed-point.ts';
import type { CopyPosition } from './copy-position.ts';
import { PositionError } from './position-error.ts';
import { readSignedUsd, readUsd, valueFloor } from './usd-grid.ts';

export interface PositionPnl {
  readonly realizedPnlUsd: string;
  readonly unrealizedPnlUsd: string;
  /** realized + unrealized. */
  readonly totalPnlUsd: string;
  /** Remaining quantity at the mark, rounded down. */
  readonly markValueUsd: string;
}

export function positionPnl(p: CopyPosition, markPriceUsd: string): PositionPnl {
  const mark = readUsd(markPriceUsd, 'mark price', true);
  const realized = readSignedUsd(p.realizedPnlUsd, 'realized PnL');
  const value = valueFloor(p.exitState.remainingQtyRaw, mark, p.decimals);
  const unrealized = value - readUsd(p.remainingCostUsd, 'remaining cost');
  return {
    realizedPnlUsd: formatFixed(realized),
    unrealizedPnlUsd: formatFixed(unrealized),
    totalPnlUsd: formatFixed(realized + unrealized),
    markValueUsd: formatFixed(value),
  };
}

/** A closed position as the breakers and the performance figures read it. */
export function toClosedTrade(p: CopyPosition): ClosedTrade {
  if (p.status !== 'closed' || p.closedAtMs === null) {
    throw new PositionError('POSITION_TRANSITION_ILLEGAL', `position ${p.id} is ${p.status}, not closed`, {
      positionId: p.id,
      status: p.status,
    });
  }
  return { positionId: p.id, wallet: p.wallet, closedAtMs: p.closedAtMs, realizedPnlUsd: p.realizedPnlUsd };
}
