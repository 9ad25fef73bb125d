/**
 * The copy-trading engine loop (run by `oof worker` and `oof start`): each round decides the pending signals,
 * lets the price monitor look at the due mints, sends at most one live swap (spacing), writes the heartbeat the
 * health route reads, and refreshes the performance snapshots nightly. Rounds follow each other at once while
 * there is work, else every `idleMs`. A failing round is logged and the next one starts: signals stay pending
 * and positions unchanged until a round succeeds.
 */
import { readState, writeState } from '../../store/copytrade/copytrade-state.repository.ts';
import { refreshBreakers, refreshPerformance, PERFORMANCE_STATE_KEY } from './book-keeping.ts';
import { loadEngineConfig } from './engine-config.ts';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../store/query-rows.ts';
import { syncWatchlist } from '../signals/sync-watchlist.ts';
import type { EngineDeps } from './engine-deps.ts';
import { executeLiveOrders, type LiveQueueState } from './live-orders.ts';
import { createMonitorState, monitorPositions, type MonitorState } from './monitor-positions.ts';
import { processPendingSignals } from './process-signals.ts';

export const ENGINE_STATE_KEY = 'engine';
const DAY_MS = 86_400_000;

export interface EngineHeartbeat {
  readonly workerId: string;
  readonly atMs: number;
  readonly rounds: number;
  readonly signalsDecided: number;
  readonly exitsStarted: number;
  readonly lastError: string | null;
  readonly monitor: {
    readonly mints: number;
    readonly urgent: number;
    readonly stale: readonly { mint: string; ageMs: number | null }[];
  };
  readonly priceSources: ReturnType<EngineDeps['prices']['health']>;
  readonly live: ReturnType<NonNullable<EngineDeps['live']>['rateLimit']> | null;
}

export interface EngineRunner {
  /** One round; returns whether it did any work. */
  round(): Promise<boolean>;
  readonly monitor: MonitorState;
}

export function createEngineRunner(deps: EngineDeps, workerId: string): EngineRunner {
  const monitor = createMonitorState();
  const liveState: LiveQueueState = { lastSentAtMs: null };
  let rounds = 0;
  let signalsDecided = 0;
  let exitsStarted = 0;
  let lastError: string | null = null;
  let lastBeatMs = 0;
  let lastNightlyCheckMs = 0;
  let lastSyncCheckMs = 0;
  /**
   * Watchlist changes since the last sync (rows not `synced`: pending or failed) go to the webhook in one edit,
   * at most every 10 s (each edit costs Helius credits).
   */
  const syncIfPending = async (nowMs: number): Promise<void> => {
    const sync = deps.watchlistSync;
    if (sync === undefined || sync === null || nowMs - lastSyncCheckMs < 10_000) return;
    lastSyncCheckMs = nowMs;
    const [row] = await queryRows<{ n: number }>(
      deps.database.db,
      sql`SELECT count(*)::int AS n FROM copy_wallets WHERE sync_status <> 'synced'`,
    );
    if ((row?.n ?? 0) === 0) return;
    try {
      const r = await syncWatchlist({ db: deps.database.db, sync, now: deps.clock });
      deps.logger.info(
        { action: r.action, added: r.added },
        'copy trading: watchlist synced to the Helius webhook',
      );
    } catch (e) {
      // Recorded on the rows (`error` with the message); retried on the next check.
      deps.logger.warn({ err: e }, 'copy trading: watchlist sync to the Helius webhook failed; retrying');
    }
  };
  const beat = async (force: boolean): Promise<void> => {
    const nowMs = deps.clock().getTime();
    if (!force && nowMs - lastBeatMs < 1_000) return;
    lastBeatMs = nowMs;
    const heartbeat: EngineHeartbeat = {
      workerId,
      atMs: nowMs,
      rounds,
      signalsDecided,
      exitsStarted,
      lastError,
      monitor: {
        mints: monitor.nextPollAtMs.size,
        urgent: [...monitor.urgency.values()].filter((u) => u === 'urgent').length,
        stale: [...monitor.stale].map(([mint, ageMs]) => ({ mint, ageMs })),
      },
      priceSources: deps.prices.health(),
      live: deps.live?.rateLimit() ?? null,
    };
    await writeState(deps.database.db, ENGINE_STATE_KEY, heartbeat, deps.clock());
  };
  return {
    monitor,
    async round() {
      rounds += 1;
      let worked = false;
      try {
        const s = await processPendingSignals(deps);
        signalsDecided += s.processed;
        const m = await monitorPositions(deps, monitor);
        exitsStarted += m.exitsStarted;
        const l = await executeLiveOrders(deps, liveState);
        worked = s.processed > 0 || m.exitsStarted > 0 || l.result !== null;
        const nowMs = deps.clock().getTime();
        await syncIfPending(nowMs);
        if (nowMs - lastNightlyCheckMs > 60_000) {
          lastNightlyCheckMs = nowMs;
          // Breakers also release as closes age out of their lookback, with no close or signal to trigger it.
          await refreshBreakers(deps, await loadEngineConfig(deps.database.db), deps.clock());
          const last = await readState<{ refreshedAtMs: number }>(deps.database.db, PERFORMANCE_STATE_KEY);
          if (last === null || nowMs - last.value.refreshedAtMs >= DAY_MS)
            await refreshPerformance(deps, deps.clock());
        }
        lastError = null;
      } catch (e) {
        lastError = e instanceof Error ? e.message : String(e);
        deps.logger.error({ err: e }, 'copy-trading engine round failed; retrying');
      }
      await beat(worked).catch((e: unknown) =>
        deps.logger.warn({ err: e }, 'copy-trading heartbeat not written'),
      );
      return worked;
    },
  };
}

/** Runs rounds until `signal` aborts. */
export async function runCopytradeEngine(
  deps: EngineDeps,
  options: { readonly workerId: string; readonly idleMs?: number; readonly signal: AbortSignal },
): Promise<void> {
  const runner = createEngineRunner(deps, options.workerId);
  while (!options.signal.aborted) {
    const worked = await runner.round();
    if (!worked) await new Promise((resolve) => setTimeout(resolve, options.idleMs ?? 250));
  }
}
