/**
 * Starting an exit of a stored position: the state machine's events applied to the position read (with the
 * price events that preceded the decision), saved over the version read, in one transaction. Simulation fills
 * at once on the paper model (EXIT_STARTED + EXIT_FILLED, or EXIT_ABANDONED when the modelled slippage breaks
 * the tolerance: the next evaluation decides again); live queues the swap (copy_orders, id
 * `exit:<position>:<n>`) for the executor, and the position stays `exiting` until its fill comes back.
 */
import { insertOrder } from '../../store/copytrade/copy-orders.repository.ts';
import {
  savePosition,
  type FillRow,
  type StoredPosition,
} from '../../store/copytrade/copy-positions.repository.ts';
import { paperFillConfigOf } from '../config/copytrade-config.ts';
import type { CopyPosition } from '../positions/copy-position.ts';
import { paperFill } from '../positions/paper-fill.ts';
import { applyPositionEvent, type PositionEvent } from '../positions/position-events.ts';
import { swapPriority } from '../positions/swap-queue.ts';
import type { ExitDecision } from '../strategy/exit-decision.ts';
import type { PriceQuote } from '../monitor/price-feed.ts';
import type { EngineConfig } from './engine-config.ts';
import type { EngineDeps } from './engine-deps.ts';
import { notifyCopytrade } from './engine-notify.ts';

export interface ExitContext {
  readonly quote: PriceQuote;
  readonly solPriceUsd: string;
  /** The source's sell signal for a mirror exit (paper-vs-live per signal). */
  readonly signalSignature: string | null;
  readonly nowMs: number;
}

export interface ExitOutcome {
  readonly position: CopyPosition;
  readonly version: number;
  readonly kind: 'filled' | 'abandoned' | 'queued';
  readonly closed: boolean;
}

/** The fill row of the latest exit fill of `p` (after EXIT_FILLED). */
export function lastExitFillRow(p: CopyPosition, source: 'paper' | 'live', signal: string | null): FillRow {
  const last = p.exitFills[p.exitFills.length - 1]!;
  return {
    seq: p.exitFills.length,
    source,
    signalSignature: signal,
    reason: last.reason,
    fill: last.fill,
    realizedPnlUsd: last.realizedPnlUsd,
  };
}

/**
 * Applies `prior` (price events) then starts `decision`; saves everything in one transaction. Throws the
 * store's version conflict when another writer moved the position meanwhile (nothing is written then).
 */
export async function startExit(
  deps: EngineDeps,
  cfg: EngineConfig,
  stored: StoredPosition,
  prior: readonly PositionEvent[],
  decision: ExitDecision,
  ctx: ExitContext,
): Promise<ExitOutcome> {
  let p = prior.reduce(applyPositionEvent, stored.position);
  const events: PositionEvent[] = [...prior];
  const startedEvent: PositionEvent = { type: 'EXIT_STARTED', decision, atMs: ctx.nowMs };
  p = applyPositionEvent(p, startedEvent);
  events.push(startedEvent);
  const lastPrice = { priceUsd: ctx.quote.priceUsd, at: new Date(ctx.nowMs) };
  if (p.mode === 'live') {
    const n = stored.position.exitFills.length + 1;
    const orderId = `exit:${p.id}:${n}:${decision.atMs}`;
    return deps.database.transaction(async (tx) => {
      const version = await savePosition(tx, stored.version, p, events, [], lastPrice);
      await insertOrder(tx, {
        id: orderId,
        positionId: p.id,
        wallet: p.wallet,
        mint: p.mint,
        kind: decision.reason,
        priority: swapPriority(decision.reason),
        mode: 'live',
        status: 'queued',
        qtyRaw: decision.qtyRaw,
        decision: { ...decision, signalSignature: ctx.signalSignature },
        notBefore: new Date(ctx.nowMs),
        createdAt: new Date(ctx.nowMs),
      });
      await notifyCopytrade(tx, {
        type: 'position',
        positionId: p.id,
        status: p.status,
        reason: decision.reason,
      });
      return { position: p, version, kind: 'queued' as const, closed: false };
    });
  }
  const paper = paperFill(paperFillConfigOf(cfg.system), {
    side: 'sell',
    qtyRaw: decision.qtyRaw,
    decimals: p.decimals,
    quotePriceUsd: ctx.quote.priceUsd,
    solPriceUsd: ctx.solPriceUsd,
    liquidityUsd: ctx.quote.liquidityUsd,
    atMs: ctx.nowMs,
  });
  const fills: FillRow[] = [];
  let kind: ExitOutcome['kind'];
  if (paper.ok) {
    const filled: PositionEvent = { type: 'EXIT_FILLED', fill: paper.fill, atMs: ctx.nowMs };
    p = applyPositionEvent(p, filled);
    events.push(filled);
    fills.push(lastExitFillRow(p, 'paper', ctx.signalSignature));
    kind = 'filled';
  } else {
    const why = `paper sell not filled: ${paper.reason}${paper.slippageBps === null ? '' : ` (${paper.slippageBps} bps)`}`;
    const abandoned: PositionEvent = { type: 'EXIT_ABANDONED', reason: why, atMs: ctx.nowMs };
    p = applyPositionEvent(p, abandoned);
    events.push(abandoned);
    kind = 'abandoned';
  }
  const final = p;
  const version = await deps.database.transaction(async (tx) => {
    const v = await savePosition(tx, stored.version, final, events, fills, lastPrice);
    await notifyCopytrade(tx, {
      type: 'position',
      positionId: final.id,
      status: final.status,
      reason: decision.reason,
    });
    return v;
  });
  return { position: final, version, kind, closed: final.status === 'closed' };
}
