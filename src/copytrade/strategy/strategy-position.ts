/**
 * The part of a copy-trading position the exit rules read, and its pure updates: the peak follows prices
 * (`trackPeak`), an executed decision reduces what is left and marks ladder levels (`applyExit`).
 */
import type { ExitStrategy } from './exit-strategy.ts';
import type { ExitDecision } from './exit-decision.ts';
import { formatFixed, isDecimal, parseFixed } from './fixed-point.ts';
import { StrategyError } from './strategy-error.ts';

export interface StrategyPosition {
  /** Average entry price, USD per whole token, decimal string. */
  readonly entryPriceUsd: string;
  /** Size bought, base units. */
  readonly originalQtyRaw: bigint;
  /** Size still held, base units: 0 ≤ remaining ≤ original. */
  readonly remainingQtyRaw: bigint;
  /** Highest price seen since entry (starts at the entry price), USD per whole token. */
  readonly peakPriceUsd: string;
  /** Indices of `strategy.scalingOut` already sold, ascending; each level sells at most once. */
  readonly ladderLevelsHit: readonly number[];
  /** The template merged with this position's overrides (merge-strategy.ts). */
  readonly strategy: ExitStrategy;
}

function positivePrice(s: string, what: string): bigint {
  if (!isDecimal(s) || parseFixed(s) <= 0n) {
    throw new StrategyError(
      'POSITION_INVALID',
      `${what} must be a positive decimal string, got ${JSON.stringify(s)}`,
    );
  }
  return parseFixed(s);
}

/** A fresh position: everything held, peak at entry, no ladder level sold. */
export function openPosition(
  entryPriceUsd: string,
  qtyRaw: bigint,
  strategy: ExitStrategy,
): StrategyPosition {
  const entry = positivePrice(entryPriceUsd, 'entry price');
  if (qtyRaw <= 0n) throw new StrategyError('POSITION_INVALID', `size must be > 0, got ${qtyRaw}`);
  const canonical = formatFixed(entry);
  return {
    entryPriceUsd: canonical,
    originalQtyRaw: qtyRaw,
    remainingQtyRaw: qtyRaw,
    peakPriceUsd: canonical,
    ladderLevelsHit: [],
    strategy,
  };
}

/** Checks a position read back from storage; the evaluators rely on it. */
export function assertPosition(p: StrategyPosition): void {
  positivePrice(p.entryPriceUsd, 'entry price');
  positivePrice(p.peakPriceUsd, 'peak price');
  if (p.originalQtyRaw <= 0n || p.remainingQtyRaw < 0n || p.remainingQtyRaw > p.originalQtyRaw) {
    throw new StrategyError(
      'POSITION_INVALID',
      `sizes out of range: original ${p.originalQtyRaw}, remaining ${p.remainingQtyRaw}`,
    );
  }
  const levels = p.strategy.scalingOut.length;
  if (
    p.ladderLevelsHit.some(
      (l, i) => !Number.isInteger(l) || l < 0 || l >= levels || (i > 0 && l <= p.ladderLevelsHit[i - 1]!),
    )
  ) {
    throw new StrategyError(
      'POSITION_INVALID',
      `ladder levels hit must be distinct ascending indices < ${levels}`,
    );
  }
}

/** The position with `peak = max(peak, price)`; the same object when the price is not a new high. */
export function trackPeak(p: StrategyPosition, priceUsd: string): StrategyPosition {
  const price = positivePrice(priceUsd, 'price');
  return price > parseFixed(p.peakPriceUsd) ? { ...p, peakPriceUsd: formatFixed(price) } : p;
}

/**
 * The position after the decision was executed in full. A partial fill is applied as a decision with the filled
 * quantity (a scale-out fill keeps its levels: they are sold, whatever the fill). Throws on a decision that does
 * not fit: more than what is left, or a ladder level sold twice.
 */
export function applyExit(p: StrategyPosition, decision: ExitDecision): StrategyPosition {
  if (decision.qtyRaw <= 0n || decision.qtyRaw > p.remainingQtyRaw) {
    throw new StrategyError(
      'EXIT_NOT_APPLICABLE',
      `exit of ${decision.qtyRaw} does not fit the ${p.remainingQtyRaw} left`,
    );
  }
  let levels = p.ladderLevelsHit;
  if (decision.reason === 'SCALE_OUT') {
    const sold = new Set(levels);
    for (const f of decision.fills) {
      if (sold.has(f.level))
        throw new StrategyError('EXIT_NOT_APPLICABLE', `ladder level ${f.level} already sold`);
      sold.add(f.level);
    }
    levels = [...sold].sort((a, b) => a - b);
  }
  return { ...p, remainingQtyRaw: p.remainingQtyRaw - decision.qtyRaw, ladderLevelsHit: levels };
}
