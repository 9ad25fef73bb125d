/**
 * Idle yield (SPEC §3), one moment per continuous holding window of a yield-bearing asset (APR per mint in the
 * config). missed = balance × apr × days / 365 × avg_px; emit if missed ≥ minMissedUsd. `days` is exact
 * (seconds / 86 400); avg_px is the mean of `prices.at` at the window start, every `sampleEveryHours`, and the
 * window end. An open window (end null) runs to `now` and is provisional.
 */
import type { DetectorConfig } from './detector-config.ts';
import {
  type Fraction,
  add,
  clamp01,
  cmp,
  div,
  frac,
  fromDecimal,
  fromUnits,
  mul,
  toDecimal,
} from './fraction.ts';
import { type Moment, type MomentSource, moment } from './moment.ts';
import type { PricePoint, PriceWindow } from './price-window.ts';

export interface HoldingWindow {
  readonly mint: string;
  readonly decimals: number;
  /** Balance held throughout the window, base units. */
  readonly balanceRaw: bigint;
  /** Unix seconds. */
  readonly start: number;
  /** Unix seconds; null while the wallet still holds the balance. */
  readonly end: number | null;
  /** The wallet event that opened the window. */
  readonly opened: MomentSource;
  /** The wallet event that closed it (spent or sent what the window held); absent/null while open. */
  readonly closed?: MomentSource | null;
}

/**
 * The price samples of a window taken before `until` (a resumed analysis keeps them instead of re-reading the
 * window's whole price history), keyed by the window's mint and opening event.
 */
export interface IdleSamples {
  readonly mint: string;
  readonly opened: { readonly signature: string; readonly index: number };
  /** Unix seconds: the samples at the window's grid times before it. */
  readonly until: number;
  /** Exact sum of their prices, decimal string. */
  readonly sumUsd: string;
  readonly count: number;
  readonly minConfidence: number;
  /** Sorted, distinct. */
  readonly sources: readonly string[];
}

export interface IdleYieldInput {
  readonly wallet: string;
  readonly windows: readonly HoldingWindow[];
  /** Samples already taken of windows that started before a resumed analysis' settle time. */
  readonly presampled?: readonly IdleSamples[];
  readonly prices: PriceWindow;
  readonly now: number;
  readonly config: DetectorConfig['idleYield'];
}

export function detectIdleYield(input: IdleYieldInput): Moment[] {
  const { config: c, prices, now } = input;
  const apr = new Map(c.assets.map((a) => [a.mint, a]));
  const out: Moment[] = [];
  const pre = new Map((input.presampled ?? []).map((p) => [sampleKey(p.mint, p.opened), p]));
  const windows = [...input.windows].sort((a, b) => a.start - b.start || (a.mint < b.mint ? -1 : 1));
  for (const w of windows) {
    const asset = apr.get(w.mint);
    const end = w.end ?? now;
    if (!asset || end <= w.start || w.balanceRaw <= 0n) continue;
    const step = c.sampleEveryHours * 3600;
    const taken = pre.get(sampleKey(w.mint, w.opened));
    const earlier = taken !== undefined && taken.until <= end ? taken : null;
    const samples = sampleWindow(prices, w.mint, w.start, earlier?.until ?? w.start, end, step);
    const last = prices.at(w.mint, end);
    if (last) samples.push(last);
    const count = samples.length + (earlier?.count ?? 0);
    if (count === 0) continue;
    const avgPx = div(
      samples.reduce<Fraction>(
        (s, p) => add(s, fromDecimal(p.priceUsd)),
        earlier === null ? frac(0n) : fromDecimal(earlier.sumUsd),
      ),
      frac(BigInt(count)),
    );
    const balance = fromUnits(w.balanceRaw, w.decimals);
    const years = frac(BigInt(end - w.start), 365n * 86_400n);
    const missed = mul(mul(mul(balance, fromDecimal(asset.apr)), years), avgPx);
    if (cmp(missed, fromDecimal(c.minMissedUsd)) < 0) continue;
    const minConfidence = Math.min(...samples.map((p) => p.confidence), earlier?.minConfidence ?? Infinity);
    out.push(
      moment({
        wallet: input.wallet,
        kind: 'idle_yield',
        mint: w.mint,
        source: w.opened,
        // One layer can be spent in parts: each part is its own window, told apart by the event that closed it.
        idSuffix: w.closed ? `>${w.closed.signature}:${w.closed.index}` : '>open',
        detectorVersion: c.version,
        tEvent: w.start,
        usd: toDecimal(missed),
        pct: asset.apr,
        severity: toDecimal(clamp01(div(missed, fromDecimal(c.severityFullUsd)))),
        windowEnd: w.end ?? Number.POSITIVE_INFINITY,
        now,
        priceSource: [...new Set([...(earlier?.sources ?? []), ...samples.map((p) => p.source)])]
          .sort()
          .join('+'),
        confidence: minConfidence,
        explain: {
          asset: asset.label,
          balance: toDecimal(balance),
          apr: asset.apr,
          days: toDecimal(mul(years, frac(365n))),
          avgPxUsd: toDecimal(avgPx),
          priceSamples: count,
          start: w.start,
          end,
          open: w.end === null,
        },
      }),
    );
  }
  return out;
}

/** Key of a window's samples: its mint and opening event (the layer a window comes from). */
export const sampleKey = (
  mint: string,
  opened: { readonly signature: string; readonly index: number },
): string => `${mint}:${opened.signature}:${opened.index}`;

/** `prices.at` on the window's grid (`start + k × step`), for the grid times in `[from, to)`. */
export function sampleWindow(
  prices: PriceWindow,
  mint: string,
  start: number,
  from: number,
  to: number,
  step: number,
): PricePoint[] {
  const out: PricePoint[] = [];
  const k0 = from <= start ? 0 : Math.ceil((from - start) / step);
  for (let t = start + k0 * step; t < to; t += step) {
    const p = prices.at(mint, t);
    if (p) out.push(p);
  }
  return out;
}
