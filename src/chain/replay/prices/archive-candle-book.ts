import { getBase58Decoder } from '@solana/kit';
import { createHash } from 'node:crypto';
import { fromScaled, toScaled, USD_SCALE } from '../../../domain/decimal.ts';
import { SOL_MINT } from '../../../domain/mints.ts';
import type { PriceLine } from '../../archive/archive-lines.ts';
import type { ArchiveReader } from '../../archive/archive-reader.ts';

/** One rolled-up bucket; prices and volume are canonical decimal strings, `start` is unix seconds. */
export interface BookCandle {
  readonly start: number;
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  readonly volumeUsd: string;
}

export interface PricedToken {
  readonly mint: string;
  readonly pool: string;
  readonly symbol: string;
  readonly name: string;
  readonly decimals: number;
}

const TIER_SECONDS: Readonly<Record<PriceLine['resolution'], number>> = { '1m': 60, '5m': 300, '1h': 3600 };
const FINEST_FIRST: ReadonlyArray<PriceLine['resolution']> = ['1m', '5m', '1h'];

/**
 * A priced mint's pool address: the manifest token's `pool` when the archive names one, else a stable id
 * derived from the mint — base58 of SHA-256(`oof-replay-pool:` + mint), 32 bytes like a real account address,
 * so clients that validate pool addresses accept it and every run serves the same one.
 */
export function replayPoolAddress(mint: string): string {
  return getBase58Decoder().decode(createHash('sha256').update(`oof-replay-pool:${mint}`).digest());
}

/**
 * The archive's candles (`prices/<mint>.jsonl`) as the price endpoints need them: one pool per priced mint,
 * and candles rolled up to any bucket size the archived tiers divide — exactly (open first, close last, high
 * max, low min, volume summed, all on scaled bigints). Within one target bucket only the finest archived tier
 * that divides it and has candles there is used, so tiers are never double counted. Candles are read once
 * per mint and kept.
 */
export class ArchiveCandleBook {
  private readonly tokens = new Map<string, PricedToken>();
  private readonly byPool = new Map<string, string>();
  private readonly lines = new Map<string, Promise<PriceLine[]>>();
  private readonly rolled = new Map<string, Promise<BookCandle[]>>();

  constructor(private readonly archive: ArchiveReader) {
    const manifestTokens = new Map(archive.manifest.tokens.map((t) => [t.mint, t]));
    for (const mint of archive.priceMints()) {
      const t = manifestTokens.get(mint);
      const pool = typeof t?.pool === 'string' && t.pool !== '' ? t.pool : replayPoolAddress(mint);
      const symbol = t?.symbol ?? (mint === SOL_MINT ? 'SOL' : mint.slice(0, 6));
      this.tokens.set(mint, {
        mint,
        pool,
        symbol,
        name: symbol,
        decimals: t?.decimals ?? (mint === SOL_MINT ? 9 : 6),
      });
      this.byPool.set(pool, mint);
    }
  }

  token(mint: string): PricedToken | undefined {
    return this.tokens.get(mint);
  }

  mintOfPool(pool: string): string | undefined {
    return this.byPool.get(pool);
  }

  /** Buckets of `bucketSeconds` (epoch-aligned), oldest first; empty when no archived tier divides it. */
  candles(mint: string, bucketSeconds: number): Promise<BookCandle[]> {
    const key = `${mint}\u0000${bucketSeconds}`;
    let cached = this.rolled.get(key);
    if (cached === undefined) {
      cached = this.read(mint).then((lines) => rollUp(lines, bucketSeconds));
      this.rolled.set(key, cached);
    }
    return cached;
  }

  /** The newest archived candle of any tier (the "current" price of the archive), or undefined. */
  async latest(mint: string): Promise<{ close: string; end: number; first: number } | undefined> {
    const lines = await this.read(mint);
    let best: PriceLine | undefined;
    for (const l of lines) {
      const end = l.bucketStart + TIER_SECONDS[l.resolution];
      if (best === undefined || end > best.bucketStart + TIER_SECONDS[best.resolution]) best = l;
    }
    const first = lines[0];
    return best === undefined || first === undefined
      ? undefined
      : {
          close: canonical(best.close),
          end: best.bucketStart + TIER_SECONDS[best.resolution],
          first: first.bucketStart,
        };
  }

  private read(mint: string): Promise<PriceLine[]> {
    let cached = this.lines.get(mint);
    if (cached === undefined) {
      cached = (async () => {
        const out: PriceLine[] = [];
        if (!this.tokens.has(mint)) return out;
        for await (const l of this.archive.prices(mint)) out.push(l);
        return out.sort((a, b) => a.bucketStart - b.bucketStart);
      })();
      this.lines.set(mint, cached);
    }
    return cached;
  }
}

function rollUp(lines: readonly PriceLine[], bucketSeconds: number): BookCandle[] {
  const tiers = FINEST_FIRST.filter((t) => bucketSeconds % TIER_SECONDS[t] === 0);
  if (tiers.length === 0) return [];
  const groups = new Map<number, PriceLine[]>();
  for (const l of lines) {
    if (!tiers.includes(l.resolution)) continue;
    const start = Math.floor(l.bucketStart / bucketSeconds) * bucketSeconds;
    const g = groups.get(start);
    if (g === undefined) groups.set(start, [l]);
    else g.push(l);
  }
  const out: BookCandle[] = [];
  for (const [start, group] of [...groups.entries()].sort((a, b) => a[0] - b[0])) {
    const tier = tiers.find((t) => group.some((l) => l.resolution === t));
    const used = group.filter((l) => l.resolution === tier);
    const first = used[0];
    const last = used[used.length - 1];
    if (first === undefined || last === undefined) continue;
    let high = toScaled(first.high, USD_SCALE);
    let low = toScaled(first.low, USD_SCALE);
    let volume = 0n;
    for (const l of used) {
      const h = toScaled(l.high, USD_SCALE);
      const lo = toScaled(l.low, USD_SCALE);
      if (h > high) high = h;
      if (lo < low) low = lo;
      volume += toScaled(l.volumeUsd, USD_SCALE);
    }
    out.push({
      start,
      open: canonical(first.open),
      high: fromScaled(high, USD_SCALE),
      low: fromScaled(low, USD_SCALE),
      close: canonical(last.close),
      volumeUsd: fromScaled(volume, USD_SCALE),
    });
  }
  return out;
}

function canonical(decimal: string): string {
  return fromScaled(toScaled(decimal, USD_SCALE), USD_SCALE);
}
