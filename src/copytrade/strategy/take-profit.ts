/** Take-profit: everything goes when the price reaches `entry × multiple`. */
import type { TakeProfitDecision } from './exit-decision.ts';
import { ONE, formatFixed, parseFixed } from './fixed-point.ts';
import type { StrategyPosition } from './strategy-position.ts';

export function evaluateTakeProfit(
  p: StrategyPosition,
  priceUsd: string,
  atMs: number,
): TakeProfitDecision | null {
  const rule = p.strategy.takeProfit;
  if (!rule || p.remainingQtyRaw <= 0n) return null;
  const price = parseFixed(priceUsd);
  const entry = parseFixed(p.entryPriceUsd);
  const multiple = parseFixed(rule.multiple);
  // Exact: price ≥ entry × multiple, compared on products (no rounding of the target).
  if (price * ONE < entry * multiple) return null;
  return {
    reason: 'TAKE_PROFIT',
    qtyRaw: p.remainingQtyRaw,
    priceUsd: formatFixed(price),
    atMs,
    // Reported rounded up so that `priceUsd ≥ targetPriceUsd` holds on the strings too.
    targetPriceUsd: formatFixed((entry * multiple + ONE - 1n) / ONE),
  };
}
