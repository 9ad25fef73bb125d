/** Stop-loss: everything goes when the price falls to `entry × (1 − lossFraction)` or below. */
import type { StopLossDecision } from './exit-decision.ts';
import { ONE, formatFixed, mulFixedFloor, parseFixed } from './fixed-point.ts';
import type { StrategyPosition } from './strategy-position.ts';

/**
 * The stop price on the 18-digit grid, rounded down: prices live on the same grid, so `price ≤ floor(x)` holds
 * exactly when `price ≤ x` — the rounding never moves a trigger. Null when the rule is off.
 */
export function stopLossPriceFixed(p: StrategyPosition): bigint | null {
  const rule = p.strategy.stopLoss;
  if (!rule) return null;
  return mulFixedFloor(parseFixed(p.entryPriceUsd), ONE - parseFixed(rule.lossFraction));
}

export function evaluateStopLoss(
  p: StrategyPosition,
  priceUsd: string,
  atMs: number,
): StopLossDecision | null {
  const stop = stopLossPriceFixed(p);
  if (stop === null || p.remainingQtyRaw <= 0n) return null;
  const price = parseFixed(priceUsd);
  if (price > stop) return null;
  return {
    reason: 'STOP_LOSS',
    qtyRaw: p.remainingQtyRaw,
    priceUsd: formatFixed(price),
    atMs,
    stopPriceUsd: formatFixed(stop),
  };
}
