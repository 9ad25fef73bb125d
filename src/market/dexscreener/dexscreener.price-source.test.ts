import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isOofError } from '../../core/errors/oof-error.ts';
import { parseJsonExact } from '../http/fetch-json.ts';
import {
  bestPairPerMint,
  createDexScreenerPoolSource,
  parseDexScreenerPairs,
} from './dexscreener.price-source.ts';

// Real DexScreener responses (see ../shared/data/SOURCES.md): indexer-sdk (2025–26) and raydium-executor (2023).
const DATA = new URL('../../../../shared/data/', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, DATA), 'utf8');
const INDEXER = read('indexer-sdk-dexscreener/sample/dexscreener.json');
const INDEXER_PAIRS = read('indexer-sdk-dexscreener/sample/dexscreener1.json');
const RAYDIUM = read('raydium-executor-dexscreener/dexscreener.json');
const USD1 = 'USD1ttGY1N17NEEHLmELoaybftRBUSErhqYiQzvEmuB';
const BONK_LAUNCH = 'GMvCfcZg8YvkkQmwDaAzCtHDrrEtgE74nQpQ7xNabonk';
const WOOD = 'Ao3fKu6s2jH2vFHLWUchgf4mPWQ7G4FEttHa1xXv7Wio';

function section(text: string, key: string): string {
  // Re-serialising only the envelope; the pair objects keep their number tokens via lossless-json.
  const value = (parseJsonExact(text, 'test') as Record<string, unknown>)[key];
  return JSON.stringify(value, (_k, v: unknown) =>
    typeof v === 'object' && v !== null && 'isLosslessNumber' in v ? Number.NaN : v,
  );
}

describe('DexScreener adapter', () => {
  it('parses every recorded pairs response', () => {
    const raw = (parseJsonExact(INDEXER, 'test') as Record<string, unknown>).raw;
    expect(parseDexScreenerPairs(raw)).toHaveLength(30);
    expect(
      parseDexScreenerPairs((parseJsonExact(INDEXER, 'test') as Record<string, unknown>).search),
    ).toHaveLength(30);
    expect(parseDexScreenerPairs(parseJsonExact(INDEXER_PAIRS, 'test'))).toHaveLength(30);
    const [wood] = parseDexScreenerPairs(parseJsonExact(RAYDIUM, 'test'));
    expect(wood).toEqual({
      chainId: 'solana',
      dexId: 'raydium',
      pairAddress: '6guiXw4mBNpXrGe9rcQ2mhJh3E8is8JZynd8BoAtAX93',
      labels: [],
      baseMint: WOOD,
      quoteMint: 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v',
      priceUsd: '0.0000009108',
      priceNative: '0.0000009108',
      liquidityUsd: '254.49',
      pairCreatedAt: new Date(1701274530000),
    });
  });

  it('discovers the most liquid pair per mint (base side only)', () => {
    const raw = parseDexScreenerPairs((parseJsonExact(INDEXER, 'test') as Record<string, unknown>).raw);
    const best = bestPairPerMint(raw, [USD1, 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v']);
    expect([...best.keys()]).toEqual([USD1]); // USDC is only ever the quote here: no price of its own.
    expect(best.get(USD1)).toMatchObject({
      pairAddress: 'BCDdHonby65iduz3Ev3c9v5XjNkzyu5e56KRFHpBM4T9',
      priceUsd: '0.9989',
      liquidityUsd: '15059888.24',
      labels: ['CLMM'],
    });
    const later = bestPairPerMint(parseDexScreenerPairs(parseJsonExact(INDEXER_PAIRS, 'test')), [
      BONK_LAUNCH,
    ]);
    expect(later.get(BONK_LAUNCH)).toMatchObject({
      pairAddress: '6sEkZ73vph5AFYmQTzaV6H5vAQQLZ2C8WqeCQ6MhLqFk',
      priceUsd: '0.02761',
      liquidityUsd: '940897.29',
    });
  });

  it('fetches /latest/dex/tokens/{mints} and returns the best pool per mint', async () => {
    const urls: string[] = [];
    const source = createDexScreenerPoolSource({
      fetch: (url) => {
        urls.push(url);
        return Promise.resolve(new Response(INDEXER_PAIRS));
      },
    });
    const pools = await source([USD1, BONK_LAUNCH]);
    expect(urls).toEqual([`https://api.dexscreener.com/latest/dex/tokens/${USD1},${BONK_LAUNCH}`]);
    expect(pools.get(USD1)?.pairAddress).toBe('BCDdHonby65iduz3Ev3c9v5XjNkzyu5e56KRFHpBM4T9');
    expect(pools.get(BONK_LAUNCH)?.priceUsd).toBe('0.02761');
  });

  it('reads "pairs": null as no pools, and garbage as PRICE_RESPONSE_INVALID', async () => {
    const answer = (body: string) =>
      createDexScreenerPoolSource({ fetch: () => Promise.resolve(new Response(body)) })([WOOD]);
    expect((await answer('{"schemaVersion":"1.0.0","pairs":null}')).size).toBe(0);
    for (const body of [
      '<html>',
      '{"pairs":[]}',
      RAYDIUM.replace('"priceUsd": "0.0000009108"', '"priceUsd": "cheap"'),
      RAYDIUM.replace('"usd": 254.49', '"usd": "254.49"'),
      section(INDEXER, 'summary'),
    ]) {
      const error = await answer(body).catch((e: unknown) => e);
      expect(isOofError(error, 'PRICE_RESPONSE_INVALID')).toBe(true);
    }
  });
});
