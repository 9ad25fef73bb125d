/**
 * BHD — bag-holder drawdown (SPEC §3), one moment per buy lot (basis `swap`: a lot the wallet paid for).
 * trough = minIn(t_buy, t_buy + window); dd = trough / entry − 1; emit if dd ≤ maxDrawdownPct;
 * severity = clamp((|dd| − from) / span, 0, 1); missed = qty × (entry − trough) = cost − qty × trough.
 */
import type { Lot } from '../ledger/ledger-records.ts';
import type { DetectorConfig } from './detector-config.ts';
import { abs, clamp01, cmp, div, frac, fromDecimal, fromUnits, mul, sub, toDecimal } from './fraction.ts';
import { type Moment, moment } from './moment.ts';
import type { PriceWindow } from './price-window.ts';

const DAY_S = 86_400;

export interface BagHolderDrawdownInput {
  readonly wallet: string;
  readonly lots: readonly Lot[];
  readonly prices: PriceWindow;
  readonly now: number;
  readonly config: DetectorConfig['bhd'];
}

export function detectBagHolderDrawdown(input: BagHolderDrawdownInput): Moment[] {
  const { config: c, prices, now } = input;
  const out: Moment[] = [];
  const lots = [...input.lots].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const lot of lots) {
    const tBuy = lot.openedAt.blockTime;
    if (lot.basisSource !== 'swap' || lot.costUsd === null || lot.decimals === null || tBuy === null)
      continue;
    const cost = fromDecimal(lot.costUsd);
    if (cost.n <= 0n || lot.qtyRaw <= 0n) continue;
    const windowEnd = tBuy + c.windowDays * DAY_S;
    const trough = prices.minIn(lot.mint, tBuy, windowEnd);
    if (!trough) continue;
    const qty = fromUnits(lot.qtyRaw, lot.decimals);
    const troughValue = mul(qty, fromDecimal(trough.priceUsd));
    const dd = sub(div(troughValue, cost), frac(1n));
    if (cmp(dd, fromDecimal(c.maxDrawdownPct)) > 0) continue;
    const severity = clamp01(
      div(sub(abs(dd), fromDecimal(c.severityFromPct)), fromDecimal(c.severitySpanPct)),
    );
    out.push(
      moment({
        wallet: input.wallet,
        kind: 'bhd',
        mint: lot.mint,
        source: lot.openedAt,
        detectorVersion: c.version,
        tEvent: tBuy,
        usd: toDecimal(sub(cost, troughValue)),
        pct: toDecimal(dd),
        severity: toDecimal(severity),
        windowEnd,
        now,
        priceSource: trough.source,
        confidence: trough.confidence,
        explain: {
          lotId: lot.id,
          qty: toDecimal(qty),
          costUsd: lot.costUsd,
          entryPxUsd: toDecimal(div(cost, qty)),
          troughUsd: trough.priceUsd,
          troughAt: trough.at,
          windowStart: tBuy,
          windowEnd,
          maxDrawdownPct: c.maxDrawdownPct,
        },
      }),
    );
  }
  return out;
}
