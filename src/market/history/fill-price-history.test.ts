import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sharedDataAvailable } from '../../../test/support/shared-data.ts';
import { tempDir } from '../../chain/archive/testing/shared-data-archive.ts';
import { replayPoolAddress } from '../../chain/replay/prices/archive-candle-book.ts';
import {
  BONK,
  SOL,
  plainDecimal,
  writePriceArchive,
  type PriceArchiveRows,
} from '../../chain/replay/testing/price-archive.ts';
import { startReplayFixture, type ReplayFixture } from '../../chain/replay/testing/replay-fixture.ts';
import { fromScaled, toScaled } from '../../domain/decimal.ts';
import { USDC_MINT } from '../../domain/mints.ts';
import { loadCandles } from '../../store/prices/candle.repository.ts';
import { loadPriceCoverage } from '../../store/prices/price-coverage.repository.ts';
import { priceCoverage } from '../../store/schema/analytics-tables.ts';
import { actions, txRaw } from '../../store/schema/core-tables.ts';
import { openTestDatabase, type TestDatabase } from '../../store/testing/test-database.ts';
import { createBirdeyeHistorySource } from '../birdeye/birdeye-history.price-source.ts';
import { createGeckoOhlcvSource } from '../geckoterminal/gecko-ohlcv.price-source.ts';
import { createGeckoTokenPoolsSource } from '../geckoterminal/gecko-token-pools.price-source.ts';
import type { FetchPort } from '../http/fetch-port.ts';
import { fillPriceHistory, type PriceHistorySources } from './fill-price-history.ts';

const LOCAL = `Swaps${'1'.repeat(39)}`;
/** NUMERIC(38,18) comes back zero-padded; compare canonical decimals. */
const canon = (d: string | null): string => fromScaled(toScaled(d ?? '0', 18), 18);
const OCT_FROM = new Date('2025-10-05T00:00:00Z');
const OCT_TO = new Date('2025-10-09T23:00:00Z');

