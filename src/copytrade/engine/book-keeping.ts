/**
 * After a close (and on every round, since breakers release as closes age out of their lookback): the circuit
 * breakers recomputed from the closed positions, their activations and deactivations stored as events with the
 * metric and threshold of the moment; and the per-wallet performance snapshots (every close, and nightly).
 */
import { sql } from 'drizzle-orm';
import { appendBreakerEvents, writeState } from '../../store/copytrade/copytrade-state.repository.ts';
import { upsertPerformance } from '../../store/copytrade/copy-performance.repository.ts';
import { listClosedTrades } from '../../store/copytrade/copy-positions.repository.ts';
import { queryRows } from '../../store/query-rows.ts';
import { walletPerformance, PERFORMANCE_WINDOWS } from '../positions/wallet-performance.ts';
import { stepBreakers } from '../strategy/breaker-transitions.ts';
import type { BreakerState } from '../strategy/circuit-breakers.ts';
import { fromTaggedJson } from '../../store/copytrade/tagged-json.ts';
import type { EngineConfig } from './engine-config.ts';
import type { EngineDeps } from './engine-deps.ts';
import { notifyCopytrade } from './engine-notify.ts';

export const BREAKERS_STATE_KEY = 'breakers';
export const PERFORMANCE_STATE_KEY = 'performance';

/** Evaluates the breakers at `now`, stores the transitions (locked: two workers never record one twice). */
export async function refreshBreakers(deps: EngineDeps, cfg: EngineConfig, now: Date): Promise<BreakerState> {
  const closed = await listClosedTrades(deps.database.db, null);
  const walletBases: Record<string, string> = {};
  for (const [w, c] of cfg.wallets) if (c.equityBaseUsd) walletBases[w] = c.equityBaseUsd;
  return deps.database.transaction(async (tx) => {
    const rows = await queryRows<{ value: unknown }>(
      tx,
      sql`SELECT value FROM copytrade_state WHERE key = ${BREAKERS_STATE_KEY} FOR UPDATE`,
    );
    const previous = rows[0] === undefined ? null : (fromTaggedJson(rows[0].value) as BreakerState);
    const { state, events } = stepBreakers(previous, closed, cfg.system.breakers, {
      nowMs: now.getTime(),
      equityBaseUsd: cfg.system.sizing.capitalUsd,
      walletEquityBaseUsd: walletBases,
    });
    if (events.length > 0) {
      await appendBreakerEvents(
        tx,
        events.map((e) => ({
          type: e.type,
          kind: e.kind,
          wallet: e.wallet,
          metric: e.metric,
          threshold: e.threshold,
          sampleSize: e.sampleSize,
        })),
        now,
      );
      for (const e of events) {
        await notifyCopytrade(tx, { type: 'breaker', event: e.type, kind: e.kind, wallet: e.wallet });
      }
    }
    if (previous === null || events.length > 0) await writeState(tx, BREAKERS_STATE_KEY, state, now);
    if (events.length > 0) {
      deps.logger.info({ events }, 'copy trading: circuit breakers changed');
    }
    return state;
  });
}

/**
 * Recomputes the performance windows from the closed positions and stores the snapshots: of `wallets` after a
 * close (only theirs changed), of every wallet when none are given (the nightly refresh, which also moves the
 * windows of wallets that closed nothing).
 */
export async function refreshPerformance(
  deps: EngineDeps,
  now: Date,
  wallets: ReadonlySet<string> | null = null,
): Promise<number> {
  const all = await listClosedTrades(deps.database.db, null);
  const closed = wallets === null ? all : all.filter((t) => wallets.has(t.wallet));
  const perf = walletPerformance(closed, now.getTime());
  const rows = perf.flatMap((w) =>
    (Object.keys(PERFORMANCE_WINDOWS) as (keyof typeof PERFORMANCE_WINDOWS)[]).map((window) => ({
      wallet: w.wallet,
      window,
      stats: w.windows[window],
      computedAt: now,
    })),
  );
  await upsertPerformance(deps.database.db, rows);
  if (wallets === null) {
    await writeState(deps.database.db, PERFORMANCE_STATE_KEY, { refreshedAtMs: now.getTime() }, now);
  }
  return perf.length;
}
