/**
 * BadRoute (SPEC §3), one moment per buy or sell swap priced in USD. The executed price of the token is the USD
 * of the quote leg over the token quantity; the benchmark is the best price available in that minute (live: a
 * Jupiter quote taken at ingest; history: the best fill of the pair in the minute, else the candle) — the caller
 * supplies it. Buy: worse = exec / bench − 1, cost = paid − qty × bench. Sell: worse = 1 − exec / bench,
 * cost = qty × bench − received. Emit if worse ≥ minWorsePct and cost ≥ minCostUsd.
 */
import type { Action } from '../../decoder/action.ts';
import type { DetectorConfig } from './detector-config.ts';
import { clamp01, cmp, div, frac, fromDecimal, fromUnits, mul, sub, toDecimal } from './fraction.ts';
import { type Moment, moment } from './moment.ts';

export interface RouteBenchmark {
  readonly priceUsd: string;
  readonly source: string;
  /** 0..1; defaults to 1 (a quote or a recorded fill). */
  readonly confidence?: number;
}

/** Best USD price per whole token of `mint` for a `side` trade in the minute starting at `minuteStart`. */
export type RouteBenchmarkFn = (
  mint: string,
  minuteStart: number,
  side: 'buy' | 'sell',
) => RouteBenchmark | null;

export interface BadRouteInput {
  readonly wallet: string;
  readonly actions: readonly Action[];
  readonly benchmark: RouteBenchmarkFn;
  readonly now: number;
  readonly config: DetectorConfig['badRoute'];
}

/** The token leg of a priced buy or sell swap (token, base units, decimals, USD of the quote leg), else null. */
export function pricedSwapLeg(
  a: Action,
): { mint: string; raw: bigint; dec: number; usd: string; side: 'buy' | 'sell' } | null {
  if (a.kind !== 'swap') return null;
  const leg =
    a.side === 'buy'
      ? { mint: a.mintOut, raw: a.amountOut, dec: a.decimalsOut, usd: a.usdIn, side: 'buy' as const }
      : a.side === 'sell'
        ? { mint: a.mintIn, raw: a.amountIn, dec: a.decimalsIn, usd: a.usdOut, side: 'sell' as const }
        : null;
  if (leg === null || leg.mint === null || leg.raw === null || leg.dec === null || leg.usd === null)
    return null;
  if (leg.raw <= 0n) return null;
  return { mint: leg.mint, raw: leg.raw, dec: leg.dec, usd: leg.usd, side: leg.side };
}

export function detectBadRoute(input: BadRouteInput): Moment[] {
  const { config: c, now } = input;
  const out: Moment[] = [];
  const seen = new Set<string>();
  const swaps = [...input.actions].sort((a, b) =>
    a.signature !== b.signature ? (a.signature < b.signature ? -1 : 1) : a.index - b.index,
  );
  for (const a of swaps) {
    const key = `${a.signature}:${a.index}`;
    if (a.kind !== 'swap' || a.blockTime === null || seen.has(key)) continue;
    if (a.owner !== null && a.owner !== input.wallet) continue;
    seen.add(key);
    const leg = pricedSwapLeg(a);
    if (leg === null) continue;
    const side = leg.side;
    const minuteStart = a.blockTime - (a.blockTime % 60);
    const bench = input.benchmark(leg.mint, minuteStart, side);
    if (!bench) continue;
    const benchPx = fromDecimal(bench.priceUsd);
    if (benchPx.n <= 0n) continue;
    const qty = fromUnits(leg.raw, leg.dec);
    const usd = fromDecimal(leg.usd);
    const exec = div(usd, qty);
    const fair = mul(qty, benchPx);
    const worse = side === 'buy' ? sub(div(exec, benchPx), frac(1n)) : sub(frac(1n), div(exec, benchPx));
    const cost = side === 'buy' ? sub(usd, fair) : sub(fair, usd);
    if (cmp(worse, fromDecimal(c.minWorsePct)) < 0 || cmp(cost, fromDecimal(c.minCostUsd)) < 0) continue;
    out.push(
      moment({
        wallet: input.wallet,
        kind: 'bad_route',
        mint: leg.mint,
        source: a,
        detectorVersion: c.version,
        tEvent: a.blockTime,
        usd: toDecimal(cost),
        pct: toDecimal(worse),
        severity: toDecimal(clamp01(div(worse, fromDecimal(c.severityFullPct)))),
        windowEnd: minuteStart + 60,
        now,
        priceSource: bench.source,
        confidence: bench.confidence ?? 1,
        explain: {
          side,
          venue: a.venue,
          qty: toDecimal(qty),
          quoteUsd: leg.usd,
          execPxUsd: toDecimal(exec),
          benchmarkPxUsd: bench.priceUsd,
          benchmarkSource: bench.source,
          minuteStart,
        },
      }),
    );
  }
  return out;
}
