/** Turn the internal state into the output records (fresh objects, USD as decimal strings). */
import type { Episode, LedgerResult, Lot, RealizedTrade } from './ledger-records.ts';
import type { LedgerState } from './ledger-state.ts';
import { unitCost, usdOrNull, usdToString } from './usd-amount.ts';

export function ledgerResult(state: LedgerState): LedgerResult {
  const wallet = state.wallet;
  const lots: Lot[] = [...state.lots.values()].map((l) => ({
    id: l.id,
    wallet,
    mint: l.mint,
    decimals: l.decimals,
    qtyRaw: l.qtyRaw,
    openQtyRaw: l.openQtyRaw,
    costUsd: usdOrNull(l.cost),
    openCostUsd: usdOrNull(l.openCost),
    unitCostUsd: l.cost === null ? null : usdOrNull(unitCost(l.cost, l.qtyRaw, l.decimals)),
    openedAt: l.openedAt,
    basisSource: l.basisSource,
    priceSource: l.priceSource,
    episodeId: l.episodeId,
  }));
  const realizedTrades: RealizedTrade[] = state.trades.map((t) => ({
    id: t.id,
    wallet,
    mint: t.mint,
    lotId: t.lotId,
    episodeId: t.episodeId,
    qtyRaw: t.qtyRaw,
    costUsd: usdOrNull(t.cost),
    proceedsUsd: usdOrNull(t.proceeds),
    pnlUsd: t.cost === null || t.proceeds === null ? null : usdToString(t.proceeds - t.cost),
    entry: t.entry,
    exit: t.exit,
    exitKind: t.exitKind,
    priceSource: t.priceSource,
  }));
  const episodes: Episode[] = [...state.episodes.values()].map((e) => ({
    id: e.id,
    wallet,
    mint: e.mint,
    n: e.n,
    openedAt: e.openedAt,
    closedAt: e.closedAt,
    qtyInRaw: e.qtyInRaw,
    qtyOutRaw: e.qtyOutRaw,
    realizedCostUsd: usdToString(e.realizedCost),
    realizedProceedsUsd: usdToString(e.realizedProceeds),
    realizedPnlUsd: usdToString(e.realizedProceeds - e.realizedCost),
    unpricedTrades: e.unpricedTrades,
  }));
  // Records are fresh objects; flags are copied so the caller cannot reach into the builder's state (event
  // references are shared: they are never mutated).
  return { lots, realizedTrades, episodes, flags: state.flags.map((f) => ({ ...f })) };
}
