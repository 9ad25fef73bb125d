/**
 * S2E — sold too early (SPEC §3), one moment per exit event. The ledger writes one realized trade per lot a
 * sell consumed; they share the exit event, so they are summed back into the exit they came from.
 * peak = maxIn(t_exit, t_exit + window); missed = qty × (peak − exit_px) = qty × peak − proceeds;
 * pct = peak / exit_px − 1; emit if pct ≥ minPct and missed ≥ minMissedUsd; severity = clamp(pct / full, 0, 1).
 */
import type { Lot, RealizedTrade } from '../ledger/ledger-records.ts';
import type { DetectorConfig } from './detector-config.ts';
import {
  type Fraction,
  clamp01,
  cmp,
  div,
  frac,
  fromDecimal,
  fromUnits,
  mul,
  sub,
  toDecimal,
} from './fraction.ts';
import { type Moment, moment } from './moment.ts';
import type { PriceWindow } from './price-window.ts';

const DAY_S = 86_400;

export interface SoldTooEarlyInput {
  readonly wallet: string;
  readonly trades: readonly RealizedTrade[];
  /** Lots of the same ledger: they carry the mint decimals. */
  readonly lots: readonly Lot[];
  /** Mint decimals to use instead of the lots' (a resumed run's exits may sell what an older lot brought). */
  readonly decimals?: ReadonlyMap<string, number>;
  readonly prices: PriceWindow;
  /** Unix seconds; a moment whose 7-day window is still open is provisional. */
  readonly now: number;
  readonly config: DetectorConfig['s2e'];
}

interface Exit {
  readonly trade: RealizedTrade;
  qtyRaw: bigint;
  proceeds: Fraction;
}

export function decimalsByMint(lots: readonly Lot[]): ReadonlyMap<string, number> {
  const out = new Map<string, number>();
  for (const l of lots) if (l.decimals !== null && !out.has(l.mint)) out.set(l.mint, l.decimals);
  return out;
}

export function detectSoldTooEarly(input: SoldTooEarlyInput): Moment[] {
  const { config: c, prices, now } = input;
  const decimals = input.decimals ?? decimalsByMint(input.lots);
  const exits = new Map<string, Exit>();
  for (const t of input.trades) {
    if (t.exitKind !== 'swap' || t.proceedsUsd === null || t.exit.blockTime === null) continue;
    const key = `${t.mint}|${t.exit.signature}|${t.exit.index}`;
    const e = exits.get(key);
    if (e) {
      e.qtyRaw += t.qtyRaw;
      e.proceeds = frac(e.proceeds.n + fromDecimal(t.proceedsUsd).n, e.proceeds.d);
    } else exits.set(key, { trade: t, qtyRaw: t.qtyRaw, proceeds: fromDecimal(t.proceedsUsd) });
  }
  const out: Moment[] = [];
  for (const [, e] of [...exits].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const dec = decimals.get(e.trade.mint);
    const tExit = e.trade.exit.blockTime;
    if (dec === undefined || tExit === null || e.qtyRaw <= 0n || e.proceeds.n <= 0n) continue;
    const windowEnd = tExit + c.windowDays * DAY_S;
    const peak = prices.maxIn(e.trade.mint, tExit, windowEnd);
    if (!peak) continue;
    const qty = fromUnits(e.qtyRaw, dec);
    const peakValue = mul(qty, fromDecimal(peak.priceUsd));
    const missed = sub(peakValue, e.proceeds);
    const pct = sub(div(peakValue, e.proceeds), frac(1n));
    if (cmp(pct, fromDecimal(c.minPct)) < 0 || cmp(missed, fromDecimal(c.minMissedUsd)) < 0) continue;
    const exitPx = div(e.proceeds, qty);
    out.push(
      moment({
        wallet: input.wallet,
        kind: 's2e',
        mint: e.trade.mint,
        source: e.trade.exit,
        detectorVersion: c.version,
        tEvent: tExit,
        usd: toDecimal(missed),
        pct: toDecimal(pct),
        severity: toDecimal(clamp01(div(pct, fromDecimal(c.severityFullPct)))),
        windowEnd,
        now,
        priceSource: peak.source,
        confidence: peak.confidence,
        explain: {
          qty: toDecimal(qty),
          proceedsUsd: toDecimal(e.proceeds),
          exitPxUsd: toDecimal(exitPx),
          peakUsd: peak.priceUsd,
          peakAt: peak.at,
          windowStart: tExit,
          windowEnd,
          minPct: c.minPct,
          minMissedUsd: c.minMissedUsd,
        },
      }),
    );
  }
  return out;
}
