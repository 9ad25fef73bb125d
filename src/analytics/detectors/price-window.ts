/** The price port the detectors read (SPEC §2.6): highs for `maxIn`, lows for `minIn`, a point for `at`. */
export interface PricePoint {
  /** USD per whole token, decimal string. */
  readonly priceUsd: string;
  /** Unix seconds of the candle or quote the value came from. */
  readonly at: number;
  readonly source: string;
  /** 0..1, as reported by the price source. */
  readonly confidence: number;
}

/** Times are unix seconds; windows are inclusive `[t0, t1]`. Null when no source knows the mint there. */
export interface PriceWindow {
  maxIn(mint: string, t0: number, t1: number): PricePoint | null;
  minIn(mint: string, t0: number, t1: number): PricePoint | null;
  at(mint: string, t: number): PricePoint | null;
}
