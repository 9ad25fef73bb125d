/**
 * Adaptive polling of the price monitor (SPEC §4), pure: how soon to look at a mint again, from how close its
 * price is to the nearest level at which one of its positions would act — stop-loss, trailing stop (or the
 * price that arms it), take-profit, the next ladder level. Near a level (within `urgencyBand` of the price) the
 * mint is polled at the urgent interval; within four bands at the base interval; further away at the slow one.
 * Exact: levels and distances on the 10^18 grid, no floats.
 */
import type { StrategyPosition } from '../strategy/strategy-position.ts';
import { stopLossPriceFixed } from '../strategy/stop-loss.ts';
import { trailingStopLevelFixed } from '../strategy/trailing-stop.ts';
import { ONE, parseFixed } from '../strategy/fixed-point.ts';

export interface PollIntervals {
  readonly urgentIntervalMs: number;
  readonly baseIntervalMs: number;
  readonly slowIntervalMs: number;
  /** Fraction of the price, decimal string (0.05 = 5 %). */
  readonly urgencyBand: string;
}

export type Urgency = 'urgent' | 'base' | 'slow';

/** Every price level at which the position's rules act or change state, on the grid. */
export function triggerLevels(p: StrategyPosition): bigint[] {
  const entry = parseFixed(p.entryPriceUsd);
  const levels: bigint[] = [];
  const stop = stopLossPriceFixed(p);
  if (stop !== null) levels.push(stop);
  const s = p.strategy;
  if (s.trailingStop !== null) {
    const trailing = trailingStopLevelFixed(p);
    // Armed: its level; not yet: the price that arms it.
    levels.push(trailing ?? (entry * (ONE + parseFixed(s.trailingStop.activationGain))) / ONE);
  }
  if (s.takeProfit !== null) levels.push((entry * parseFixed(s.takeProfit.multiple)) / ONE);
  s.scalingOut.forEach((level, i) => {
    if (!p.ladderLevelsHit.includes(i)) levels.push((entry * parseFixed(level.multiple)) / ONE);
  });
  return levels.filter((l) => l > 0n);
}

/** Smallest |price − level| / price over the levels, on the grid; null without levels. */
export function nearestTriggerDistance(p: StrategyPosition, priceUsd: string): bigint | null {
  const price = parseFixed(priceUsd);
  if (price <= 0n) return 0n;
  let best: bigint | null = null;
  for (const level of triggerLevels(p)) {
    const gap = level > price ? level - price : price - level;
    const d = (gap * ONE) / price;
    if (best === null || d < best) best = d;
  }
  return best;
}

export function urgencyOf(
  positions: readonly StrategyPosition[],
  priceUsd: string,
  intervals: PollIntervals,
): Urgency {
  const band = parseFixed(intervals.urgencyBand);
  let urgency: Urgency = 'slow';
  for (const p of positions) {
    const d = nearestTriggerDistance(p, priceUsd);
    if (d === null) continue;
    if (d <= band) return 'urgent';
    if (d <= 4n * band) urgency = 'base';
  }
  return urgency;
}

/** When to poll the mint again after a price at `nowMs`. */
export function nextPollAtMs(
  positions: readonly StrategyPosition[],
  priceUsd: string,
  nowMs: number,
  intervals: PollIntervals,
): { readonly atMs: number; readonly urgency: Urgency } {
  const urgency = urgencyOf(positions, priceUsd, intervals);
  const interval =
    urgency === 'urgent'
      ? intervals.urgentIntervalMs
      : urgency === 'base'
        ? intervals.baseIntervalMs
        : intervals.slowIntervalMs;
  return { atMs: nowMs + interval, urgency };
}
