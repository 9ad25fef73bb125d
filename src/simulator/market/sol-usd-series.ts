import type { SeededRandom } from '../random/seeded-random.ts';

/** One minute of SOL/USD in micro-dollars (10^-6 USD). */
export interface SolUsdMinute {
  readonly open: bigint;
  readonly high: bigint;
  readonly low: bigint;
  readonly close: bigint;
}

/**
 * A SOL/USD path, minute by minute, in exact integers: four sub-steps a minute, each a move of at most ±0.06%,
 * starting near $125 (SOL in April 2025). Only the current minute is kept: the market asks in time order.
 */
export class SolUsdSeries {
  private minute = -1;
  private current: SolUsdMinute;

  constructor(
    private readonly rng: SeededRandom,
    startMicroUsd = 125_000_000n,
  ) {
    this.current = { open: startMicroUsd, high: startMicroUsd, low: startMicroUsd, close: startMicroUsd };
  }

  /** The candle of minute `m` (minutes since the start), advancing the path; `m` never goes back. */
  at(m: number): SolUsdMinute {
    if (m < this.minute) throw new RangeError(`SOL/USD minute ${m} is before ${this.minute}`);
    while (this.minute < m) this.step();
    return this.current;
  }

  private step(): void {
    let price = this.current.close;
    let high = price;
    let low = price;
    const open = price;
    for (let i = 0; i < 4; i += 1) {
      price += (price * BigInt(this.rng.range(-60, 60))) / 100_000n;
      if (price > high) high = price;
      if (price < low) low = price;
    }
    this.current = { open, high, low, close: price };
    this.minute += 1;
  }
}
