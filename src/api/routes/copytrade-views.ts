import type { CopyPosition } from '../../copytrade/positions/copy-position.ts';
import { positionPnl } from '../../copytrade/positions/position-pnl.ts';
import { stopLossPriceFixed } from '../../copytrade/strategy/stop-loss.ts';
import { trailingStopLevelFixed } from '../../copytrade/strategy/trailing-stop.ts';
import { formatFixed, parseFixed } from '../../copytrade/strategy/fixed-point.ts';
import type { CopyOrder } from '../../store/copytrade/copy-orders.repository.ts';
import type { StoredPosition } from '../../store/copytrade/copy-positions.repository.ts';

/** JSON of a value with bigints as decimal strings (token base units). */
export function plain(v: unknown): unknown {
  return JSON.parse(
    JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)),
  ) as unknown;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** A position as the desk shows it: sizes, prices, PnL at the last price seen, the exit levels in force. */
export function positionView(s: StoredPosition) {
  const p: CopyPosition = s.position;
  const mark = s.lastPriceUsd ?? p.entry.quotePriceUsd;
  const pnl = p.status === 'closed' ? null : positionPnl(p, mark);
  const stop = stopLossPriceFixed(p.exitState);
  const trailing = trailingStopLevelFixed(p.exitState);
  return {
    id: p.id,
    signalId: p.signalId,
    wallet: p.wallet,
    mint: p.mint,
    decimals: p.decimals,
    mode: p.mode,
    status: p.status,
    openedAt: iso(p.openedAtMs),
    updatedAt: iso(p.updatedAtMs),
    closedAt: iso(p.closedAtMs),
    entry: {
      qtyRaw: p.entry.qtyRaw.toString(),
      priceUsd: p.entry.priceUsd,
      quotePriceUsd: p.entry.quotePriceUsd,
      costUsd: p.entryCostUsd,
      source: p.entry.source,
    },
    originalQtyRaw: p.exitState.originalQtyRaw.toString(),
    remainingQtyRaw: p.exitState.remainingQtyRaw.toString(),
    remainingCostUsd: p.remainingCostUsd,
    peakPriceUsd: p.exitState.peakPriceUsd,
    lastPriceUsd: s.lastPriceUsd,
    lastPriceAt: s.lastPriceAt?.toISOString() ?? null,
    realizedPnlUsd: p.realizedPnlUsd,
    unrealizedPnlUsd: pnl?.unrealizedPnlUsd ?? '0',
    markValueUsd: pnl?.markValueUsd ?? '0',
    levels: {
      stopLossUsd: stop === null ? null : formatFixed(stop),
      trailingStopUsd: trailing === null ? null : formatFixed(trailing),
      ladderLevelsHit: p.exitState.ladderLevelsHit,
    },
    strategy: p.exitState.strategy,
    strategyOverrides: p.strategyOverrides,
    pendingExit: p.pendingExit === null ? null : plain(p.pendingExit),
    exits: p.exitFills.map((e) => ({
      reason: e.reason,
      qtyRaw: e.fill.qtyRaw.toString(),
      priceUsd: e.fill.priceUsd,
      proceedsUsd: e.proceedsUsd,
      costBasisUsd: e.costBasisUsd,
      realizedPnlUsd: e.realizedPnlUsd,
      at: iso(e.fill.atMs),
    })),
    errorReason: p.errorReason,
  };
}

export function orderView(o: CopyOrder) {
  return {
    id: o.id,
    positionId: o.positionId,
    wallet: o.wallet,
    mint: o.mint,
    kind: o.kind,
    priority: o.priority,
    mode: o.mode,
    status: o.status,
    qtyRaw: o.qtyRaw.toString(),
    attempts: o.attempts,
    txSignature: o.txSignature,
    lastError: o.lastError,
    notBefore: o.notBefore.toISOString(),
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
  };
}

/** Σ of decimal strings, exact (18-digit grid). */
export function sumUsd(values: readonly string[]): string {
  return formatFixed(values.reduce((s, v) => s + parseFixed(v), 0n));
}
