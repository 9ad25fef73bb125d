/**
 * Extremes (SPEC §3): the one moment or trade of each category a wallet page leads with. Ranking is total and
 * deterministic — metric(s), then earlier time, then smaller id — so the answer never depends on input order.
 */
import { USD_SCALE, toScaled } from '../../domain/decimal.ts';
import type { Moment, MomentKind } from '../detectors/moment.ts';
import type { RealizedTrade } from '../ledger/ledger-records.ts';

export interface WalletExtremes {
  readonly topWin: RealizedTrade | null;
  readonly topLoss: RealizedTrade | null;
  readonly topS2e: Moment | null;
  readonly worstBhd: Moment | null;
  readonly worstBadRoute: Moment | null;
  readonly largestIdle: Moment | null;
  readonly worstRug: Moment | null;
}

type Cmp<T> = (a: T, b: T) => number;

const dec = (s: string): bigint => toScaled(s, USD_SCALE);
const desc = (a: bigint, b: bigint): number => (a > b ? -1 : a < b ? 1 : 0);
const asc = (a: bigint, b: bigint): number => -desc(a, b);
const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function best<T>(items: readonly T[], order: Cmp<T>): T | null {
  let top: T | null = null;
  for (const x of items) if (top === null || order(x, top) < 0) top = x;
  return top;
}

function momentOrder(primary: Cmp<Moment>, secondary?: Cmp<Moment>): Cmp<Moment> {
  return (a, b) => primary(a, b) || (secondary?.(a, b) ?? 0) || a.tEvent - b.tEvent || byId(a.id, b.id);
}

const tradeTime = (t: RealizedTrade): number => t.exit.blockTime ?? Number.MAX_SAFE_INTEGER;
function tradeOrder(pnl: Cmp<bigint>): Cmp<RealizedTrade> {
  return (a, b) =>
    pnl(dec(a.pnlUsd ?? '0'), dec(b.pnlUsd ?? '0')) || tradeTime(a) - tradeTime(b) || byId(a.id, b.id);
}

const usdDesc: Cmp<Moment> = (a, b) => desc(dec(a.usd), dec(b.usd));
const pctDesc: Cmp<Moment> = (a, b) => desc(dec(a.pct), dec(b.pct));
const pctAsc: Cmp<Moment> = (a, b) => asc(dec(a.pct), dec(b.pct));

export function walletExtremes(trades: readonly RealizedTrade[], moments: readonly Moment[]): WalletExtremes {
  const of = (kind: MomentKind): Moment[] => moments.filter((m) => m.kind === kind);
  return {
    topWin: best(
      trades.filter((t) => t.pnlUsd !== null && dec(t.pnlUsd) > 0n),
      tradeOrder(desc),
    ),
    topLoss: best(
      trades.filter((t) => t.pnlUsd !== null && dec(t.pnlUsd) < 0n),
      tradeOrder(asc),
    ),
    topS2e: best(of('s2e'), momentOrder(usdDesc, pctDesc)),
    // BHD pct is the (negative) drawdown: the worst is the most negative.
    worstBhd: best(of('bhd'), momentOrder(pctAsc, usdDesc)),
    worstBadRoute: best(of('bad_route'), momentOrder(pctDesc, usdDesc)),
    largestIdle: best(of('idle_yield'), momentOrder(usdDesc)),
    worstRug: best(of('rug'), momentOrder(usdDesc, pctDesc)),
  };
}
