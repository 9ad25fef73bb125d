import { describe, expect, it } from 'vitest';
import { isOofError } from '../../core/errors/oof-error.ts';
import { parseJsonExact } from '../../market/http/fetch-json.ts';
import { readSharedText } from '../../../test/support/shared-data.ts';
import {
  createDexScreenerTokenMarketSource,
  parseTokenPairs,
  summarizeTokenMarket,
} from './dexscreener-token-pairs.safety-source.ts';
import { tableFetch, USD1, usd1TokenPairsText, WOOD, woodPairsText } from './testing/recorded-safety-data.ts';

const BONK_LAUNCH = 'GMvCfcZg8YvkkQmwDaAzCtHDrrEtgE74nQpQ7xNabonk';
const tokenPairsUrl = (mint: string): string => `https://api.dexscreener.com/token-pairs/v1/solana/${mint}`;

describe('DexScreener token pairs on the recorded responses', () => {
  it('USD1: the deepest of its 30 Solana pairs and its first pair', async () => {
    const fetch = tableFetch({ [tokenPairsUrl(USD1)]: { status: 200, body: usd1TokenPairsText() } });
    const market = await createDexScreenerTokenMarketSource({ fetch })(USD1);
    expect(market).toEqual({
      mint: USD1,
      pairCount: 30,
      maxLiquidityUsd: '15059888.24',
      maxLiquidityPair: 'BCDdHonby65iduz3Ev3c9v5XjNkzyu5e56KRFHpBM4T9',
      firstPairCreatedAt: new Date(1756566527000),
      firstPair: '9cBMwfapZniHryEfwJfw3yqTUM266SzcsUDvcvkWWAPY',
    });
  });

  it('a token on the quote side counts too (the launch quoted in USD1)', () => {
    const pairs = parseTokenPairs(
      parseJsonExact(readSharedText('indexer-sdk-dexscreener/sample/dexscreener1.json'), 't'),
    );
    expect(summarizeTokenMarket(pairs, BONK_LAUNCH)).toEqual({
      mint: BONK_LAUNCH,
      pairCount: 3,
      maxLiquidityUsd: '940897.29',
      maxLiquidityPair: '6sEkZ73vph5AFYmQTzaV6H5vAQQLZ2C8WqeCQ6MhLqFk',
      firstPairCreatedAt: new Date(1758148287000),
      firstPair: '6sEkZ73vph5AFYmQTzaV6H5vAQQLZ2C8WqeCQ6MhLqFk',
    });
  });

  it('WOOD from the 2023 `/pairs` shape: $254.49 in one pair', () => {
    expect(summarizeTokenMarket(parseTokenPairs(parseJsonExact(woodPairsText(), 't')), WOOD)).toMatchObject({
      pairCount: 1,
      maxLiquidityUsd: '254.49',
      firstPairCreatedAt: new Date(1701274530000),
    });
  });

  it('launchpad pairs without liquidity are counted but never the deepest; unknown mints have none', () => {
    const pairs = parseTokenPairs(parseJsonExact(usd1TokenPairsText(), 't'));
    const launch = pairs.find((p) => p.liquidityUsd === null);
    expect(launch).toBeDefined();
    const alone = summarizeTokenMarket([launch!], launch!.baseMint);
    expect(alone).toMatchObject({ pairCount: 1, maxLiquidityUsd: null, maxLiquidityPair: null });
    expect(summarizeTokenMarket(pairs, WOOD)).toMatchObject({
      pairCount: 0,
      maxLiquidityUsd: null,
      firstPairCreatedAt: null,
    });
  });

  it('429/5xx → SAFETY_SOURCE_UNAVAILABLE; a body of another shape → SAFETY_RESPONSE_INVALID', async () => {
    for (const status of [429, 502]) {
      const source = createDexScreenerTokenMarketSource({
        fetch: tableFetch({ [tokenPairsUrl(USD1)]: { status, body: '' } }),
      });
      await expect(source(USD1)).rejects.toSatisfy((e) => isOofError(e, 'SAFETY_SOURCE_UNAVAILABLE'));
    }
    for (const body of ['[{"chainId":"solana"}]', '{"pairs":3}', 'nope']) {
      const source = createDexScreenerTokenMarketSource({
        fetch: tableFetch({ [tokenPairsUrl(USD1)]: { status: 200, body } }),
      });
      await expect(source(USD1)).rejects.toSatisfy((e) => isOofError(e, 'SAFETY_RESPONSE_INVALID'));
    }
  });
});
