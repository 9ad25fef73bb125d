/**
 * Mirror-exit: the wallet we copy sold the token. `proportional` sells the same share of what we hold as the
 * share of its holding it sold; `all` closes the copy on any sell; `off` ignores source sells.
 */
import type { MirrorExitDecision } from './exit-decision.ts';
import { ONE, formatFixed, parseFixed, ratioFixed } from './fixed-point.ts';
import type { StrategyPosition } from './strategy-position.ts';

/** A sell of the source wallet, in the token's base units, from the signal that reported it. */
export interface SourceSell {
  readonly soldRaw: bigint;
  /** What the source wallet held just before this sell. */
  readonly heldBeforeRaw: bigint;
}

export function evaluateMirrorExit(
  p: StrategyPosition,
  sell: SourceSell | null,
  priceUsd: string,
  atMs: number,
): MirrorExitDecision | null {
  const mode = p.strategy.mirrorExit;
  if (mode === 'off' || sell === null || sell.soldRaw <= 0n || p.remainingQtyRaw <= 0n) return null;
  // Selling at least what it held (or from a balance we never saw) is a full exit of the source.
  const whole = sell.heldBeforeRaw <= sell.soldRaw;
  const fraction = whole ? ONE : ratioFixed(sell.soldRaw, sell.heldBeforeRaw);
  const qtyRaw =
    mode === 'all' || whole ? p.remainingQtyRaw : (p.remainingQtyRaw * sell.soldRaw) / sell.heldBeforeRaw;
  // A sell too small to move one of our base units leaves us as we are.
  if (qtyRaw <= 0n) return null;
  return {
    reason: 'MIRROR_EXIT',
    mode,
    qtyRaw,
    priceUsd: formatFixed(parseFixed(priceUsd)),
    atMs,
    sourceSoldFraction: formatFixed(fraction),
  };
}
