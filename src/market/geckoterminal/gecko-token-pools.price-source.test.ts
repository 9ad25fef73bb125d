import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedDataAvailable } from '../../../test/support/shared-data.ts';
import { tempDir } from '../../chain/archive/testing/shared-data-archive.ts';
import { replayPoolAddress } from '../../chain/replay/prices/archive-candle-book.ts';
import { BONK, SOL, SOL_POOL, writePriceArchive } from '../../chain/replay/testing/price-archive.ts';
import { startReplayFixture, type ReplayFixture } from '../../chain/replay/testing/replay-fixture.ts';
import { isOofError } from '../../core/errors/oof-error.ts';
import { parseJsonExact } from '../http/fetch-json.ts';
import { createGeckoOhlcvSource } from './gecko-ohlcv.price-source.ts';
import { createGeckoTokenPoolsSource, parseGeckoTokenPools } from './gecko-token-pools.price-source.ts';

const USDC = 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v';
const pool = (address: string, base: string, reserve: string | null) => ({
  id: `solana_${address}`,
  type: 'pool',
  attributes: { address, reserve_in_usd: reserve, pool_created_at: '2024-01-01T00:00:00Z' },
  relationships: {
    base_token: { data: { id: `solana_${base}`, type: 'token' } },
    quote_token: { data: { id: `solana_${USDC}`, type: 'token' } },
    dex: { data: { id: 'raydium', type: 'dex' } },
  },
});

describe('GeckoTerminal token pools parser', () => {
  it('keeps pools where the mint is the base, most liquid first, exact reserves', () => {
    const a = 'A'.repeat(43);
    const b = 'B'.repeat(43);
    const c = 'C'.repeat(43);
    const body = parseJsonExact(
      JSON.stringify({
        data: [
          pool(a, SOL, '10.5'),
          pool(b, SOL, '100.25'),
          pool(c, USDC, '999'),
          pool('D'.repeat(43), SOL, null),
        ],
      }),
      'test',
    );
    expect(parseGeckoTokenPools(body, SOL).map((p) => [p.address, p.reserveUsd])).toEqual([
      [b, '100.25'],
      [a, '10.5'],
      ['D'.repeat(43), null],
    ]);
  });

  it('a body without the documented shape is PRICE_RESPONSE_INVALID', () => {
    for (const body of [{ data: {} }, { data: [{ ...pool('x', SOL, '1') }] }, { pools: [] }]) {
      expect(() => parseGeckoTokenPools(body, SOL)).toThrow(
        expect.objectContaining({ code: 'PRICE_RESPONSE_INVALID' }),
      );
    }
  });
});

describe.skipIf(!sharedDataAvailable())(
  'GeckoTerminal pool discovery + OHLCV against the replay server',
  () => {
    let fixture: ReplayFixture;
    const out = tempDir('oof-gecko-pools-');
    beforeAll(async () => {
      await writePriceArchive(`${out.dir}/archive`);
      fixture = await startReplayFixture(`${out.dir}/archive`);
    });
    afterAll(async () => {
      await fixture.close();
      out.remove();
    });

    it('discovers the pool and pages its hourly candles back', async () => {
      const pools = createGeckoTokenPoolsSource({ fetch, baseUrl: fixture.server.url });
      expect((await pools(SOL)).map((p) => p.address)).toEqual([SOL_POOL]);
      const [bonkPool] = await pools(BONK);
      expect(bonkPool?.address).toBe(replayPoolAddress(BONK));
      expect(await pools('Unknown111111111111111111111111111111111111')).toEqual([]);
      const ohlcv = createGeckoOhlcvSource({ fetch, baseUrl: fixture.server.url });
      const page = await ohlcv({
        pool: bonkPool?.address ?? '',
        mint: BONK,
        resolution: '1h',
        before: new Date('2024-01-01T00:00:00Z'),
        limit: 5,
      });
      expect(page.map((c) => c.bucketStart.toISOString())).toEqual([
        '2023-12-31T19:00:00.000Z',
        '2023-12-31T20:00:00.000Z',
        '2023-12-31T21:00:00.000Z',
        '2023-12-31T22:00:00.000Z',
        '2023-12-31T23:00:00.000Z',
      ]);
      const failing = createGeckoTokenPoolsSource({
        fetch: () => Promise.resolve(new Response('x', { status: 500 })),
        baseUrl: fixture.server.url,
      });
      await expect(failing(SOL)).rejects.toSatisfy((e) => isOofError(e, 'PRICE_SOURCE_UNAVAILABLE'));
    });
  },
);
