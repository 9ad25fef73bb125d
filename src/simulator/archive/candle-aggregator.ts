import type { PriceLine } from '../../chain/archive/archive-lines.ts';
import { fromScaled } from '../../domain/decimal.ts';
import { SOL_MINT } from '../../domain/mints.ts';
import type { SolUsdSeries } from '../market/sol-usd-series.ts';

const SOURCE = 'simulator';
const USD_SCALE = 18;

interface OpenCandle {
  readonly bucketStart: number;
  open: bigint;
  high: bigint;
  low: bigint;
  close: bigint;
  volume: bigint;
}

/**
 * 1-minute candles consistent with the swaps: each execution's price in USD (the SOL it moved at the pool or
 * curve, before fees, over the tokens, times SOL/USD of that minute) updates its mint's candle; volume is the
 * SOL leg in USD. Prices are exact decimals (18 fractional digits, truncated), computed in integers.
 * Token candles exist for minutes with trades; SOL has one for every minute of the period. Trades arrive in
 * time order, so a candle is complete when its mint trades in a later minute (or at the end).
 */
export class CandleAggregator {
  private readonly open = new Map<string, OpenCandle>();
  private solMinute = -1;
  private solVolume = 0n;

  constructor(
    private readonly fromTime: number,
    private readonly sol: SolUsdSeries,
    private readonly emitToken: (line: PriceLine) => Promise<void>,
    private readonly emitSol: (line: PriceLine) => Promise<void>,
  ) {}

  /** Writes the SOL candles of every minute before `unixSeconds`. */
  async advance(unixSeconds: number): Promise<void> {
    const minute = Math.floor((unixSeconds - this.fromTime) / 60);
    while (this.solMinute < minute - 1) await this.closeSolMinute();
  }

  async trade(mint: string, unixSeconds: number, lamports: bigint, tokenRaw: bigint): Promise<void> {
    if (tokenRaw <= 0n) return;
    await this.advance(unixSeconds);
    const minute = Math.floor((unixSeconds - this.fromTime) / 60);
    const solMicro = this.sol.at(minute).close;
    // USD per whole token = (lamports / 10^9) / (raw / 10^6) × (micro / 10^6), scaled by 10^18.
    const price = (lamports * solMicro * 1_000_000_000n) / tokenRaw;
    const volume = lamports * solMicro * 1_000n;
    this.solVolume += volume;
    const bucketStart = this.fromTime + minute * 60;
    const c = this.open.get(mint);
    if (c !== undefined && c.bucketStart === bucketStart) {
      if (price > c.high) c.high = price;
      if (price < c.low) c.low = price;
      c.close = price;
      c.volume += volume;
      return;
    }
    if (c !== undefined) await this.emitToken(line(mint, c));
    this.open.set(mint, { bucketStart, open: price, high: price, low: price, close: price, volume });
  }

  /** Flushes every open token candle (by mint, for a deterministic order) and SOL up to `toTime`. */
  async finish(toTime: number): Promise<void> {
    for (const mint of [...this.open.keys()].sort()) {
      const c = this.open.get(mint);
      if (c !== undefined) await this.emitToken(line(mint, c));
    }
    this.open.clear();
    await this.advance(toTime + 60);
  }

  private async closeSolMinute(): Promise<void> {
    this.solMinute += 1;
    const m = this.sol.at(this.solMinute);
    const scale = 1_000_000_000_000n; // micro-USD → 18 decimals
    await this.emitSol({
      mint: SOL_MINT,
      resolution: '1m',
      bucketStart: this.fromTime + this.solMinute * 60,
      open: fromScaled(m.open * scale, USD_SCALE),
      high: fromScaled(m.high * scale, USD_SCALE),
      low: fromScaled(m.low * scale, USD_SCALE),
      close: fromScaled(m.close * scale, USD_SCALE),
      volumeUsd: fromScaled(this.solVolume, USD_SCALE),
      source: SOURCE,
    });
    this.solVolume = 0n;
  }
}

function line(mint: string, c: OpenCandle): PriceLine {
  return {
    mint,
    resolution: '1m',
    bucketStart: c.bucketStart,
    open: fromScaled(c.open, USD_SCALE),
    high: fromScaled(c.high, USD_SCALE),
    low: fromScaled(c.low, USD_SCALE),
    close: fromScaled(c.close, USD_SCALE),
    volumeUsd: fromScaled(c.volume, USD_SCALE),
    source: SOURCE,
  };
}
