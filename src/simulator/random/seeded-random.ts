import { createHash } from 'node:crypto';

/**
 * The simulator's only source of randomness: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator,
 * 128-bit state, passes PractRand), seeded from sha256 of a label so every stream is reproducible from the
 * `--seed` string alone. `Math.random` is never used: the same seed must give a byte-identical archive.
 */
export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string) {
    const h = createHash('sha256').update(seed).digest();
    this.a = h.readUInt32LE(0);
    this.b = h.readUInt32LE(4);
    this.c = h.readUInt32LE(8);
    this.d = h.readUInt32LE(12) | 1;
    // Discard the first outputs: sfc32 mixes its state over ~12 rounds.
    for (let i = 0; i < 16; i += 1) this.u32();
  }

  /** An independent stream for one concern (keys, market, prices...), so changing one does not shift another. */
  fork(label: string): SeededRandom {
    return new SeededRandom(`${this.u32()}:${this.u32()}:${label}`);
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1) with 53 bits. */
  float(): number {
    return (this.u32() * 2 ** 21 + (this.u32() >>> 11)) / 2 ** 53;
  }

  /** Uniform integer in [0, n), unbiased (rejection sampling). */
  int(n: number): number {
    if (!Number.isSafeInteger(n) || n <= 0) throw new RangeError(`int(${n}): n must be a positive integer`);
    if (n <= 2 ** 32) {
      const limit = 2 ** 32 - (2 ** 32 % n);
      for (;;) {
        const x = this.u32();
        if (x < limit) return x % n;
      }
    }
    return Math.floor(this.float() * n);
  }

  /** Uniform integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** Uniform bigint in [lo, hi] (inclusive), exact for any width. */
  bigRange(lo: bigint, hi: bigint): bigint {
    if (hi < lo) throw new RangeError(`bigRange: ${hi} < ${lo}`);
    const span = hi - lo + 1n;
    const bits = span.toString(2).length;
    for (;;) {
      let x = 0n;
      for (let got = 0; got < bits; got += 32) x = (x << 32n) | BigInt(this.u32());
      x &= (1n << BigInt(bits)) - 1n;
      if (x < span) return lo + x;
    }
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }

  /** Index drawn with probability proportional to `weights[i]` (all ≥ 0, some > 0). */
  weighted(weights: readonly number[], total?: number): number {
    const sum = total ?? weights.reduce((s, w) => s + w, 0);
    let x = this.float() * sum;
    for (let i = 0; i < weights.length; i += 1) {
      x -= weights[i] ?? 0;
      if (x < 0) return i;
    }
    return weights.length - 1;
  }

  /** Exponential with the given mean (inter-arrival times of a Poisson process). */
  exponential(mean: number): number {
    return -Math.log(1 - this.float()) * mean;
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i += 4) {
      const x = this.u32();
      out[i] = x & 0xff;
      if (i + 1 < n) out[i + 1] = (x >>> 8) & 0xff;
      if (i + 2 < n) out[i + 2] = (x >>> 16) & 0xff;
      if (i + 3 < n) out[i + 3] = x >>> 24;
    }
    return out;
  }
}
