/**
 * Activation and deactivation events between two breaker states, for the event log: each carries the metric and
 * threshold of the moment it happened.
 */
import type { BreakerKind, ClosedTrade } from './breaker-metrics.ts';
import type { BreakerSettings } from './breaker-settings.ts';
import {
  evaluateBreakers,
  type BreakerContext,
  type BreakerReading,
  type BreakerState,
} from './circuit-breakers.ts';

export interface BreakerEvent {
  readonly type: 'BREAKER_ACTIVATED' | 'BREAKER_DEACTIVATED';
  readonly kind: BreakerKind;
  readonly wallet: string | null;
  readonly atMs: number;
  readonly metric: string;
  readonly threshold: string;
  readonly sampleSize: number;
}

const key = (r: BreakerReading): string => `${r.wallet ?? ''}\u0000${r.kind}`;

function event(type: BreakerEvent['type'], r: BreakerReading, atMs: number): BreakerEvent {
  const { kind, wallet, metric, threshold, sampleSize } = r;
  return { type, kind, wallet, atMs, metric, threshold, sampleSize };
}

/**
 * Events from `previous` (null: nothing was active) to `next`, in `next`'s reading order, then breakers that
 * vanished (turned off in the settings), which deactivate with their last reading.
 */
export function breakerTransitions(previous: BreakerState | null, next: BreakerState): BreakerEvent[] {
  const before = new Map((previous?.readings ?? []).map((r) => [key(r), r]));
  const events: BreakerEvent[] = [];
  const seen = new Set<string>();
  for (const r of next.readings) {
    seen.add(key(r));
    const was = before.get(key(r))?.active ?? false;
    if (r.active && !was) events.push(event('BREAKER_ACTIVATED', r, next.atMs));
    if (!r.active && was) events.push(event('BREAKER_DEACTIVATED', r, next.atMs));
  }
  for (const r of previous?.readings ?? []) {
    if (r.active && !seen.has(key(r))) events.push(event('BREAKER_DEACTIVATED', r, next.atMs));
  }
  return events;
}

/** Evaluate at `ctx.nowMs` and diff with the previous state: the step the breaker job runs after each close. */
export function stepBreakers(
  previous: BreakerState | null,
  closed: readonly ClosedTrade[],
  settings: BreakerSettings,
  ctx: BreakerContext,
): { readonly state: BreakerState; readonly events: readonly BreakerEvent[] } {
  const state = evaluateBreakers(closed, settings, ctx);
  return { state, events: breakerTransitions(previous, state) };
}
