import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SOL_MINT } from '../domain/mints.ts';
import { saveCandles, type Candle } from '../store/prices/candle.repository.ts';
import { loadActions } from '../store/transactions/transaction.repository.ts';
import { findRpcTransaction, rpcIndex, sharedDataAvailable } from '../../test/support/shared-data.ts';
import { ingest } from './ingest.ts';
import { openIngestHarness, type IngestHarness } from './testing/ingest-harness.ts';
import { loadSolUsdLookup } from './quote-price-lookup.ts';

/** Quote-asset pricing at ingest: SOL legs valued from the stored SOL candles, stablecoin legs at $1. */
let h: IngestHarness;
beforeAll(async () => {
  h = await openIngestHarness();
});
afterAll(() => h.dispose());

const candle = (resolution: Candle['resolution'], startUnix: number, close: string): Candle => ({
  mint: SOL_MINT,
  resolution,
  bucketStart: new Date(startUnix * 1000),
  open: close,
  high: close,
  low: close,
  close,
  volumeUsd: null,
  source: 'test',
});

describe('SOL/USD lookup from candles', () => {
  test('the finest tier covering the time wins; no candle gives null', async () => {
    const t = 1_726_647_738; // 2024-09-18T08:22:18Z
    await saveCandles(h.database.db, [
      candle('1h', t - (t % 3600), '139.5'),
      candle('5m', t - (t % 300), '140.1'),
      candle('1m', t - (t % 60) - 60, '141.0'), // the minute before: does not cover t
    ]);
    const at = await loadSolUsdLookup(h.database.db, [t]);
    expect(at?.(t)).toBe('140.1');
    expect(at?.(t - (t % 300) - 1)).toBe('139.5');
    expect(at?.(t + 7200)).toBeNull();
    await saveCandles(h.database.db, [candle('1m', t - (t % 60), '140.25')]);
    expect((await loadSolUsdLookup(h.database.db, [t]))?.(t)).toBe('140.25');
  });
});

describe.skipIf(!sharedDataAvailable())('ingest values quote legs', () => {
  test('a pump.fun buy of 3 SOL is worth 3 × the SOL price of that minute, exactly', async () => {
    const row = rpcIndex().find((r) => r.signature.startsWith('4U8kypMuCUCk'))!;
    const t = row.blockTime!;
    await saveCandles(h.database.db, [candle('1m', t - (t % 60), '140.25')]);
    await ingest(h.deps, [findRpcTransaction(row)]);
    const swap = (await loadActions(h.database.db, row.signature)).find((a) => a.kind === 'swap');
    expect(swap).toMatchObject({ amountIn: 3_000_000_000n, usdIn: '420.75', usdOut: null });
  });

  test('a Jupiter route ending in USDT is valued at $1 per USDT, without any candle', async () => {
    const row = rpcIndex().find((r) => r.signature.startsWith('3LF4ABXfbETv'))!;
    await ingest(h.deps, [findRpcTransaction(row)]);
    const swap = (await loadActions(h.database.db, row.signature)).find((a) => a.kind === 'swap');
    expect(swap).toMatchObject({ usdOut: '2994.093354', usdIn: null });
  });
});
