/**
 * The decision step: every pending signal ends in one recorded outcome with its timings. A batch reads the
 * config, the breaker state, the watched wallets, the positions still holding tokens and the prices of its mints
 * once; then each signal is decided by the pure `decideSignal` and its effect written in one transaction with its
 * outcome (position + entry fill + outcome, or the live entry order + outcome, or exits started + outcome).
 * A signal that cannot be decided (no price for the mint, no decimals, live trading not configured, a bug) is
 * recorded as `error` with the reason; it never half-opens a position.
 */
import { createHash } from 'node:crypto';
import { SOL_MINT } from '../../domain/mints.ts';
import {
  listPendingSignals,
  signalKey,
  type PendingSignal,
} from '../../store/copytrade/copy-signals.repository.ts';
import { findCopyWallets, type CopyWallet } from '../../store/copytrade/copy-wallets.repository.ts';
import { recordSafetyScore } from '../../store/copytrade/copy-performance.repository.ts';
import { listPositions } from '../../store/copytrade/copy-positions.repository.ts';
import { recordSignalOutcome } from '../signals/record-signals.ts';
import { paperFillConfigOf } from '../config/copytrade-config.ts';
import { decideSignal, type CopySignal } from '../positions/decide-signal.ts';
import { parseStrategyOverrides, mergeStrategy } from '../strategy/merge-strategy.ts';
import { parseFixed } from '../strategy/fixed-point.ts';
import { STRATEGY_TEMPLATES, type StrategyTemplateName } from '../strategy/strategy-templates.ts';
import { refreshBreakers, refreshPerformance } from './book-keeping.ts';
import { loadEngineConfig } from './engine-config.ts';
import type { EngineDeps } from './engine-deps.ts';
import { notifyCopytrade } from './engine-notify.ts';
import { apply, type Batch, type Recorder } from './apply-decision.ts';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../store/query-rows.ts';
import { sourceHeldBefore } from './source-balance.ts';

export interface SignalRoundResult {
  readonly processed: number;
  readonly outcomes: Readonly<Record<string, number>>;
}

/** Deterministic position id of a signal: a re-processed signal maps to the same id (one position per signal). */
export function positionIdOf(signature: string, wallet: string): string {
  return `pos_${createHash('sha256').update(signalKey(signature, wallet)).digest('hex').slice(0, 24)}`;
}

const ms = (t0: number): number => Math.round((performance.now() - t0) * 1000) / 1000;

export async function processPendingSignals(
  deps: EngineDeps,
  options: { readonly limit?: number } = {},
): Promise<SignalRoundResult> {
  const db = deps.database.db;
  const pending = await listPendingSignals(db, options.limit ?? 200);
  if (pending.length === 0) return { processed: 0, outcomes: {} };
  const t0 = performance.now();
  const now = deps.clock();
  const cfg = await loadEngineConfig(db);
  // Breakers gate entries only: a batch of sells does not need them (the engine refreshes them every minute).
  const breakers = pending.some((s) => s.side === 'buy')
    ? await refreshBreakers(deps, cfg, now)
    : { atMs: now.getTime(), readings: [] };
  const wallets = await findCopyWallets(
    db,
    pending.map((s) => s.wallet),
  );
  // Only the batch's wallets' positions matter (duplicates and mirror exits are per source wallet).
  const open = await listPositions(db, {
    statuses: ['open', 'exiting', 'error'],
    wallets: [...new Set(pending.map((s) => s.wallet))],
  });
  const readout = await deps.prices.read([...pending.map((s) => s.mint), SOL_MINT], now.getTime());
  const batch: Batch = {
    cfg,
    breakers,
    wallets,
    positions: new Map(open.map((s) => [s.position.id, s])),
    prices: readout.prices,
    safety: new Map(),
    prepMs: ms(t0),
  };
  const outcomes: Record<string, number> = {};
  const closedWallets = new Set<string>();
  for (const s of pending) {
    const r = await decideOne(deps, batch, s);
    outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
    if (r.closed) closedWallets.add(s.wallet);
  }
  if (closedWallets.size > 0) {
    await refreshBreakers(deps, cfg, deps.clock());
    await refreshPerformance(deps, deps.clock(), closedWallets);
  }
  return { processed: pending.length, outcomes };
}

function walletStrategy(w: CopyWallet) {
  const template =
    STRATEGY_TEMPLATES[w.strategyTemplate as StrategyTemplateName] ?? STRATEGY_TEMPLATES.default;
  return mergeStrategy(template, parseStrategyOverrides(w.strategyOverrides));
}

class NotDecidable extends Error {}

