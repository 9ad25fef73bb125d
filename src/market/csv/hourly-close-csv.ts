import { readFile } from 'node:fs/promises';
import { OofError } from '../../core/errors/oof-error.ts';
import type { Candle } from '../../store/prices/candle.repository.ts';
import { toPlainDecimal } from '../decimal-text.ts';

export const HOURLY_CLOSE_SOURCE = 'binance-hourly-close';
const TIME_RE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):00:00$/;

/**
 * A Binance hourly close series (`open_time,close`, UTC, e.g. `2023-12-15 08:00:00,2.965e-05`) → 1h candles
 * with open = high = low = close = the close (the series has nothing else), no volume. Close prices keep their
 * digits exactly (exponents expanded). Rows must be on the hour, strictly increasing, non-negative.
 */
export function parseHourlyCloseCsv(text: string, mint: string, source = HOURLY_CLOSE_SOURCE): Candle[] {
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== 'open_time,close') {
    throw csvError('expected the header "open_time,close"', 1);
  }
  const candles: Candle[] = [];
  let previousMs = -Infinity;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]?.trim() ?? '';
    if (line === '') continue;
    const [time = '', closeText = '', ...rest] = line.split(',');
    const m = TIME_RE.exec(time);
    const close = toPlainDecimal(closeText);
    if (m === null || rest.length > 0 || close === null || close.startsWith('-')) {
      throw csvError(`bad row ${JSON.stringify(line.slice(0, 80))}`, i + 1);
    }
    const [, y, mo, d, h] = m;
    const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h));
    if (Number.isNaN(ms) || new Date(ms).getUTCDate() !== Number(d) || ms <= previousMs) {
      throw csvError(`time ${time} is invalid or not after the previous row`, i + 1);
    }
    previousMs = ms;
    candles.push({
      mint,
      resolution: '1h',
      bucketStart: new Date(ms),
      open: close,
      high: close,
      low: close,
      close,
      volumeUsd: null,
      source,
    });
  }
  return candles;
}

export async function loadHourlyCloseCsv(
  path: string,
  mint: string,
  source = HOURLY_CLOSE_SOURCE,
): Promise<Candle[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new OofError('PRICE_CSV_INVALID', `cannot read price CSV ${path}`, { path }, e);
  }
  try {
    return parseHourlyCloseCsv(text, mint, source);
  } catch (e) {
    if (e instanceof OofError)
      throw new OofError(e.code, `${path}: ${e.message}`, { ...e.context, path }, e.cause);
    throw e;
  }
}

function csvError(message: string, line: number): OofError {
  return new OofError('PRICE_CSV_INVALID', `price CSV line ${line}: ${message}`, { line });
}
