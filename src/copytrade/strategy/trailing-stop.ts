/**
 * Trailing stop with an activation threshold: it arms once the peak reaches `entry × (1 + activationGain)`, and
 * from then on sits at `peak × (1 − trailFraction)`. The peak only rises, so the level never loosens; once armed
 * it stays armed.
 */
import type { TrailingStopDecision } from './exit-decision.ts';
import { ONE, formatFixed, mulFixedFloor, parseFixed } from './fixed-point.ts';
import type { StrategyPosition } from './strategy-position.ts';

/** The peak including the price being evaluated (the monitor may not have called `trackPeak` yet). */
function peakWith(p: StrategyPosition, price: bigint | null): bigint {
  const peak = parseFixed(p.peakPriceUsd);
  return price !== null && price > peak ? price : peak;
}

/**
 * The trailing level (USD, 18-digit grid, rounded down) once armed, else null. Pass the current price to include
 * it in the peak. Arming compares exact products: `peak ≥ entry × (1 + activationGain)`.
 */
export function trailingStopLevelFixed(p: StrategyPosition, price: bigint | null = null): bigint | null {
  const rule = p.strategy.trailingStop;
  if (!rule) return null;
  const peak = peakWith(p, price);
  const armed = peak * ONE >= parseFixed(p.entryPriceUsd) * (ONE + parseFixed(rule.activationGain));
  return armed ? mulFixedFloor(peak, ONE - parseFixed(rule.trailFraction)) : null;
}

/** The trailing level as a decimal string, null while not armed (or the rule is off). */
export function trailingStopLevel(p: StrategyPosition, priceUsd?: string): string | null {
  const level = trailingStopLevelFixed(p, priceUsd === undefined ? null : parseFixed(priceUsd));
  return level === null ? null : formatFixed(level);
}

export function evaluateTrailingStop(
  p: StrategyPosition,
  priceUsd: string,
  atMs: number,
): TrailingStopDecision | null {
  if (p.remainingQtyRaw <= 0n) return null;
  const price = parseFixed(priceUsd);
  const level = trailingStopLevelFixed(p, price);
  if (level === null || price > level) return null;
  return {
    reason: 'TRAILING_STOP',
    qtyRaw: p.remainingQtyRaw,
    priceUsd: formatFixed(price),
    atMs,
    stopPriceUsd: formatFixed(level),
    peakPriceUsd: formatFixed(peakWith(p, price)),
  };
}
