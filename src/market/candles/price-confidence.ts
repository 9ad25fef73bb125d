import type { PriceResolution } from '../../store/schema/token-tables.ts';

/**
 * Confidence rule. A candle that covers the time asked gets its tier's base: 1m 0.95, 5m 0.9, 1h 0.8 — a
 * coarser bucket says less about any instant inside it. When no candle covers `t`, `at` falls back to the
 * newest candle that closed before `t`, at most `maxStaleMs` earlier, and its confidence falls linearly with
 * the gap from the tier base down to half of it at `maxStaleMs`. Beyond that there is no price (null).
 */
export const TIER_CONFIDENCE: Readonly<Record<PriceResolution, number>> = {
  '1m': 0.95,
  '5m': 0.9,
  '1h': 0.8,
};
export const DEFAULT_MAX_STALE_MS = 6 * 3_600_000;

export function confidenceOf(resolution: PriceResolution, staleMs: number, maxStaleMs: number): number {
  const base = TIER_CONFIDENCE[resolution];
  if (staleMs <= 0) return base;
  // Rounded to 4 places so the value is the same byte string on every run and platform.
  return Math.round(base * (1 - staleMs / (2 * maxStaleMs)) * 10_000) / 10_000;
}
