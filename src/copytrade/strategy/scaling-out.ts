/**
 * Scaling-out ladder: each level sells `floor(fraction × ORIGINAL size)` once, when the price reaches
 * `entry × multiple`, never more than what is left. Fractions are of the original size so the ladder means the
 * same whatever mirror exits did before; the cap keeps the sum of exits within the original.
 */
import type { LadderFill, ScaleOutDecision } from './exit-decision.ts';
import { ONE, formatFixed, mulFixedFloor, parseFixed } from './fixed-point.ts';
import type { StrategyPosition } from './strategy-position.ts';

/** Base units a level sells on a full position: `floor(original × fraction)`. */
export function ladderLevelQtyRaw(originalQtyRaw: bigint, fraction: string): bigint {
  return mulFixedFloor(originalQtyRaw, parseFixed(fraction));
}

/**
 * Every level reached and not yet sold, in ladder order, as one decision. A level whose quantity rounds to zero
 * (tiny position) or finds nothing left is not part of the decision and stays unsold: it has nothing to sell.
 */
export function evaluateScalingOut(
  p: StrategyPosition,
  priceUsd: string,
  atMs: number,
): ScaleOutDecision | null {
  const price = parseFixed(priceUsd);
  const entry = parseFixed(p.entryPriceUsd);
  const sold = new Set(p.ladderLevelsHit);
  const fills: LadderFill[] = [];
  let left = p.remainingQtyRaw;
  p.strategy.scalingOut.forEach((level, i) => {
    const multiple = parseFixed(level.multiple);
    if (sold.has(i) || price * ONE < entry * multiple) return;
    const want = ladderLevelQtyRaw(p.originalQtyRaw, level.fraction);
    const qtyRaw = want < left ? want : left;
    if (qtyRaw <= 0n) return;
    left -= qtyRaw;
    const target = (entry * multiple + ONE - 1n) / ONE;
    fills.push({ level: i, multiple: level.multiple, targetPriceUsd: formatFixed(target), qtyRaw });
  });
  if (fills.length === 0) return null;
  return {
    reason: 'SCALE_OUT',
    qtyRaw: p.remainingQtyRaw - left,
    priceUsd: formatFixed(price),
    atMs,
    fills,
  };
}
