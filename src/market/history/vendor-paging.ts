import type { Candle } from '../../store/prices/candle.repository.ts';
import { BIRDEYE_MAX_ITEMS, type BirdeyeHistorySource } from '../birdeye/birdeye-history.price-source.ts';
import { GECKO_MAX_LIMIT, type GeckoOhlcvSource } from '../geckoterminal/gecko-ohlcv.price-source.ts';
import { HOUR_MS, type HourRange } from './hour-gaps.ts';

/** The run's vendor candle-read allowance (`maxCandleReads`). */
export class ReadBudget {
  private spent = 0;

  constructor(private readonly max: number) {}

  get reads(): number {
    return this.spent;
  }

  get exhausted(): boolean {
    return this.spent >= this.max;
  }

  /** Rows the next request may return; throws `CeilingHit` (with nothing read) when none are left. */
  allowance(): number {
    if (this.exhausted) throw new CeilingHit([]);
    return this.max - this.spent;
  }

  spend(rows: number): void {
    this.spent += rows;
  }
}

/** The ceiling stopped a range part-way; `candles` are the complete candles read before it. */
export class CeilingHit extends Error {
  constructor(readonly candles: readonly Candle[]) {
    super('candle-read ceiling reached');
  }
}

/**
 * Hourly candles of `range` from a GeckoTerminal pool: pages of up to 1000 (or what the budget allows), newest
 * first by `before_timestamp`, until a page reaches `range.from`, comes back short, or is empty.
 */
export async function geckoHourCandles(
  ohlcv: GeckoOhlcvSource,
  target: { readonly pool: string; readonly mint: string },
  range: HourRange,
  budget: ReadBudget,
  onRequest: () => void,
): Promise<Candle[]> {
  const candles: Candle[] = [];
  let before = range.to + HOUR_MS;
  for (;;) {
    const limit = Math.min(GECKO_MAX_LIMIT, budget.allowance());
    onRequest();
    const page = await ohlcv({ ...target, resolution: '1h', before: new Date(before), limit });
    budget.spend(page.length);
    candles.push(...page.filter((c) => c.bucketStart.getTime() >= range.from));
    const oldest = page[0]?.bucketStart.getTime();
    if (oldest === undefined || oldest <= range.from || page.length < limit) return candles;
    if (budget.exhausted) throw new CeilingHit(candles);
    before = oldest;
  }
}

/** Hourly candles of `range` from Birdeye: oldest first, asking again after the last item of a full page. */
export async function birdeyeHourCandles(
  birdeye: BirdeyeHistorySource,
  mint: string,
  range: HourRange,
  budget: ReadBudget,
  onRequest: () => void,
): Promise<Candle[]> {
  const candles: Candle[] = [];
  let from = range.from;
  for (;;) {
    budget.allowance();
    onRequest();
    const page = await birdeye({ mint, resolution: '1h', from: new Date(from), to: new Date(range.to) });
    budget.spend(page.length);
    candles.push(...page.filter((c) => c.bucketStart.getTime() <= range.to));
    const newest = page[page.length - 1]?.bucketStart.getTime();
    if (newest === undefined || page.length < BIRDEYE_MAX_ITEMS || newest >= range.to) return candles;
    if (budget.exhausted) throw new CeilingHit(candles);
    from = newest + HOUR_MS;
  }
}
