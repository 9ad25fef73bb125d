/**
 * One evaluation of a position at a price and a time: every rule is asked, and the single most urgent decision
 * is returned (EXIT_PRIORITY). One decision per evaluation keeps the executor simple — one sell order in flight
 * per position — and the next evaluation, on the updated position, picks up whatever still applies (a full exit
 * leaves nothing for the ladder; a mirror exit may be followed by a stop at the next tick).
 */
import { exitRank, type ExitDecision } from './exit-decision.ts';
import { evaluateMirrorExit, type SourceSell } from './mirror-exit.ts';
import { evaluateScalingOut } from './scaling-out.ts';
import { evaluateStopLoss } from './stop-loss.ts';
import { assertPosition, type StrategyPosition } from './strategy-position.ts';
import { StrategyError } from './strategy-error.ts';
import { evaluateTakeProfit } from './take-profit.ts';
import { evaluateTrailingStop } from './trailing-stop.ts';
import { isDecimal, parseFixed } from './fixed-point.ts';

/** Every rule that fires, most urgent first (for the audit log); the first one is what `evaluateExits` returns. */
export function exitCandidates(
  p: StrategyPosition,
  priceUsd: string,
  atMs: number,
  sourceSell: SourceSell | null = null,
): ExitDecision[] {
  assertPosition(p);
  if (!isDecimal(priceUsd) || parseFixed(priceUsd) <= 0n) {
    throw new StrategyError(
      'POSITION_INVALID',
      `price must be a positive decimal string, got ${JSON.stringify(priceUsd)}`,
    );
  }
  const all = [
    evaluateMirrorExit(p, sourceSell, priceUsd, atMs),
    evaluateStopLoss(p, priceUsd, atMs),
    evaluateTrailingStop(p, priceUsd, atMs),
    evaluateTakeProfit(p, priceUsd, atMs),
    evaluateScalingOut(p, priceUsd, atMs),
  ];
  return all
    .filter((d): d is ExitDecision => d !== null)
    .sort((a, b) => exitRank(a.reason) - exitRank(b.reason));
}

/** The decision of this evaluation, or null to hold. */
export function evaluateExits(
  p: StrategyPosition,
  priceUsd: string,
  atMs: number,
  sourceSell: SourceSell | null = null,
): ExitDecision | null {
  return exitCandidates(p, priceUsd, atMs, sourceSell)[0] ?? null;
}