describe.skipIf(!sharedDataAvailable())('fillPriceHistory against the replay server', () => {
  let fixture: ReplayFixture;
  let rows: PriceArchiveRows;
  let database: TestDatabase;
  const out = tempDir('oof-fill-prices-');

  beforeAll(async () => {
    rows = await writePriceArchive(`${out.dir}/archive`);
    fixture = await startReplayFixture(`${out.dir}/archive`, { prices: { birdeyeApiKey: 'k' } });
  }, 60_000);
  afterAll(async () => {
    await fixture.close();
    out.remove();
  });
  beforeEach(async () => {
    database = await openTestDatabase();
  }, 60_000);
  afterEach(async () => {
    await database.dispose();
  });

  const sources = (fetchPort: FetchPort = fetch, withBirdeye = false): PriceHistorySources => ({
    geckoterminal: {
      pools: createGeckoTokenPoolsSource({ fetch: fetchPort, baseUrl: fixture.server.url }),
      ohlcv: createGeckoOhlcvSource({ fetch: fetchPort, baseUrl: fixture.server.url }),
    },
    ...(withBirdeye
      ? {
          birdeye: createBirdeyeHistorySource({ fetch: fetchPort, apiKey: 'k', baseUrl: fixture.server.url }),
        }
      : {}),
  });

  it('fills from GeckoTerminal exactly, records "asked, none found", and a second run asks nothing', async () => {
    const progress: string[] = [];
    const first = await fillPriceHistory({
      database,
      mints: [BONK, SOL],
      from: OCT_FROM,
      to: OCT_TO,
      sources: sources(),
      onProgress: (p) => progress.push(`${p.mintIndex}/${p.mints} ${p.source} ${p.candles}`),
    });
    expect(progress).toEqual(['1/2 geckoterminal 120', '2/2 geckoterminal 0', '2/2 local_vwap 0']);
    expect(first.errors).toEqual([]);
    expect(first.ceilingHit).toBe(false);
    expect(first.completed).toEqual([SOL, BONK]);
    const stored = await loadCandles(database.db, SOL, OCT_FROM, OCT_TO);
    const expected = rows.sol.filter(([t]) => t * 1000 >= OCT_FROM.getTime() && t * 1000 <= OCT_TO.getTime());
    expect(
      stored
        .filter((c) => c.bucketStart >= OCT_FROM)
        .map((c) => [
          c.bucketStart.getTime() / 1000,
          canon(c.open),
          canon(c.high),
          canon(c.low),
          canon(c.close),
          c.source,
        ]),
    ).toEqual(
      expected.map(([t, o, h, l, c]) => [
        t,
        plainDecimal(o),
        plainDecimal(h),
        plainDecimal(l),
        plainDecimal(c),
        'geckoterminal',
      ]),
    );
    expect(first.perSource.geckoterminal).toEqual({ requests: 4, candles: expected.length });
    // BONK's series ended in June: asked, none found — from every source, recorded.
    expect(
      (await loadPriceCoverage(database.db, BONK, OCT_FROM, OCT_TO)).map((c) => [c.source, c.candles]),
    ).toEqual([
      ['geckoterminal', 0],
      ['local_vwap', 0],
    ]);

    const before = fixture.server.priceRequests().total;
    const second = await fillPriceHistory({
      database,
      mints: [BONK, SOL],
      from: OCT_FROM,
      to: OCT_TO,
      sources: sources(),
    });
    expect(fixture.server.priceRequests().total).toBe(before);
    expect(second.perSource.geckoterminal).toEqual({ requests: 0, candles: 0 });
    expect(second.completed).toEqual([SOL, BONK]);
  });

  it('stops at the candle-read ceiling, keeps what it read, and a later run finishes the rest', async () => {
    const from = new Date('2024-01-01T00:00:00Z');
    const to = new Date('2024-03-31T23:00:00Z');
    const hours = rows.bonk.filter(([t]) => t * 1000 >= from.getTime() && t * 1000 <= to.getTime()).length;
    const capped = await fillPriceHistory({
      database,
      mints: [BONK],
      from,
      to,
      sources: sources(),
      maxCandleReads: 1500,
    });
    expect(capped).toMatchObject({ ceilingHit: true, candleReads: 1500, pending: [BONK], completed: [] });
    expect(capped.perSource.geckoterminal).toEqual({ requests: 3, candles: 1500 }); // pools + 1000 + 500
    // The newest 1500 hours of the window, nothing older than `from` and no coverage row yet.
    const kept = await loadCandles(database.db, BONK, from, to);
    expect(kept).toHaveLength(1500);
    expect(kept.at(-1)?.bucketStart).toEqual(to);
    expect(await loadPriceCoverage(database.db, BONK, from, to)).toEqual([]);

    const rest = await fillPriceHistory({ database, mints: [BONK], from, to, sources: sources() });
    expect(rest).toMatchObject({ ceilingHit: false, completed: [BONK] });
    expect(rest.candleReads).toBeGreaterThanOrEqual(hours - 1500);
    const stored = (await loadCandles(database.db, BONK, from, to)).filter((c) => c.bucketStart >= from);
    expect(stored).toHaveLength(hours);
    const before = fixture.server.priceRequests().total;
    await fillPriceHistory({ database, mints: [BONK], from, to, sources: sources() });
    expect(fixture.server.priceRequests().total).toBe(before);
  });

  it('a garbage answer is an error for that mint only; nothing of its range is written', async () => {
    const bonkPool = replayPoolAddress(BONK);
    const garbage: FetchPort = (url, init) =>
      url.includes(`/pools/${bonkPool}/ohlcv/`)
        ? Promise.resolve(new Response('{"data":{"attributes":{"ohlcv_list":[[1,"x"]]}}}', { status: 200 }))
        : fetch(url, init);
    const from = new Date('2024-06-01T00:00:00Z');
    const result = await fillPriceHistory({
      database,
      mints: [BONK, SOL],
      from,
      to: OCT_TO,
      sources: sources(garbage),
    });
    expect(result.errors).toEqual([
      {
        mint: BONK,
        source: 'geckoterminal',
        code: 'PRICE_RESPONSE_INVALID',
        message: expect.stringContaining(
          'geckoterminal response does not have the documented shape',
        ) as string,
      },
    ]);
    expect(result.completed).toEqual([SOL]);
    expect(await loadCandles(database.db, BONK, from, OCT_TO)).toEqual([]);
    expect(await database.db.select().from(priceCoverage).where(eq(priceCoverage.mint, BONK))).toEqual([]);
    expect((await loadCandles(database.db, SOL, OCT_FROM, OCT_TO)).length).toBeGreaterThan(100);
  });

  it('asks Birdeye for what GeckoTerminal lacks, and the local VWAP last', async () => {
    // GeckoTerminal does not know BONK here (404 on pool discovery): Birdeye has its hours.
    const noBonkPools: FetchPort = (url, init) =>
      url.includes(`/tokens/${BONK}/pools`)
        ? Promise.resolve(new Response('{"errors":[]}', { status: 404 }))
        : fetch(url, init);
    const from = new Date('2024-02-01T00:00:00Z');
    const to = new Date('2024-02-02T23:00:00Z');
    // Two swaps of LOCAL against USDC inside the window, as the store holds them after ingest.
    const t = new Date('2024-02-01T10:00:30Z');
    await database.db.insert(txRaw).values(
      ['sigA', 'sigB'].map((sig) => ({
        sig,
        slot: 1n,
        blockTime: t,
        status: 'ok' as const,
        feeLamports: 5000n,
        objectKey: sig,
        sizeBytes: 1,
        compressedBytes: 1,
        decoderVersion: 1,
      })),
    );
    await database.db.insert(actions).values([
      {
        sig: 'sigA',
        idx: 0,
        kind: 'swap',
        owner: 'W',
        mintIn: USDC_MINT,
        amountIn: '3000000',
        decimalsIn: 6,
        mintOut: LOCAL,
        amountOut: '2000000',
        decimalsOut: 6,
        slot: 1n,
        ts: t,
      },
      {
        sig: 'sigB',
        idx: 0,
        kind: 'swap',
        owner: 'W',
        mintIn: LOCAL,
        amountIn: '1000000',
        decimalsIn: 6,
        mintOut: USDC_MINT,
        amountOut: '1800000',
        decimalsOut: 6,
        slot: 1n,
        ts: t,
      },
    ]);
    const result = await fillPriceHistory({
      database,
      mints: [BONK, LOCAL],
      from,
      to,
      sources: sources(noBonkPools, true),
    });
    expect(result.errors).toEqual([]);
    const bonk = (await loadCandles(database.db, BONK, from, to)).filter((c) => c.bucketStart >= from);
    expect(bonk).toHaveLength(48);
    expect(new Set(bonk.map((c) => c.source))).toEqual(new Set(['birdeye']));
    expect(canon(bonk[0]?.close ?? null)).toBe(
      plainDecimal(rows.bonk.find(([s]) => s * 1000 === from.getTime())?.[1] ?? ''),
    );
    const local = await loadCandles(database.db, LOCAL, from, to);
    expect(
      local.map((c) => [
        c.resolution,
        c.bucketStart.toISOString(),
        canon(c.open),
        canon(c.high),
        canon(c.low),
        canon(c.close),
        canon(c.volumeUsd),
        c.source,
      ]),
    ).toEqual([['1m', '2024-02-01T10:00:00.000Z', '1.5', '1.8', '1.5', '1.8', '4.8', 'local_vwap']]);
    const coverage = await database.db
      .select()
      .from(priceCoverage)
      .where(and(eq(priceCoverage.mint, LOCAL)));
    expect(coverage.map((c) => [c.source, c.candles]).sort()).toEqual([
      ['birdeye', 0],
      ['geckoterminal', 0],
      ['local_vwap', 1],
    ]);
    expect(result.perSource.birdeye.candles).toBe(48);
  });
});
