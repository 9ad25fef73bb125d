import { fromScaled, toScaled, USD_SCALE } from '../domain/decimal.ts';
import { SOL_MINT } from '../domain/mints.ts';
import type { Db } from '../store/database.ts';
import { loadCandles, RESOLUTION_SECONDS, type Candle } from '../store/prices/candle.repository.ts';

/**
 * SOL/USD at a block time from the stored candles, for valuing SOL legs at ingest (SPEC §2.2 quote-asset
 * pricing). The finest tier that covers the moment wins (1m, then 5m, then 1h); its close is the price of
 * that bucket. No candle covering the time → null: the leg is stored without a USD value rather than with a
 * guess, and can be valued later when prices arrive.
 */
export async function loadSolUsdLookup(
  db: Db,
  blockTimes: readonly number[],
): Promise<((unixSeconds: number) => string | null) | undefined> {
  if (blockTimes.length === 0) return undefined;
  const from = Math.min(...blockTimes);
  const to = Math.max(...blockTimes);
  const candles = await loadCandles(db, SOL_MINT, new Date(from * 1000), new Date(to * 1000));
  if (candles.length === 0) return undefined;
  const byTier: Record<Candle['resolution'], Map<number, string>> = {
    '1m': new Map(),
    '5m': new Map(),
    '1h': new Map(),
  };
  // NUMERIC comes back padded to 18 places; normalise so values compare and print as written.
  for (const c of candles) {
    byTier[c.resolution].set(
      Math.floor(c.bucketStart.getTime() / 1000),
      fromScaled(toScaled(c.close, USD_SCALE), USD_SCALE),
    );
  }
  return (t) => {
    for (const tier of ['1m', '5m', '1h'] as const) {
      const size = RESOLUTION_SECONDS[tier];
      const hit = byTier[tier].get(t - (t % size));
      if (hit !== undefined) return hit;
    }
    return null;
  };
}
