/**
 * Unrealized PnL of a ledger result at time `t`, at a mark price per mint: per mint, the open lots at `t`
 * (`openLotsAt`) valued at the mark minus the cost still attached to them. Exact: values are integers scaled by
 * 10^18, one truncation per mint (`open qty × mark`, toward zero, the NUMERIC(38,18) rule), so
 * realized + unrealized = proceeds received + value still held − cost paid, to the last 10^-18 USD.
 *
 * Lots with an unknown basis (cost null) are valued but have no PnL: `unrealizedPnlUsd` covers the lots whose
 * cost is known, and `unknownBasisQtyRaw` says how much was left out.
 */
import type { LedgerResult } from './ledger-records.ts';
import { openLotsAt } from './open-lots-at.ts';
import { type UsdScaled, usdFromString, usdToString, usdValue } from './usd-amount.ts';

/** Mark price of `mint` at `t`: USD per whole token as a decimal string, null when unknown. */
export type MarkPrice = (mint: string, t: number) => string | null;

export interface UnrealizedPosition {
  readonly mint: string;
  readonly decimals: number | null;
  readonly openQtyRaw: bigint;
  /** Cost still attached to the open lots whose basis is known. */
  readonly openCostUsd: string;
  readonly unknownBasisQtyRaw: bigint;
  /** Null when the mark or the decimals are unknown (then value and PnL are null too). */
  readonly markUsd: string | null;
  /** `openQty × mark`, every open lot. */
  readonly valueUsd: string | null;
  /** `knownQty × mark − openCost`. */
  readonly unrealizedPnlUsd: string | null;
}

export interface UnrealizedReport {
  readonly t: number;
  /** One per mint with open quantity at `t`, sorted by mint. */
  readonly positions: readonly UnrealizedPosition[];
  /** Sums over the priced positions. */
  readonly totalValueUsd: string;
  readonly totalUnrealizedPnlUsd: string;
  /** Mints with open quantity but no mark (or no decimals), sorted. */
  readonly unpricedMints: readonly string[];
}

interface Acc {
  decimals: number | null;
  qty: bigint;
  knownQty: bigint;
  cost: UsdScaled;
}

export function unrealizedPnl(result: LedgerResult, t: number, markUsd: MarkPrice): UnrealizedReport {
  const perMint = new Map<string, Acc>();
  for (const o of openLotsAt(result, t)) {
    const acc = perMint.get(o.lot.mint) ?? { decimals: null, qty: 0n, knownQty: 0n, cost: 0n };
    acc.decimals ??= o.lot.decimals;
    acc.qty += o.openQtyRaw;
    if (o.openCostUsd !== null) {
      acc.knownQty += o.openQtyRaw;
      acc.cost += usdFromString(o.openCostUsd);
    }
    perMint.set(o.lot.mint, acc);
  }
  const positions: UnrealizedPosition[] = [];
  const unpricedMints: string[] = [];
  let totalValue: UsdScaled = 0n;
  let totalPnl: UsdScaled = 0n;
  for (const mint of [...perMint.keys()].sort()) {
    const acc = perMint.get(mint);
    if (acc === undefined) continue;
    const mark = markUsd(mint, t);
    const base = {
      mint,
      decimals: acc.decimals,
      openQtyRaw: acc.qty,
      openCostUsd: usdToString(acc.cost),
      unknownBasisQtyRaw: acc.qty - acc.knownQty,
    };
    if (mark === null || acc.decimals === null) {
      unpricedMints.push(mint);
      positions.push({ ...base, markUsd: mark, valueUsd: null, unrealizedPnlUsd: null });
      continue;
    }
    const value = usdValue(acc.qty, acc.decimals, mark);
    const knownValue = acc.knownQty === acc.qty ? value : usdValue(acc.knownQty, acc.decimals, mark);
    const pnl = knownValue - acc.cost;
    totalValue += value;
    totalPnl += pnl;
    positions.push({
      ...base,
      markUsd: usdToString(usdFromString(mark)),
      valueUsd: usdToString(value),
      unrealizedPnlUsd: usdToString(pnl),
    });
  }
  return {
    t,
    positions,
    totalValueUsd: usdToString(totalValue),
    totalUnrealizedPnlUsd: usdToString(totalPnl),
    unpricedMints,
  };
}
