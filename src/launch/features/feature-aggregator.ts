import type { FeatureBucket, TradeVenue } from '../events/launch-event.ts';
import { computeFeatureBucket, minuteStartOf, MINUTE_MS, type FeatureTrade } from './feature-bucket.ts';

export interface AggregatedTrade extends FeatureTrade {
  readonly mint: string;
  readonly venue: TradeVenue;
  readonly tEventMs: bigint;
}

export interface FeatureAggregatorOptions {
  /** A minute is emitted once the watermark (newest block time seen) is this far past its end. */
  readonly graceMs?: bigint;
  /** Emitted minutes stay in memory this long after their end, so late trades fold in without a read. */
  readonly retainMs?: bigint;
}

export interface AddResult {
  /** Buckets emitted by this call: minutes the watermark closed, and the new revision of a late trade's minute. */
  readonly buckets: FeatureBucket[];
  /**
   * A late trade whose minute was emitted and already dropped from memory: the caller folds it in from the
   * store (`refold` with every stored trade of that minute and its last revision).
   */
  readonly evicted: {
    readonly mint: string;
    readonly venue: TradeVenue;
    readonly minuteStartMs: bigint;
  } | null;
}

interface Bucket {
  readonly mint: string;
  readonly venue: TradeVenue;
  readonly minuteStartMs: bigint;
  readonly trades: FeatureTrade[];
  revision: number | null;
}

const keyOf = (mint: string, venue: string, minute: bigint) => `${mint}|${venue}|${minute}`;

const byBucketOrder = (a: FeatureBucket, b: FeatureBucket): number => {
  const [ma, mb] = [BigInt(a.minuteStartMs), BigInt(b.minuteStartMs)];
  if (ma !== mb) return ma < mb ? -1 : 1;
  if (a.mint !== b.mint) return a.mint < b.mint ? -1 : 1;
  return a.venue < b.venue ? -1 : a.venue > b.venue ? 1 : 0;
};

/**
 * Streaming per-minute features (SPEC §5). Trades arrive in any order; a minute is emitted (revision 0) when the
 * watermark passes its end plus the grace; a trade that arrives for an emitted minute re-emits it at once with
 * revision + 1. Pure and deterministic: the same calls give the same buckets; time is the block times given.
 */
export class FeatureAggregator {
  private readonly open = new Map<string, Bucket>();
  private readonly closed = new Map<string, Bucket>();
  private watermark = -1n;
  /** Minutes starting at or before these are emitted / dropped; scans run only when they move (per minute). */
  private closedThrough: bigint | null = null;
  private droppedThrough: bigint | null = null;
  /** A minute opened after it was due (a late trade of a minute not seen before): close it at the next move. */
  private lateOpen = false;
  private readonly graceMs: bigint;
  private readonly retainMs: bigint;

  constructor(options: FeatureAggregatorOptions = {}) {
    this.graceMs = options.graceMs ?? 5_000n;
    this.retainMs = options.retainMs ?? 30n * MINUTE_MS;
  }

  add(trade: AggregatedTrade): AddResult {
    const minute = minuteStartOf(trade.tEventMs);
    const key = keyOf(trade.mint, trade.venue, minute);
    const item: FeatureTrade = { signer: trade.signer, side: trade.side, solAmount: trade.solAmount };
    const done = this.closed.get(key);
    let late: FeatureBucket | null = null;
    let evicted: AddResult['evicted'] = null;
    if (done !== undefined) {
      done.trades.push(item);
      done.revision = (done.revision ?? -1) + 1;
      late = computeFeatureBucket(done.mint, done.venue, done.minuteStartMs, done.trades, done.revision);
    } else if (minute + MINUTE_MS + this.graceMs + this.retainMs <= this.watermark) {
      evicted = { mint: trade.mint, venue: trade.venue, minuteStartMs: minute };
    } else {
      const bucket = this.open.get(key) ?? {
        mint: trade.mint,
        venue: trade.venue,
        minuteStartMs: minute,
        trades: [],
        revision: null,
      };
      bucket.trades.push(item);
      this.open.set(key, bucket);
      if (this.closedThrough !== null && minute <= this.closedThrough) this.lateOpen = true;
    }
    const buckets = this.advance(trade.tEventMs);
    if (late !== null) buckets.unshift(late);
    return { buckets, evicted };
  }

  /** Moves the watermark (e.g. on a trade-less block time) and emits the minutes it closes, oldest first. */
  advance(tEventMs: bigint): FeatureBucket[] {
    if (tEventMs <= this.watermark) return [];
    this.watermark = tEventMs;
    const out: FeatureBucket[] = [];
    // A minute is due once minuteStart + 1 min + grace <= watermark, i.e. minuteStart <= closeThrough.
    const closeThrough = minuteStartOf(this.watermark - MINUTE_MS - this.graceMs);
    if (this.closedThrough === null || closeThrough > this.closedThrough || this.lateOpen) {
      this.closedThrough = closeThrough;
      this.lateOpen = false;
      for (const [key, b] of this.open) {
        if (b.minuteStartMs > closeThrough) continue;
        this.open.delete(key);
        b.revision = 0;
        this.closed.set(key, b);
        out.push(computeFeatureBucket(b.mint, b.venue, b.minuteStartMs, b.trades, 0));
      }
    }
    const dropThrough = minuteStartOf(this.watermark - MINUTE_MS - this.graceMs - this.retainMs);
    if (this.droppedThrough === null || dropThrough > this.droppedThrough) {
      this.droppedThrough = dropThrough;
      for (const [key, b] of this.closed) if (b.minuteStartMs <= dropThrough) this.closed.delete(key);
    }
    return out.sort(byBucketOrder);
  }

  /** Emits every open minute (end of a replay or shutdown), oldest first. */
  flush(): FeatureBucket[] {
    const out: FeatureBucket[] = [];
    for (const [key, b] of this.open) {
      this.open.delete(key);
      b.revision = 0;
      this.closed.set(key, b);
      out.push(computeFeatureBucket(b.mint, b.venue, b.minuteStartMs, b.trades, 0));
    }
    return out.sort(byBucketOrder);
  }

  /** A late trade's evicted minute, recomputed from all its stored trades (including the late one). */
  refold(
    mint: string,
    venue: TradeVenue,
    minuteStartMs: bigint,
    storedTrades: readonly FeatureTrade[],
    lastRevision: number,
  ): FeatureBucket {
    return computeFeatureBucket(mint, venue, minuteStartMs, storedTrades, lastRevision + 1);
  }

  /** Minutes held in memory (open and recently emitted), for metrics. */
  get size(): number {
    return this.open.size + this.closed.size;
  }
}
