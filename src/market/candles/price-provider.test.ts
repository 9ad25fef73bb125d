import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreServices } from '../../main/core-services.ts';
import { openTestServices } from '../../main/testing/test-services.ts';
import { saveCandles } from '../../store/prices/candle.repository.ts';
import { loadHourlyCloseCsv } from '../csv/hourly-close-csv.ts';
import { candleReaderFromDb, createCandlePriceProvider, type PriceProvider } from './price-provider.ts';

const DATA = new URL('../../../../shared/data/mark6-binance-hourly-closes/data/', import.meta.url);
const SOL = 'So11111111111111111111111111111111111111112';
const BONK = 'DezXAZ8z7PnrnRJjz3wXBoRgixCaSa1mCHwu2V8eH5ZF';

/** The CSV read by hand, independently of the loader: [ms, close as written]. */
function csvRows(file: string): Array<[number, string]> {
  return readFileSync(new URL(file, DATA), 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => {
      const [t = '', c = ''] = line.split(',');
      return [Date.parse(`${t.replace(' ', 'T')}Z`), c];
    });
}

/** Max/min by float over the rows in [t0, t1]; the provider's exact answer must equal the same CSV number. */
function extremeOf(
  rows: Array<[number, string]>,
  t0: number,
  t1: number,
  side: 'max' | 'min',
): [number, string] {
  const inWindow = rows.filter(([t]) => t >= t0 && t <= t1);
  return inWindow.reduce((best, row) =>
    side === 'max'
      ? Number(row[1]) > Number(best[1])
        ? row
        : best
      : Number(row[1]) < Number(best[1])
        ? row
        : best,
  );
}

let services: CoreServices;
let prices: PriceProvider;
const solRows = csvRows('SOLUSDT.csv');
const bonkRows = csvRows('BONKUSDT.csv');

beforeAll(async () => {
  services = await openTestServices();
  const db = services.database.db;
  await saveCandles(db, await loadHourlyCloseCsv(new URL('SOLUSDT.csv', DATA).pathname, SOL));
  await saveCandles(db, await loadHourlyCloseCsv(new URL('BONKUSDT.csv', DATA).pathname, BONK));
  prices = createCandlePriceProvider({ candles: candleReaderFromDb(db) });
}, 120_000);

afterAll(async () => {
  await services.close();
});

describe('PriceProvider over real hourly closes', () => {
  it('maxIn / minIn over a real window equal the CSV extremes', async () => {
    for (const [mint, rows, from, to] of [
      [SOL, solRows, '2024-03-01T00:00:00Z', '2024-04-15T23:00:00Z'],
      [BONK, bonkRows, '2024-11-01T00:00:00Z', '2024-12-31T23:00:00Z'],
    ] as const) {
      const t0 = Date.parse(from);
      const t1 = Date.parse(to);
      const [maxAt, maxText] = extremeOf(rows, t0, t1, 'max');
      const [minAt, minText] = extremeOf(rows, t0, t1, 'min');
      const max = await prices.maxIn(mint, new Date(t0), new Date(t1));
      const min = await prices.minIn(mint, new Date(t0), new Date(t1));
      expect(Number(max?.priceUsd)).toBe(Number(maxText));
      expect(max).toMatchObject({
        at: new Date(maxAt),
        source: 'binance-hourly-close',
        resolution: '1h',
        confidence: 0.8,
      });
      expect(Number(min?.priceUsd)).toBe(Number(minText));
      expect(min?.at).toEqual(new Date(minAt));
    }
  });

  it('at(t) is the close of the hour covering t, exactly', async () => {
    const p = await prices.at(BONK, new Date('2023-12-15T08:30:00Z'));
    expect(p).toEqual({
      priceUsd: '0.00002965',
      at: new Date('2023-12-15T09:00:00Z'),
      source: 'binance-hourly-close',
      resolution: '1h',
      confidence: 0.8,
    });
    expect((await prices.at(SOL, new Date('2021-01-01T01:00:00Z')))?.priceUsd).toBe('1.5734');
  });

  it('after the series ends: the last close, less confident, then nothing', async () => {
    const last = solRows[solRows.length - 1];
    if (last === undefined) throw new Error('empty CSV');
    const end = last[0] + 3_600_000;
    const stale = await prices.at(SOL, new Date(end + 3 * 3_600_000));
    expect(Number(stale?.priceUsd)).toBe(Number(last[1]));
    expect(stale?.confidence).toBe(0.6); // 0.8 × (1 − 3h / 12h)
    expect(await prices.at(SOL, new Date(end + 7 * 3_600_000))).toBeNull();
    expect(await prices.maxIn(SOL, new Date(end + 3_600_000), new Date(end + 9_000_000))).toBeNull();
  });

  it('prefers the finest tier covering the time', async () => {
    const mint = 'FineTier1111111111111111111111111111111111';
    const hour = new Date('2024-05-01T10:00:00Z');
    await saveCandles(services.database.db, [
      {
        mint,
        resolution: '1h',
        bucketStart: hour,
        open: '1',
        high: '9',
        low: '0.5',
        close: '2',
        volumeUsd: null,
        source: 'h',
      },
      {
        mint,
        resolution: '5m',
        bucketStart: new Date(hour.getTime() + 600_000),
        open: '1.5',
        high: '1.7',
        low: '1.4',
        close: '1.6',
        volumeUsd: null,
        source: 'm5',
      },
    ]);
    const inside = await prices.at(mint, new Date(hour.getTime() + 700_000));
    expect(inside).toMatchObject({ priceUsd: '1.6', source: 'm5', resolution: '5m', confidence: 0.9 });
    expect((await prices.at(mint, new Date(hour.getTime() + 60_000)))?.source).toBe('h');
    // Fully inside the 5m bucket: the hour candle's wider range does not leak in.
    const narrow = await prices.maxIn(
      mint,
      new Date(hour.getTime() + 600_000),
      new Date(hour.getTime() + 800_000),
    );
    expect(narrow).toMatchObject({ priceUsd: '1.7', source: 'm5' });
    expect((await prices.maxIn(mint, hour, new Date(hour.getTime() + 3_000_000)))?.priceUsd).toBe('9');
  });
});
