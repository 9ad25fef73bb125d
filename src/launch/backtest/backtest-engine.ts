import type { StoredLaunchEvent } from '../events/launch-event.ts';
import type { Strategy } from '../strategy/flow-strategy.ts';
import { observeMarket } from '../strategy/market-observation.ts';
import type { TradeIntent } from '../strategy/trade-intent.ts';
import type { FeeSchedule } from './fee-schedule.ts';
import { simulateFill, type Fill, type MarketState } from './fill-simulator.ts';
import { BacktestLedger, type BacktestReport } from './backtest-ledger.ts';

export interface BacktestOptions {
  readonly fees: FeeSchedule;
  /** Adverse move applied to every fill, bps of what comes out. */
  readonly slippageBps: bigint;
  /** Time from decision to execution (event time); an intent whose ttl is shorter expires unfilled. */
  readonly latencyMs: bigint;
  readonly fromMs: bigint;
  readonly toMs: bigint;
}

export interface IntentOutcome {
  readonly intent: TradeIntent;
  readonly status: Fill['status'] | 'expired' | 'nothing_to_sell';
}

interface Pending {
  readonly intent: TradeIntent;
  readonly decision: MarketState | null;
  readonly dueMs: bigint;
}

/**
 * The backtest: the strategy kernel fed with the stored events of a period, each intent filled on the curve or
 * pool state of its moment (after `latencyMs`) with the fees in force and the slippage model. Deterministic: a
 * function of the events, the fee schedule and the options.
 */
export function createBacktest(strategy: Strategy, options: BacktestOptions) {
  const markets = new Map<string, MarketState>();
  const ledger = new BacktestLedger(options.fromMs, options.toMs);
  const outcomes: IntentOutcome[] = [];
  const pending: Pending[] = [];

  const execute = (p: Pending, execution: MarketState | null, atMs: bigint): void => {
    const { intent } = p;
    ledger.advance(atMs);
    const side = intent.side === 'SIDE_BUY' ? 'buy' : 'sell';
    if (BigInt(intent.ttlMs) < options.latencyMs) {
      outcomes.push({ intent, status: 'expired' });
      return;
    }
    let size = BigInt(intent.size);
    if (side === 'sell') {
      const held = ledger.held(intent.mint);
      if (held === 0n) {
        outcomes.push({ intent, status: 'nothing_to_sell' });
        return;
      }
      // A full exit sized from the strategy's own estimate: sell what the simulated buys really got.
      if (size > held) size = held;
    }
    if (p.decision === null || execution === null) {
      outcomes.push({ intent, status: 'no_market' });
      return;
    }
    const fees = options.fees.at(execution.venue, atMs);
    const fill = simulateFill(
      p.decision,
      execution,
      { side, size, maxSlippageBps: BigInt(intent.maxSlippageBps) },
      fees,
      options.slippageBps,
    );
    outcomes.push({ intent, status: fill.status });
    ledger.apply(intent, side, fill, atMs);
  };

  const flushDue = (beforeMs: bigint | null): void => {
    while (pending.length > 0) {
      const next = pending[0] as Pending;
      if (beforeMs !== null && next.dueMs >= beforeMs) break;
      pending.shift();
      execute(next, markets.get(next.intent.mint) ?? null, next.dueMs);
    }
  };

  return {
    onEvent(e: StoredLaunchEvent): void {
      if (e.tEventMs < options.fromMs || e.tEventMs >= options.toMs) return;
      // Fills due before this event see the market as it was before it.
      flushDue(e.tEventMs);
      ledger.advance(e.tEventMs);
      const obs = observeMarket(e.event);
      if (obs !== null) {
        const known = markets.get(obs.mint);
        // A curve update after the migration is stale: the pool is the market now.
        if ('curve' in obs && (known === undefined || known.venue === 'pumpfun')) {
          markets.set(obs.mint, { venue: 'pumpfun', curve: obs.curve });
        } else if ('pool' in obs) markets.set(obs.mint, { venue: obs.venue, pool: obs.pool });
      }
      for (const intent of strategy.onEvent(e)) {
        const p = {
          intent,
          decision: markets.get(intent.mint) ?? null,
          dueMs: e.tEventMs + options.latencyMs,
        };
        if (options.latencyMs === 0n) execute(p, p.decision, e.tEventMs);
        else pending.push(p);
      }
      ledger.mark(e.tEventMs, markets, (venue, t) => options.fees.at(venue, t));
    },
    finish(): { report: BacktestReport; outcomes: readonly IntentOutcome[] } {
      flushDue(null);
      return {
        report: ledger.report(markets, (venue, t) => options.fees.at(venue, t), outcomes),
        outcomes,
      };
    },
  };
}
