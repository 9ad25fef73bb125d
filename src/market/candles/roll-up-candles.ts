import { OofError } from '../../core/errors/oof-error.ts';
import { fromScaled, toScaled, USD_SCALE } from '../../domain/decimal.ts';
import { RESOLUTION_SECONDS, type Candle } from '../../store/prices/candle.repository.ts';

/**
 * Candles of a finer tier → candles of `to`, exactly: open = first, close = last, high = max, low = min,
 * volume = sum (null only when every input volume is null). Groups by (mint, target bucket); output is sorted
 * by mint then bucket start. Prices come out canonical (no trailing zeros). Source: the inputs' sources,
 * sorted and joined with `+`, so rolling 1m→5m→1h gives the same row as 1m→1h.
 */
export function rollUpCandles(candles: readonly Candle[], to: '5m' | '1h'): Candle[] {
  const targetMs = RESOLUTION_SECONDS[to] * 1000;
  const groups = new Map<string, Candle[]>();
  for (const c of candles) {
    if (RESOLUTION_SECONDS[c.resolution] >= RESOLUTION_SECONDS[to]) {
      throw new OofError('INVARIANT_BROKEN', `cannot roll ${c.resolution} candles up to ${to}`, {
        mint: c.mint,
        resolution: c.resolution,
      });
    }
    const start = Math.floor(c.bucketStart.getTime() / targetMs) * targetMs;
    const key = `${c.mint}\u0000${start}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [c]);
    else group.push(c);
  }
  const out: Candle[] = [];
  for (const group of groups.values()) {
    group.sort((a, b) => a.bucketStart.getTime() - b.bucketStart.getTime());
    const first = group[0];
    const last = group[group.length - 1];
    if (first === undefined || last === undefined) continue;
    let high = toScaled(first.high, USD_SCALE);
    let low = toScaled(first.low, USD_SCALE);
    let volume: bigint | null = null;
    const sources = new Set<string>();
    for (const c of group) {
      const h = toScaled(c.high, USD_SCALE);
      const l = toScaled(c.low, USD_SCALE);
      if (h > high) high = h;
      if (l < low) low = l;
      if (c.volumeUsd !== null) volume = (volume ?? 0n) + toScaled(c.volumeUsd, USD_SCALE);
      for (const s of c.source.split('+')) sources.add(s);
    }
    out.push({
      mint: first.mint,
      resolution: to,
      bucketStart: new Date(Math.floor(first.bucketStart.getTime() / targetMs) * targetMs),
      open: canonical(first.open),
      high: fromScaled(high, USD_SCALE),
      low: fromScaled(low, USD_SCALE),
      close: canonical(last.close),
      volumeUsd: volume === null ? null : fromScaled(volume, USD_SCALE),
      source: [...sources].sort().join('+'),
    });
  }
  return out.sort((a, b) =>
    a.mint === b.mint ? a.bucketStart.getTime() - b.bucketStart.getTime() : a.mint < b.mint ? -1 : 1,
  );
}

function canonical(decimal: string): string {
  return fromScaled(toScaled(decimal, USD_SCALE), USD_SCALE);
}
