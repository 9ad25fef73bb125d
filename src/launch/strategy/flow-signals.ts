import { toScaled } from '../../domain/decimal.ts';
import type { EntryReason } from './reason-codes.ts';
import type { FlowStrategyConfig } from './strategy-config.ts';

const MINUTE_MS = 60_000n;

/** The part of a FeatureBucket the signals read. */
export interface BucketFacts {
  readonly minuteStartMs: bigint;
  readonly netInflow: bigint;
  readonly uniqueBuyers: number;
  readonly uniqueSigners: number;
  readonly top5WhaleShare: string;
}

/** The implied price at the end of a minute (lamports per base unit × 10^18). */
export interface MinuteClose {
  readonly minuteStartMs: bigint;
  readonly price: bigint;
}

const EMPTY = (minuteStartMs: bigint): BucketFacts => ({
  minuteStartMs,
  netInflow: 0n,
  uniqueBuyers: 0,
  uniqueSigners: 0,
  top5WhaleShare: '0',
});

/** The bucket of a minute; a minute without trades has no bucket and counts as zero flow. */
export function bucketAt(buckets: readonly BucketFacts[], minuteStartMs: bigint): BucketFacts {
  return buckets.find((b) => b.minuteStartMs === minuteStartMs) ?? EMPTY(minuteStartMs);
}

/** The last close at or before the minute (a minute without trades keeps the previous price). */
export function closeAt(closes: readonly MinuteClose[], minuteStartMs: bigint): bigint | null {
  let found: bigint | null = null;
  for (const c of closes) if (c.minuteStartMs <= minuteStartMs) found = c.price;
  return found;
}

export interface FlowSignals {
  readonly fired: ReadonlySet<EntryReason>;
  /** Price change over the minute, bps of the previous close (null without two closes). */
  readonly slopeBps: bigint | null;
}

/**
 * The entry signals of the minute `bucket` (just closed), against the minute before it. `migratedAtMs` is the
 * migration's time when the mint trades on an AMM.
 */
export function flowSignals(
  config: FlowStrategyConfig,
  bucket: BucketFacts,
  buckets: readonly BucketFacts[],
  closes: readonly MinuteClose[],
  migratedAtMs: bigint | null,
): FlowSignals {
  const fired = new Set<EntryReason>();
  const minute = bucket.minuteStartMs;
  const prev = bucketAt(buckets, minute - MINUTE_MS);
  if (
    bucket.netInflow >= config.minNetInflowLamports &&
    bucket.netInflow - prev.netInflow >= config.minInflowAccelLamports
  ) {
    fired.add('NET_INFLOW_ACCEL');
  }
  if (
    bucket.uniqueBuyers >= config.minUniqueBuyers &&
    bucket.uniqueBuyers * 100 >= prev.uniqueBuyers * (100 + config.buyerGrowthPct)
  ) {
    fired.add('BUYER_GROWTH');
  }
  const c2 = closeAt(closes, minute);
  const c1 = closeAt(closes, minute - MINUTE_MS);
  const c0 = closeAt(closes, minute - 2n * MINUTE_MS);
  let slopeBps: bigint | null = null;
  if (c2 !== null && c1 !== null && c1 > 0n) {
    slopeBps = ((c2 - c1) * 10_000n) / c1;
    if (slopeBps >= BigInt(config.minPriceSlopeBps)) fired.add('PRICE_SLOPE_UP');
    // Curvature: the last minute's change above the change of the minute before (both in price units).
    if (c0 !== null && c2 > c1 && c2 - c1 > c1 - c0) fired.add('PRICE_CONVEX');
  }
  if (migratedAtMs !== null && minute + MINUTE_MS - migratedAtMs <= BigInt(config.regimeWindowMs)) {
    let positive = 0;
    for (let m = minute; positive < config.regimeMinPositiveMinutes; m -= MINUTE_MS) {
      // Only minutes after the migration count.
      if (m + MINUTE_MS <= migratedAtMs || bucketAt(buckets, m).netInflow <= 0n) break;
      positive += 1;
    }
    if (config.regimeMinPositiveMinutes > 0 && positive >= config.regimeMinPositiveMinutes) {
      fired.add('POST_MIGRATION_REGIME');
    }
  }
  return { fired, slopeBps };
}

/** True when the minute's net outflow, or a run of negative minutes, says the flow has turned. */
export function flowReversed(
  config: FlowStrategyConfig,
  bucket: BucketFacts,
  buckets: readonly BucketFacts[],
): boolean {
  if (bucket.netInflow <= -config.reversalLamports) return true;
  if (config.reversalMinutes === 0) return false;
  for (let i = 0, m = bucket.minuteStartMs; i < config.reversalMinutes; i++, m -= MINUTE_MS) {
    if (bucketAt(buckets, m).netInflow >= 0n) return false;
  }
  return true;
}

/**
 * The five largest signers' share of the minute's volume is within the limit (exact decimal comparison). With
 * five signers or fewer the share is 1 by construction, so the filter only speaks once a crowd trades.
 */
export function whaleShareOk(config: FlowStrategyConfig, bucket: BucketFacts): boolean {
  if (bucket.uniqueSigners <= 5) return true;
  return toScaled(bucket.top5WhaleShare, 18) <= toScaled(config.maxTop5WhaleShare, 18);
}
