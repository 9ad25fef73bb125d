import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedDataAvailable } from '../../test/support/shared-data.ts';
import { tempDir } from '../chain/archive/testing/shared-data-archive.ts';
import { replayPoolAddress } from '../chain/replay/prices/archive-candle-book.ts';
import {
  BONK,
  SOL,
  plainDecimal,
  writePriceArchive,
  type PriceArchiveRows,
} from '../chain/replay/testing/price-archive.ts';
import { startReplayFixture, type ReplayFixture } from '../chain/replay/testing/replay-fixture.ts';
import { createDexScreenerPoolSource } from './dexscreener/dexscreener.price-source.ts';
import { createJupiterPriceSource } from './jupiter/jupiter-price.price-source.ts';

/** The current-price adapters, unchanged, against the replay server's Jupiter and DexScreener endpoints. */
describe.skipIf(!sharedDataAvailable())('current-price adapters against the replay server', () => {
  let fixture: ReplayFixture;
  let rows: PriceArchiveRows;
  const out = tempDir('oof-vendors-replay-');
  beforeAll(async () => {
    rows = await writePriceArchive(`${out.dir}/archive`);
    fixture = await startReplayFixture(`${out.dir}/archive`);
  });
  afterAll(async () => {
    await fixture.close();
    out.remove();
  });

  it('Jupiter Price v3: the newest archived close, exactly, for the mints it knows', async () => {
    const jupiter = createJupiterPriceSource({ fetch, baseUrl: fixture.server.url });
    const prices = await jupiter([SOL, BONK, 'Unknown111111111111111111111111111111111111']);
    expect([...prices.keys()].sort()).toEqual([BONK, SOL].sort());
    expect(prices.get(SOL)).toMatchObject({
      priceUsd: plainDecimal(rows.sol.at(-1)?.[4] ?? ''),
      decimals: 9,
      blockId: null,
    });
    expect(prices.get(BONK)?.priceUsd).toBe(plainDecimal(rows.bonk.at(-1)?.[1] ?? ''));
  });

  it('DexScreener: pool discovery gives the replay pool and the same price', async () => {
    const dex = createDexScreenerPoolSource({ fetch, baseUrl: fixture.server.url });
    const pairs = await dex([BONK, 'Unknown111111111111111111111111111111111111']);
    expect([...pairs.keys()]).toEqual([BONK]);
    expect(pairs.get(BONK)).toMatchObject({
      pairAddress: replayPoolAddress(BONK),
      baseMint: BONK,
      priceUsd: plainDecimal(rows.bonk.at(-1)?.[1] ?? ''),
    });
    expect(fixture.server.priceRequests()).toMatchObject({ jupiterPrice: 1, dexscreenerTokens: 1 });
  });
});
