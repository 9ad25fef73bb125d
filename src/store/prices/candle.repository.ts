import { sql } from 'drizzle-orm';
import type { Db } from '../database.ts';
import { queryRows } from '../query-rows.ts';
import { toDatabaseError } from '../database-error.ts';
import { tokenPrices, type PriceResolution } from '../schema/token-tables.ts';

/** One stored candle; prices are decimal strings (NUMERIC(38,18)). */
export interface Candle {
  readonly mint: string;
  readonly resolution: PriceResolution;
  readonly bucketStart: Date;
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  readonly volumeUsd: string | null;
  readonly source: string;
}

export const RESOLUTION_SECONDS: Readonly<Record<PriceResolution, number>> = {
  '1m': 60,
  '5m': 300,
  '1h': 3600,
};

/** Upserts candles (a later fetch of the same bucket from the same tier replaces it and, when it changed, bumps `rev`). */
export async function saveCandles(db: Db, candles: readonly Candle[]): Promise<void> {
  if (candles.length === 0) return;
  try {
    for (let i = 0; i < candles.length; i += 1000) {
      const chunk = candles.slice(i, i + 1000);
      await db
        .insert(tokenPrices)
        .values(chunk.map((c) => ({ ...c })))
        .onConflictDoUpdate({
          target: [tokenPrices.mint, tokenPrices.resolution, tokenPrices.bucketStart],
          set: {
            open: sql`excluded.open`,
            high: sql`excluded.high`,
            low: sql`excluded.low`,
            close: sql`excluded.close`,
            volumeUsd: sql`excluded.volume_usd`,
            source: sql`excluded.source`,
            // A new revision only when something changed: a checkpointed analysis re-reads what changed.
            rev: sql`CASE WHEN (token_prices.open, token_prices.high, token_prices.low, token_prices.close,
                                token_prices.volume_usd, token_prices.source)
                          IS DISTINCT FROM (excluded.open, excluded.high, excluded.low, excluded.close,
                                            excluded.volume_usd, excluded.source)
                     THEN nextval('token_prices_rev_seq') ELSE token_prices.rev END`,
          },
        });
    }
  } catch (e) {
    throw toDatabaseError(e, `saving ${candles.length} candles`);
  }
}

/** Candles of one mint whose bucket starts within `[from − one bucket, to]`, oldest first, every tier. */
export async function loadCandles(db: Db, mint: string, from: Date, to: Date): Promise<Candle[]> {
  try {
    // Raw text columns: an analysis loads ~10^5 candles, and the ORM's per-row mapping would dominate.
    const rows = await queryRows<{
      resolution: PriceResolution;
      t: string;
      open: string;
      high: string;
      low: string;
      close: string;
      volume_usd: string | null;
      source: string;
    }>(
      db,
      sql`SELECT resolution, (extract(epoch FROM bucket_start) * 1000)::bigint::text AS t, open::text AS open,
                 high::text AS high, low::text AS low, close::text AS close, volume_usd::text AS volume_usd, source
            FROM token_prices
           WHERE mint = ${mint}
             AND bucket_start >= ${new Date(from.getTime() - RESOLUTION_SECONDS['1h'] * 1000).toISOString()}::timestamptz
             AND bucket_start <= ${to.toISOString()}::timestamptz
           ORDER BY bucket_start`,
    );
    return rows.map((r) => ({
      mint,
      resolution: r.resolution,
      bucketStart: new Date(Number(r.t)),
      open: r.open,
      high: r.high,
      low: r.low,
      close: r.close,
      volumeUsd: r.volume_usd,
      source: r.source,
    }));
  } catch (e) {
    throw toDatabaseError(e, `loading candles of ${mint}`);
  }
}