async function decideOne(
  deps: EngineDeps,
  batch: Batch,
  s: PendingSignal,
): Promise<{ outcome: string; closed: boolean }> {
  const started = performance.now();
  const timings: Record<string, number> = { batchPrepMs: batch.prepMs };
  // The outcome, once: under the signal row's lock, and only while it is still pending (another worker may have
  // decided it meanwhile: then nothing of this decision is written). `write` may turn the outcome into another
  // (a duplicate found under its lock).
  const record: Recorder = async (r, write) => {
    const decisionMs = Math.max(0, deps.clock().getTime() - s.receivedAt.getTime());
    const tw = performance.now();
    const outcome = await deps.database.transaction(async (tx) => {
      const [row] = await queryRows<{ outcome: string }>(
        tx,
        sql`SELECT outcome FROM copy_signals WHERE signature = ${s.signature} AND wallet = ${s.wallet} FOR UPDATE`,
      );
      if (row?.outcome !== 'pending') return row?.outcome ?? 'error';
      const final = (write ? await write(tx) : undefined) ?? r;
      timings.decideMs = ms(started);
      await recordSignalOutcome(tx, s.signature, s.wallet, final.outcome, final.reason, decisionMs, {
        timings,
        details: final.details,
      });
      await notifyCopytrade(tx, {
        type: 'signal',
        signature: s.signature,
        wallet: s.wallet,
        outcome: final.outcome,
      });
      return final.outcome;
    });
    timings.writeMs = ms(tw);
    return outcome;
  };
  try {
    const wallet = batch.wallets.get(s.wallet);
    if (wallet === undefined) throw new NotDecidable(`${s.wallet} is not in the watchlist`);
    const nowMs = deps.clock().getTime();
    const quote = batch.prices.get(s.mint);
    const maxAge = batch.cfg.system.priceMonitor.maxStalenessMs;
    if (quote === undefined || nowMs - quote.atMs > maxAge) {
      throw new NotDecidable(
        quote === undefined
          ? `no price for ${s.mint} from the price sources (unknown mint or sources down): not copied`
          : `the last price of ${s.mint} is ${nowMs - quote.atMs} ms old (limit ${maxAge} ms): not copied`,
      );
    }
    const sol = batch.prices.get(SOL_MINT);
    if (sol === undefined) throw new NotDecidable('no SOL price to value the network fee: not copied');
    const decimals = s.decimals ?? quote.decimals;
    if (decimals === null) throw new NotDecidable(`decimals of ${s.mint} unknown: not copied`);
    const walletCfg = batch.cfg.wallets.get(s.wallet) ?? {};
    const signal: CopySignal = {
      id: signalKey(s.signature, s.wallet),
      wallet: s.wallet,
      mint: s.mint,
      side: s.side,
      atMs: nowMs,
      priceUsd: quote.priceUsd,
      decimals,
      sourceSell:
        s.side === 'sell'
          ? { soldRaw: s.amountRaw, heldBeforeRaw: sourceHeldBefore(s.raw, s.wallet, s.mint) ?? s.amountRaw }
          : null,
    };
    const positions = [...batch.positions.values()].map((p) => p.position);
    const baseCtx = {
      wallet: {
        address: wallet.address,
        active: wallet.active && batch.cfg.system.entriesEnabled,
        mode: wallet.mode,
        allocation: walletCfg.allocation ?? null,
        strategy: walletStrategy(wallet),
      },
      breakers: batch.breakers,
      positions,
      sizing: batch.cfg.system.sizing,
      paperFill: paperFillConfigOf(batch.cfg.system),
      solPriceUsd: sol.priceUsd,
      liquidityUsd: quote.liquidityUsd,
      newPositionId: positionIdOf(s.signature, s.wallet),
    };
    // Safety is asked only when everything before it passed (decideSignal's order), and at most once a batch.
    let decision = decideSignal(signal, { ...baseCtx, safety: null });
    if (decision.kind === 'filtered_safety' && decision.score === null) {
      const ts = performance.now();
      let safety = batch.safety.get(s.mint);
      if (safety === undefined) {
        safety = await deps.safety(s.mint);
        batch.safety.set(s.mint, safety);
        await recordSafetyScore(deps.database.db, {
          mint: safety.mint,
          computedAt: safety.computedAt,
          score: safety.score,
          tradable: safety.tradable,
          checks: safety.checks,
          warnings: safety.warnings,
        });
      }
      timings.safetyMs = ms(ts);
      const threshold = walletCfg.safetyThreshold ?? batch.cfg.system.safety.threshold;
      const tradable = safety.checks.length > 0 && exactGe(safety.score, threshold);
      decision = decideSignal(signal, { ...baseCtx, safety: { ...safety, tradable } });
    }
    if (decision.kind === 'entry_queued' && deps.live === null) {
      throw new NotDecidable(
        `${s.wallet} is in live mode but live trading is not configured (COPYTRADE_LIVE_UNAVAILABLE): set ` +
          'OOF_COPYTRADE_KEY and import the trading key, or switch the wallet to simulation',
      );
    }
    return await apply(deps, batch, s, decision, record, quote, sol.priceUsd);
  } catch (e) {
    const reason =
      e instanceof NotDecidable
        ? e.message
        : `decision failed: ${e instanceof Error ? e.message : String(e)}`;
    if (!(e instanceof NotDecidable))
      deps.logger.error({ err: e, signature: s.signature }, 'copy-trading decision failed');
    const outcome = await record({ outcome: 'error', reason, details: null });
    return { outcome, closed: false };
  }
}

/** score ≥ threshold, exact (both decimal strings on the 10^18 grid). */
function exactGe(score: string, threshold: string): boolean {
  return parseFixed(score) >= parseFixed(threshold);
}
