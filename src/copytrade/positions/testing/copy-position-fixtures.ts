/**
 * Builders for the tests of this folder (never imported by production code): fills with given prices and fees,
 * safety results with chosen failing checks, breaker states with or without active breakers.
 */
import type { SafetyCheck, SafetyCheckName, SafetyResult } from '../../safety/safety-score.ts';
import { DEFAULT_BREAKER_SETTINGS } from '../../strategy/breaker-settings.ts';
import type { ClosedTrade } from '../../strategy/breaker-metrics.ts';
import { evaluateBreakers, type BreakerState } from '../../strategy/circuit-breakers.ts';
import type { Fill, FillSide } from '../fill.ts';

export function fill(
  side: FillSide,
  qtyRaw: bigint,
  priceUsd: string,
  notionalUsd: string,
  feesUsd: string,
  atMs: number,
): Fill {
  return {
    side,
    source: 'paper',
    qtyRaw,
    quotePriceUsd: priceUsd,
    priceUsd,
    notionalUsd,
    swapFeeUsd: feesUsd,
    networkFeeUsd: '0',
    feesUsd,
    slippageUsd: '0',
    atMs,
  };
}

const CHECKS: readonly SafetyCheckName[] = ['liquidity', 'holders', 'contract', 'age'];

export function safetyResult(mint: string, failing: readonly SafetyCheckName[] = []): SafetyResult {
  const checks: SafetyCheck[] = CHECKS.map((name) => ({
    name,
    passed: !failing.includes(name),
    weight: '0.25',
    value: null,
    threshold: '-',
    source: 'rugcheck',
    reason: failing.includes(name) ? `${name} failed` : `${name} passed`,
  }));
  const passed = CHECKS.length - failing.length;
  return {
    mint,
    score: String(passed * 0.25),
    tradable: passed >= 3,
    checks,
    computedAt: new Date(0),
    warnings: [],
  };
}

export const NOW_MS = 1_700_000_000_000;

/** The default breakers with no history: nothing active. */
export function quietBreakers(nowMs = NOW_MS): BreakerState {
  return evaluateBreakers([], DEFAULT_BREAKER_SETTINGS, { nowMs, equityBaseUsd: '10000' });
}

/** Breakers after `losses` losing closes of `wallet` in the last hour (3 trip the wallet's, 5 the book's). */
export function trippedBreakers(wallet: string, losses: number, nowMs = NOW_MS): BreakerState {
  const closed: ClosedTrade[] = Array.from({ length: losses }, (_, i) => ({
    positionId: `loss-${i}`,
    wallet,
    closedAtMs: nowMs - 3_600_000 + i,
    realizedPnlUsd: '-10',
  }));
  return evaluateBreakers(closed, DEFAULT_BREAKER_SETTINGS, { nowMs, equityBaseUsd: '10000' });
}
