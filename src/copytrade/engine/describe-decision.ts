import type { DecidedOutcome } from '../../store/copytrade/copy-signals.repository.ts';
import type { SignalDecision } from '../positions/decide-signal.ts';

/** The outcome row of a decision: its outcome, one line a person reads, and what decided it (JSON). */
export interface RecordedOutcome {
  readonly outcome: DecidedOutcome;
  readonly reason: string | null;
  readonly details: unknown;
}

export function describeDecision(d: SignalDecision): RecordedOutcome {
  switch (d.kind) {
    case 'position_opened': {
      const p = d.position;
      return {
        outcome: 'position_opened',
        reason: `paper position ${p.id}: ${p.entry.qtyRaw} units at ${p.entry.priceUsd} USD`,
        details: {
          positionId: p.id,
          qtyRaw: p.entry.qtyRaw.toString(),
          priceUsd: p.entry.priceUsd,
          costUsd: p.entryCostUsd,
          allocation: d.size.allocation,
        },
      };
    }
    case 'entry_queued':
      return {
        outcome: 'entry_queued',
        reason: `live entry ${d.swap.id} queued: ${d.swap.payload.qtyRaw} units`,
        details: {
          orderId: d.swap.id,
          positionId: d.swap.payload.positionId,
          qtyRaw: d.swap.payload.qtyRaw.toString(),
        },
      };
    case 'filtered_safety': {
      const failed = d.failedChecks.map((c) => `${c.name}: ${c.reason}`);
      return {
        outcome: 'filtered_safety',
        reason: `token not safe (score ${d.score ?? 'none'}): ${[...failed, ...d.warnings].join('; ')}`,
        details: { score: d.score, failedChecks: d.failedChecks, warnings: d.warnings },
      };
    }
    case 'filtered_breaker':
      return {
        outcome: 'filtered_breaker',
        reason: `circuit breaker active: ${d.breakers
          .map(
            (b) =>
              `${b.kind}${b.wallet === null ? ' (global)' : ` (${b.wallet})`} ${b.metric} vs ${b.threshold}`,
          )
          .join('; ')}`,
        details: { breakers: d.breakers },
      };
    case 'filtered_size':
      return {
        outcome: 'filtered_size',
        reason: `entry worth ${d.size.notionalUsd} USD is below the minimum ${d.size.minEntryUsd} USD`,
        details: d.size,
      };
    case 'filtered_fill':
      return {
        outcome: 'filtered_fill',
        reason:
          d.reason === 'LIQUIDITY_UNKNOWN'
            ? 'no pool liquidity known to model the fill: not copied'
            : `modelled slippage ${d.slippageBps} bps exceeds the tolerance`,
        details: { reason: d.reason, slippageBps: d.slippageBps },
      };
    case 'duplicate':
      return {
        outcome: 'duplicate',
        reason: `already copied: position ${d.positionId} holds this token for this wallet`,
        details: { positionId: d.positionId },
      };
    case 'ignored_inactive':
      return {
        outcome: 'ignored_inactive',
        reason: 'the wallet is paused (or entries are disabled)',
        details: null,
      };
    case 'mirror_exit':
      return {
        outcome: 'mirror_exit',
        reason: `source sold: mirror exit of ${d.exits.length} position(s)${d.deferred.length > 0 ? `, ${d.deferred.length} deferred (sell in flight)` : ''}`,
        details: {
          exits: d.exits.map((x) => ({
            positionId: x.positionId,
            qtyRaw: x.decision.qtyRaw.toString(),
            sourceSoldFraction: x.decision.sourceSoldFraction,
          })),
          deferred: d.deferred,
        },
      };
    case 'ignored_no_exit':
      return {
        outcome: 'ignored_no_exit',
        reason:
          d.reason === 'NOT_HELD'
            ? 'source sold a token we do not hold'
            : 'mirror exit off or the sell too small',
        details: { reason: d.reason },
      };
  }
}
