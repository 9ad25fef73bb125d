/**
 * The price monitor's feed (SPEC §4 "Price monitor"): batched current prices from a primary source with a
 * fallback source for what the primary could not price (down, rate-limited, or no price for the mint), and the
 * last good price per mint kept with its time so a consumer can refuse one older than its staleness limit.
 * Sources are ports (`PriceSource`); the Jupiter Price API v3 and DexScreener adapters are wired in the worker.
 */

export interface PriceQuote {
  readonly mint: string;
  /** USD per whole token, decimal string. */
  readonly priceUsd: string;
  /** Pool liquidity, USD, when the source says. */
  readonly liquidityUsd: string | null;
  readonly decimals: number | null;
  /** When the price was read (Unix ms). */
  readonly atMs: number;
  readonly source: string;
}

export interface PriceSource {
  readonly name: string;
  /** How many mints one request may carry (Jupiter v3: 50, DexScreener: 30). */
  readonly batchSize: number;
  /** Prices of the mints it knows; absent mints have no price there. Throws when the source is unavailable. */
  fetch(mints: readonly string[], nowMs: number): Promise<ReadonlyMap<string, PriceQuote>>;
}

export interface SourceHealth {
  readonly name: string;
  readonly lastSuccessAtMs: number | null;
  readonly lastErrorAtMs: number | null;
  readonly lastError: string | null;
  readonly consecutiveFailures: number;
  readonly requests: number;
}

export interface PriceReadout {
  /** The freshest price per mint: from this round, or the last good one (check `atMs` against staleness). */
  readonly prices: ReadonlyMap<string, PriceQuote>;
  /** Mints neither source priced this round. */
  readonly missing: readonly string[];
}

export interface PriceFeed {
  read(mints: readonly string[], nowMs: number): Promise<PriceReadout>;
  health(): readonly SourceHealth[];
}

function chunks<T>(xs: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

export function createPriceFeed(sources: readonly PriceSource[]): PriceFeed {
  const lastGood = new Map<string, PriceQuote>();
  const health = new Map<string, SourceHealth>(
    sources.map((s) => [
      s.name,
      {
        name: s.name,
        lastSuccessAtMs: null,
        lastErrorAtMs: null,
        lastError: null,
        consecutiveFailures: 0,
        requests: 0,
      },
    ]),
  );
  const note = (name: string, nowMs: number, error: string | null): void => {
    const h = health.get(name)!;
    health.set(name, {
      ...h,
      requests: h.requests + 1,
      ...(error === null
        ? { lastSuccessAtMs: nowMs, consecutiveFailures: 0 }
        : { lastErrorAtMs: nowMs, lastError: error, consecutiveFailures: h.consecutiveFailures + 1 }),
    });
  };
  return {
    async read(mints, nowMs) {
      let wanted = [...new Set(mints)];
      const fresh = new Map<string, PriceQuote>();
      for (const source of sources) {
        if (wanted.length === 0) break;
        for (const batch of chunks(wanted, source.batchSize)) {
          try {
            const got = await source.fetch(batch, nowMs);
            for (const m of batch) {
              const q = got.get(m);
              if (q !== undefined) fresh.set(m, q);
            }
            note(source.name, nowMs, null);
          } catch (e) {
            note(source.name, nowMs, e instanceof Error ? e.message : String(e));
          }
        }
        wanted = wanted.filter((m) => !fresh.has(m));
      }
      for (const q of fresh.values()) lastGood.set(q.mint, q);
      const prices = new Map<string, PriceQuote>();
      for (const m of new Set(mints)) {
        const q = fresh.get(m) ?? lastGood.get(m);
        if (q !== undefined) prices.set(m, q);
      }
      return { prices, missing: wanted };
    },
    health: () => [...health.values()],
  };
}
