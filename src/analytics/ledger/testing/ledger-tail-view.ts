/**
 * The ledger records a run resumed at time `s` (unix seconds) holds: what happened at or after `s`, plus the
 * lots still open just before it, shrunk to what was left of them then.
 *
 * - Lots open at `s − 1` (`openLotsAt`): the same lot (id, opening event, unit cost, ...) with `qtyRaw` /
 *   `costUsd` set to the quantity and cost still open at `s − 1`, and `openQtyRaw` / `openCostUsd` as in the
 *   final result. Replaying the tail consumes them exactly as the full history did, so `openLotsAt` of the view
 *   equals `openLotsAt` of the full result at any `t ≥ s − 1` (checked in the tests).
 * - Lots opened at or after `s`: unchanged.
 * - Realized trades and flags whose event block time is ≥ `s`: unchanged.
 * - Episodes not closed before `s` (still open, closed at or after `s`, or closed without a block time),
 *   which includes those opened at or after `s`: unchanged, whole (their totals still cover the part before
 *   `s`; nothing that reads the view uses them yet).
 *
 * Events without a block time are dropped, except lots `openLotsAt` still counts open at `s − 1` (the
 * orchestrator guarantees block times around a settle time). Records keep the order of the full result.
 *
 * Test support: it builds from a full result what a resumed analysis builds from its checkpoint's ledger
 * books (`resumedView` in src/analytics/analysis/analyze-wallet-actions.ts), so a detector's resume can be
 * checked against a full run.
 */
import type { LedgerResult, Lot } from '../ledger-records.ts';
import { openLotsAt } from '../open-lots-at.ts';

const atOrAfter = (t: number | null, s: number): boolean => t !== null && t >= s;

export function ledgerTailView(result: LedgerResult, s: number): LedgerResult {
  const before = new Map(openLotsAt(result, s - 1).map((o) => [o.lot.id, o]));
  const lots = result.lots.flatMap((lot): Lot[] => {
    const open = before.get(lot.id);
    if (open !== undefined) return [{ ...lot, qtyRaw: open.openQtyRaw, costUsd: open.openCostUsd }];
    return atOrAfter(lot.openedAt.blockTime, s) ? [lot] : [];
  });
  return {
    lots,
    realizedTrades: result.realizedTrades.filter((t) => atOrAfter(t.exit.blockTime, s)),
    episodes: result.episodes.filter(
      (e) => e.closedAt === null || e.closedAt.blockTime === null || e.closedAt.blockTime >= s,
    ),
    flags: result.flags.filter((f) => atOrAfter(f.at.blockTime, s)),
  };
}
