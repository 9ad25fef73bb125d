/**
 * The price monitor's round (SPEC §4): the mints of the open positions that are due (adaptive schedule, see
 * monitor/price-schedule.ts) are priced in one batched read (primary source, fallback for what it missed, last
 * good price otherwise); a price older than the staleness limit is not acted on. Each open position then sees the
 * price: a new peak is an event (PRICE_OBSERVED), and the pure exit rules decide (`evaluateExits`, most urgent
 * first); a decision starts an exit (paper fill at once, or a live swap queued). Breakers are never read here.
 */
import { SOL_MINT } from '../../domain/mints.ts';
import {
  listOpenMints,
  listOpenPositionsOf,
  markOpenPositions,
  savePosition,
  type StoredPosition,
} from '../../store/copytrade/copy-positions.repository.ts';
import { nextPollAtMs, type Urgency } from '../monitor/price-schedule.ts';
import { applyPositionEvent, type PositionEvent } from '../positions/position-events.ts';
import { evaluateExits } from '../strategy/evaluate-exits.ts';
import { parseFixed } from '../strategy/fixed-point.ts';
import { refreshBreakers, refreshPerformance } from './book-keeping.ts';
import { loadEngineConfig } from './engine-config.ts';
import type { EngineDeps } from './engine-deps.ts';
import { startExit } from './position-exits.ts';

/** The schedule between rounds (per process): when each mint is due, and why. */
export interface MonitorState {
  readonly nextPollAtMs: Map<string, number>;
  readonly urgency: Map<string, Urgency>;
  /** Mints whose price was too old (or missing) at their last poll, with the age seen (ms, null: none). */
  readonly stale: Map<string, number | null>;
}

export function createMonitorState(): MonitorState {
  return { nextPollAtMs: new Map(), urgency: new Map(), stale: new Map() };
}

export interface MonitorRoundResult {
  readonly polled: readonly string[];
  readonly exitsStarted: number;
  readonly closed: number;
  readonly stale: readonly string[];
}

export async function monitorPositions(deps: EngineDeps, state: MonitorState): Promise<MonitorRoundResult> {
  const db = deps.database.db;
  const now = deps.clock();
  const nowMs = now.getTime();
  // Every round asks only which mints are open; positions are read when one of their mints is due.
  const mints = new Set(await listOpenMints(db));
  for (const m of [...state.nextPollAtMs.keys()]) {
    if (!mints.has(m)) {
      state.nextPollAtMs.delete(m);
      state.urgency.delete(m);
      state.stale.delete(m);
    }
  }
  const due = [...mints].filter((m) => (state.nextPollAtMs.get(m) ?? 0) <= nowMs);
  if (due.length === 0) return { polled: [], exitsStarted: 0, closed: 0, stale: [] };
  const byMint = new Map<string, StoredPosition[]>();
  for (const s of await listOpenPositionsOf(db, due)) {
    byMint.set(s.position.mint, [...(byMint.get(s.position.mint) ?? []), s]);
  }
  const cfg = await loadEngineConfig(db);
  const intervals = cfg.system.priceMonitor;
  const readout = await deps.prices.read([...due, SOL_MINT], nowMs);
  const sol = readout.prices.get(SOL_MINT);
  let exitsStarted = 0;
  let closed = 0;
  const closedWallets = new Set<string>();
  const stale: string[] = [];
  for (const mint of due) {
    const quote = readout.prices.get(mint);
    const age = quote === undefined ? null : nowMs - quote.atMs;
    if (quote === undefined || age === null || age > intervals.maxStalenessMs || sol === undefined) {
      // No decision on an old price; look again soon (the urgent interval), the source may be back.
      stale.push(mint);
      state.stale.set(mint, age);
      state.nextPollAtMs.set(mint, nowMs + intervals.urgentIntervalMs);
      continue;
    }
    state.stale.delete(mint);
    const positions = byMint.get(mint) ?? [];
    await markOpenPositions(db, mint, quote.priceUsd, now);
    for (const stored of positions) {
      const p = stored.position;
      const prior: PositionEvent[] = [];
      if (parseFixed(quote.priceUsd) > parseFixed(p.exitState.peakPriceUsd)) {
        prior.push({ type: 'PRICE_OBSERVED', priceUsd: quote.priceUsd, atMs: nowMs });
      }
      const seen = prior.reduce(applyPositionEvent, p);
      const decision = evaluateExits(seen.exitState, quote.priceUsd, nowMs);
      try {
        if (decision === null) {
          // Only a new peak is an event to store; the mark was written for the whole mint above.
          if (prior.length > 0)
            await savePosition(db, stored.version, seen, prior, [], { priceUsd: quote.priceUsd, at: now });
          continue;
        }
        const r = await startExit(deps, cfg, stored, prior, decision, {
          quote,
          solPriceUsd: sol.priceUsd,
          signalSignature: null,
          nowMs,
        });
        exitsStarted += 1;
        if (r.closed) {
          closed += 1;
          closedWallets.add(p.wallet);
        }
      } catch (e) {
        // A version conflict (another worker moved it) or a bad row: the next round reads it again.
        deps.logger.warn({ err: e, positionId: p.id }, 'copy trading: position not updated this round');
      }
    }
    const next = nextPollAtMs(
      positions.map((s) => s.position.exitState),
      quote.priceUsd,
      nowMs,
      intervals,
    );
    state.nextPollAtMs.set(mint, next.atMs);
    state.urgency.set(mint, next.urgency);
  }
  if (closed > 0) {
    await refreshBreakers(deps, cfg, deps.clock());
    await refreshPerformance(deps, deps.clock(), closedWallets);
  }
  return { polled: due, exitsStarted, closed, stale };
}
