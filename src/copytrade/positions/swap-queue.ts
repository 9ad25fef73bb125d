/**
 * The outgoing swap queue of live trading, pure: a value in, a value out, `now` injected. Priority (SPEC §4):
 * mirror-exit > stop-loss / trailing stop / take-profit > entries > scaling-out; FIFO within a priority. Exits
 * that protect capital go before new risk, and the ladder (taking profit on a position already up) can wait.
 * Spacing: at least `spacingMs` between two sends, so bursts of signals do not hit the RPC and the aggregator's
 * rate limits together or land in the same slot as our own previous swap.
 */
import type { ExitReason } from '../strategy/exit-decision.ts';
import { PositionError } from './position-error.ts';

export type SwapKind = ExitReason | 'ENTRY';

/** 0 = sent first. */
export function swapPriority(kind: SwapKind): 0 | 1 | 2 | 3 {
  switch (kind) {
    case 'MIRROR_EXIT':
      return 0;
    case 'STOP_LOSS':
    case 'TRAILING_STOP':
    case 'TAKE_PROFIT':
      return 1;
    case 'ENTRY':
      return 2;
    case 'SCALE_OUT':
      return 3;
  }
}

export interface SwapRequest<T> {
  /** Unique in the queue (e.g. the position id and the decision time). */
  readonly id: string;
  readonly kind: SwapKind;
  readonly payload: T;
}

export interface QueuedSwap<T> extends SwapRequest<T> {
  /** Enqueue order: breaks ties within a priority (FIFO). */
  readonly seq: number;
  readonly enqueuedAtMs: number;
}

export interface SwapQueue<T> {
  readonly spacingMs: number;
  readonly items: readonly QueuedSwap<T>[];
  readonly nextSeq: number;
  /** When the last swap went out; null before the first. */
  readonly lastSentAtMs: number | null;
}

export interface NextSend<T> {
  readonly item: QueuedSwap<T>;
  /** Earliest time it may go: `max(now, lastSent + spacing)`. */
  readonly sendAtMs: number;
}

export function emptySwapQueue<T>(spacingMs: number): SwapQueue<T> {
  if (!Number.isSafeInteger(spacingMs) || spacingMs < 0) {
    throw new PositionError('POSITION_INPUT_INVALID', `spacingMs must be an integer ≥ 0, got ${spacingMs}`);
  }
  return { spacingMs, items: [], nextSeq: 0, lastSentAtMs: null };
}

export function enqueueSwap<T>(q: SwapQueue<T>, request: SwapRequest<T>, atMs: number): SwapQueue<T> {
  if (q.items.some((i) => i.id === request.id)) {
    throw new PositionError('SWAP_QUEUE_CONFLICT', `swap ${request.id} is already queued`, {
      id: request.id,
    });
  }
  const item: QueuedSwap<T> = { ...request, seq: q.nextSeq, enqueuedAtMs: atMs };
  return { ...q, items: [...q.items, item], nextSeq: q.nextSeq + 1 };
}

function before<T>(a: QueuedSwap<T>, b: QueuedSwap<T>): boolean {
  const pa = swapPriority(a.kind);
  const pb = swapPriority(b.kind);
  return pa < pb || (pa === pb && a.seq < b.seq);
}

/** The swap to send next and when it may go, or null when the queue is empty. */
export function nextSend<T>(q: SwapQueue<T>, nowMs: number): NextSend<T> | null {
  let best: QueuedSwap<T> | null = null;
  for (const i of q.items) if (best === null || before(i, best)) best = i;
  if (best === null) return null;
  const earliest = q.lastSentAtMs === null ? nowMs : q.lastSentAtMs + q.spacingMs;
  return { item: best, sendAtMs: Math.max(nowMs, earliest) };
}

/** Removes a sent swap and starts the spacing from `sentAtMs`; a send before the spacing allows is a bug. */
export function markSent<T>(q: SwapQueue<T>, id: string, sentAtMs: number): SwapQueue<T> {
  if (!q.items.some((i) => i.id === id)) {
    throw new PositionError('SWAP_QUEUE_CONFLICT', `swap ${id} is not queued`, { id });
  }
  if (q.lastSentAtMs !== null && sentAtMs < q.lastSentAtMs + q.spacingMs) {
    throw new PositionError('SWAP_QUEUE_CONFLICT', `swap ${id} sent before the spacing allows`, {
      id,
      sentAtMs,
      earliestMs: q.lastSentAtMs + q.spacingMs,
    });
  }
  return { ...q, items: q.items.filter((i) => i.id !== id), lastSentAtMs: sentAtMs };
}

/** Drops a queued swap that is no longer wanted (its position closed by another exit, the entry expired). */
export function cancelSwap<T>(q: SwapQueue<T>, id: string): SwapQueue<T> {
  return { ...q, items: q.items.filter((i) => i.id !== id) };
}
