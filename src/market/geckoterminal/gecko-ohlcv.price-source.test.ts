import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isOofError } from '../../core/errors/oof-error.ts';
import { toPlainDecimal } from '../decimal-text.ts';
import { parseJsonExact } from '../http/fetch-json.ts';
import { createGeckoOhlcvSource, parseGeckoOhlcv } from './gecko-ohlcv.price-source.ts';

/*
 * No GeckoTerminal OHLCV response was ever recorded. The parser follows the documented shape
 * (`data.attributes.ohlcv_list` of [unixSeconds, open, high, low, close, volume], newest first), and these
 * tests feed it REAL candles: the Binance hourly OHLCV of SOL (crypto-signal-scanner, Oct 2025) and the
 * Binance hourly closes of BONK (mark6), rendered into that shape with every number written as its CSV text.
 */
const DATA = new URL('../../../../shared/data/', import.meta.url);
const SOL_OHLCV = readFileSync(
  new URL('crypto-signal-scanner-ohlcv-oct2025/data/SOLUSDT_1h.csv', DATA),
  'utf8',
);
const BONK_CLOSES = readFileSync(new URL('mark6-binance-hourly-closes/data/BONKUSDT.csv', DATA), 'utf8');
const POOL = '58oQChx4yWmvKdwLLZzBi4ChoCc2fqCUWBkwMihLYQo2';
const SOL = 'So11111111111111111111111111111111111111112';

const seconds = (time: string): number => Date.parse(`${time.replace(' ', 'T')}Z`) / 1000;

function rows(csv: string): string[][] {
  return csv
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(','));
}

/** Rows [time, o, h, l, c, v] → a GeckoTerminal OHLCV response body, newest first, numbers verbatim. */
function geckoBody(ohlcv: string[][]): string {
  const list = ohlcv.map(([t = '', ...values]) => `[${seconds(t)},${values.join(',')}]`).reverse();
  return `{"data":{"id":"x","type":"ohlcv_request_response","attributes":{"ohlcv_list":[${list.join(',')}]}},"meta":{}}`;
}

describe('GeckoTerminal OHLCV adapter', () => {
  it('parses real SOL hourly OHLCV exactly, oldest first', () => {
    const csv = rows(SOL_OHLCV);
    const candles = parseGeckoOhlcv(parseJsonExact(geckoBody(csv), 'test'), { mint: SOL, resolution: '1h' });
    expect(candles).toHaveLength(csv.length);
    expect(candles[0]).toEqual({
      mint: SOL,
      resolution: '1h',
      bucketStart: new Date('2025-10-02T18:00:00Z'),
      open: '229.67',
      high: '233.08',
      low: '229.6',
      close: '232.19',
      volumeUsd: '1578448.39',
      source: 'geckoterminal',
    });
    csv.forEach(([t = '', o = '', h = '', l = '', c = '', v = ''], i) => {
      expect(candles[i]).toMatchObject({
        bucketStart: new Date(seconds(t) * 1000),
        open: toPlainDecimal(o),
        high: toPlainDecimal(h),
        low: toPlainDecimal(l),
        close: toPlainDecimal(c),
        volumeUsd: toPlainDecimal(v),
      });
    });
  });

  it('keeps BONK closes written with exponents exact', () => {
    const closes = rows(BONK_CLOSES).slice(0, 48);
    const body = geckoBody(closes.map(([t = '', c = '']) => [t, c, c, c, c, '0']));
    const candles = parseGeckoOhlcv(parseJsonExact(body, 'test'), { mint: 'bonk', resolution: '1h' });
    expect(closes[0]?.[1]).toBe('2.965e-05');
    expect(candles[0]).toMatchObject({ bucketStart: new Date('2023-12-15T08:00:00Z'), close: '0.00002965' });
    expect(candles.map((c) => c.close)).toEqual(closes.map(([, c = '']) => toPlainDecimal(c)));
  });

  it('requests /ohlcv/{timeframe} with aggregate, limit and before_timestamp', async () => {
    const urls: string[] = [];
    const source = createGeckoOhlcvSource({
      fetch: (url) => {
        urls.push(url);
        return Promise.resolve(new Response(geckoBody(rows(SOL_OHLCV).slice(0, 3))));
      },
    });
    await source({
      pool: POOL,
      mint: SOL,
      resolution: '1h',
      before: new Date('2025-10-03T00:00:00Z'),
      limit: 3,
    });
    const url = new URL(urls[0] ?? '');
    expect(url.pathname).toBe(`/api/v2/networks/solana/pools/${POOL}/ohlcv/hour`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      aggregate: '1',
      limit: '3',
      currency: 'usd',
      before_timestamp: String(seconds('2025-10-03 00:00:00')),
    });
    await source({ pool: POOL, mint: SOL, resolution: '5m' }).catch(() => undefined);
    expect(new URL(urls[1] ?? '').pathname.endsWith('/ohlcv/minute')).toBe(true);
    expect(new URL(urls[1] ?? '').searchParams.get('aggregate')).toBe('5');
  });

  it('turns garbage into clear errors', async () => {
    const good = geckoBody(rows(SOL_OHLCV).slice(0, 2));
    const cases: Array<[string, string]> = [
      ['{"data":{}}', 'PRICE_RESPONSE_INVALID'],
      [good.replace('229.67', '"229.67"'), 'PRICE_RESPONSE_INVALID'],
      [good.replace(',1578448.39]', ']'), 'PRICE_RESPONSE_INVALID'],
      [good.replace('229.67', '-229.67'), 'PRICE_RESPONSE_INVALID'],
      [
        good.replace(String(seconds('2025-10-02 18:00:00')), String(seconds('2025-10-02 18:00:00') + 7)),
        'PRICE_RESPONSE_INVALID',
      ],
    ];
    for (const [body, code] of cases) {
      const source = createGeckoOhlcvSource({ fetch: () => Promise.resolve(new Response(body)) });
      const error = await source({ pool: POOL, mint: SOL, resolution: '1h' }).catch((e: unknown) => e);
      expect(isOofError(error, code as 'PRICE_RESPONSE_INVALID')).toBe(true);
    }
    const limited = createGeckoOhlcvSource({
      fetch: () => Promise.resolve(new Response('', { status: 429 })),
    });
    const error = await limited({ pool: POOL, mint: SOL, resolution: '1h' }).catch((e: unknown) => e);
    expect(isOofError(error, 'PRICE_SOURCE_UNAVAILABLE')).toBe(true);
    const refused = await limited({ pool: 'not a pool', mint: SOL, resolution: '1h' }).catch(
      (e: unknown) => e,
    );
    expect(isOofError(refused, 'PRICE_REQUEST_INVALID')).toBe(true);
  });
});
