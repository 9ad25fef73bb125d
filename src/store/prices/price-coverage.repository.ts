import { and, eq, gte, lte, sql } from 'drizzle-orm';
import type { Db } from '../database.ts';
import { toDatabaseError } from '../database-error.ts';
import { priceCoverage } from '../schema/analytics-tables.ts';
import { tokenPrices } from '../schema/token-tables.ts';

/** "Source S was asked for mint M over [from, to] and gave `candles` candles" (0 = asked, none found). */
export interface PriceCoverage {
  readonly mint: string;
  readonly source: string;
  readonly from: Date;
  readonly to: Date;
  readonly candles: number;
}

/** Coverage rows of `mint` (any source) overlapping `[from, to]`, oldest first. */
export async function loadPriceCoverage(
  db: Db,
  mint: string,
  from: Date,
  to: Date,
): Promise<PriceCoverage[]> {
  try {
    const rows = await db
      .select()
      .from(priceCoverage)
      .where(and(eq(priceCoverage.mint, mint), lte(priceCoverage.fromTs, to), gte(priceCoverage.toTs, from)))
      .orderBy(priceCoverage.fromTs);
    return rows.map((r) => ({
      mint: r.mint,
      source: r.source,
      from: r.fromTs,
      to: r.toTs,
      candles: r.candles,
    }));
  } catch (e) {
    throw toDatabaseError(e, `loading the price coverage of ${mint}`);
  }
}

/**
 * Records coverage; asking the same source again from the same start widens the range (the later end wins
 * when later) and replaces the count.
 */
export async function recordPriceCoverage(db: Db, rows: readonly PriceCoverage[]): Promise<void> {
  if (rows.length === 0) return;
  try {
    await db
      .insert(priceCoverage)
      .values(
        rows.map((r) => ({ mint: r.mint, source: r.source, fromTs: r.from, toTs: r.to, candles: r.candles })),
      )
      .onConflictDoUpdate({
        target: [priceCoverage.mint, priceCoverage.source, priceCoverage.fromTs],
        set: {
          toTs: sql`greatest(${priceCoverage.toTs}, excluded.to_ts)`,
          candles: sql`excluded.candles`,
          fetchedAt: sql`now()`,
        },
      });
  } catch (e) {
    throw toDatabaseError(e, `recording price coverage of ${rows.length} ranges`);
  }
}

/** Start of every hour in `[from, to]` holding at least one stored candle of `mint` (any tier), ascending. */
export async function storedCandleHours(db: Db, mint: string, from: Date, to: Date): Promise<Date[]> {
  try {
    const hour = sql<Date>`date_trunc('hour', ${tokenPrices.bucketStart})`.mapWith((v: unknown) =>
      v instanceof Date ? v : new Date(String(v)),
    );
    const rows = await db
      .selectDistinct({ hour })
      .from(tokenPrices)
      .where(
        and(eq(tokenPrices.mint, mint), gte(tokenPrices.bucketStart, from), lte(tokenPrices.bucketStart, to)),
      )
      .orderBy(hour);
    return rows.map((r) => r.hour);
  } catch (e) {
    throw toDatabaseError(e, `listing the candle hours of ${mint}`);
  }
}
