import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_DATA } from '../../../../test/support/shared-data.ts';
import type { PriceLine } from '../../archive/archive-lines.ts';
import { ArchiveWriter } from '../../archive/archive-writer.ts';

export const SOL = 'So11111111111111111111111111111111111111112';
export const BONK = 'DezXAZ8z7PnrnRJjz3wXBoRgixCaSa1mCHwu2V8eH5ZF';
/** A made-up mint with 1m candles and a 1h candle over the same hour (tier choice in roll-ups). */
export const MIXED = 'MixedTier1111111111111111111111111111111111';
/** The pool the manifest names for SOL (Raydium SOL/USDC); the other mints get a derived pool id. */
export const SOL_POOL = '58oQChx4yWmvKdwLLZzBi4ChoCc2fqCUWBkwMihLYQo2';

export interface PriceArchiveRows {
  /** Real SOL hourly OHLCV (Binance SOLUSDT, Oct 2025), as written in the CSV: [unix s, o, h, l, c, v]. */
  readonly sol: ReadonlyArray<readonly [number, string, string, string, string, string]>;
  /** Real BONK hourly closes (Binance, Dec 2023 → Jun 2025): [unix s, close]. */
  readonly bonk: ReadonlyArray<readonly [number, string]>;
}

const seconds = (time: string): number => Date.parse(`${time.replace(' ', 'T')}Z`) / 1000;

function csvRows(relative: string): string[][] {
  return readFileSync(join(SHARED_DATA, relative), 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.split(','));
}

/** The real price series of `../shared/data`, read at run time (never copied into the repository). */
export function priceArchiveRows(): PriceArchiveRows {
  return {
    sol: csvRows('crypto-signal-scanner-ohlcv-oct2025/data/SOLUSDT_1h.csv').map(
      ([t = '', o = '', h = '', l = '', c = '', v = '']) => [seconds(t), o, h, l, c, v] as const,
    ),
    bonk: csvRows('mark6-binance-hourly-closes/data/BONKUSDT.csv').map(
      ([t = '', c = '']) => [seconds(t), c] as const,
    ),
  };
}

/**
 * Writes a chain archive holding only candles: SOL (1h OHLCV; the CSV's volume, in SOL, stands in for the
 * USD volume), BONK (1h closes, open = high = low = close, volume 0) and MIXED; the manifest names SOL's pool.
 * Values are the CSV texts exactly (e.g. `2.965e-05` expanded to `0.00002965`).
 */
export async function writePriceArchive(
  dir: string,
  options: { readonly gzip?: boolean } = {},
): Promise<PriceArchiveRows> {
  const rows = priceArchiveRows();
  const writer = ArchiveWriter.create(dir, { gzip: options.gzip ?? false });
  const line = (
    mint: string,
    resolution: PriceLine['resolution'],
    t: number,
    o: string,
    h: string,
    l: string,
    c: string,
    v: string,
  ): PriceLine => ({
    mint,
    resolution,
    bucketStart: t,
    open: plainDecimal(o),
    high: plainDecimal(h),
    low: plainDecimal(l),
    close: plainDecimal(c),
    volumeUsd: plainDecimal(v),
    source: 'binance',
  });
  for (const [t, o, h, l, c, v] of rows.sol) writer.addPrice(line(SOL, '1h', t, o, h, l, c, v));
  for (const [t, c] of rows.bonk) writer.addPrice(line(BONK, '1h', t, c, c, c, c, '0'));
  const hour = 1_717_200_000 - (1_717_200_000 % 3600);
  writer.addPrice(line(MIXED, '1h', hour, '1', '9', '0.5', '2', '100'));
  writer.addPrice(line(MIXED, '1m', hour + 60, '1.1', '1.3', '1.0', '1.2', '1'));
  writer.addPrice(line(MIXED, '1m', hour + 120, '1.2', '1.6', '1.15', '1.5', '2.5'));
  writer.addPrice(line(MIXED, '1h', hour + 3600, '2', '3', '1', '2.5', '7'));
  await writer.finish({
    source: 'shared-data',
    createdBy: 'oof price archive test',
    network: 'mainnet-beta',
    wallets: [],
    tokens: [
      { mint: SOL, symbol: 'SOL', decimals: 9, roles: ['quote'] },
      { mint: BONK, symbol: 'BONK', decimals: 5, roles: [] },
    ],
    programs: [],
  });
  // The writer keeps only the documented token fields; a recorder that knows the pool adds `pool`.
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    tokens: Array<Record<string, unknown>>;
  };
  for (const t of manifest.tokens) if (t.mint === SOL) t.pool = SOL_POOL;
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return rows;
}

/** `2.965e-05` → `0.00002965`, digit for digit (the archive holds plain decimals). */
export function plainDecimal(text: string): string {
  const m = /^(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (m === null) throw new Error(`not a number: ${text}`);
  const [, int = '', frac = '', exp = '0'] = m;
  const digits = int + frac;
  const point = int.length + Number(exp);
  const whole = point <= 0 ? '0' : digits.slice(0, point).padEnd(point, '0');
  const rest = point <= 0 ? '0'.repeat(-point) + digits : digits.slice(point);
  const w = whole.replace(/^0+(?=\d)/, '');
  const f = rest.replace(/0+$/, '');
  return f === '' ? w : `${w}.${f}`;
}
