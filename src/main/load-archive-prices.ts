import type { ArchiveReader } from '../chain/archive/archive-reader.ts';
import { SOL_MINT } from '../domain/mints.ts';
import type { Database } from '../store/database.ts';
import { saveCandles, type Candle } from '../store/prices/candle.repository.ts';

/**
 * Loads the SOL/USD candles a chain archive carries into `token_prices`, so SOL legs ingested from it are
 * valued (the simulated market publishes its own SOL series). Idempotent: candles are upserted by bucket.
 */
export async function loadArchiveSolPrices(archive: ArchiveReader, database: Database): Promise<number> {
  if (!archive.priceMints().includes(SOL_MINT)) return 0;
  let batch: Candle[] = [];
  let total = 0;
  const flush = async (): Promise<void> => {
    await saveCandles(database.db, batch);
    total += batch.length;
    batch = [];
  };
  for await (const line of archive.prices(SOL_MINT)) {
    batch.push({
      mint: line.mint,
      resolution: line.resolution,
      bucketStart: new Date(line.bucketStart * 1000),
      open: line.open,
      high: line.high,
      low: line.low,
      close: line.close,
      volumeUsd: line.volumeUsd,
      source: line.source,
    });
    if (batch.length >= 1000) await flush();
  }
  await flush();
  return total;
}
