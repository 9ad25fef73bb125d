/**
 * Per-endpoint request rate limit: `burst` tokens, refilled continuously at `ratePerSecond`. Each JSON-RPC
 * call takes one token even inside a batch, because providers count (and bill) calls, not HTTP requests.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAtMs: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    nowMs: number,
  ) {
    if (!(ratePerSecond > 0) || !(burst >= 1)) throw new RangeError('rate must be > 0 and burst ≥ 1');
    this.tokens = burst;
    this.updatedAtMs = nowMs;
  }

  /** Milliseconds until a token is available (0 = now), without taking it. */
  waitMs(nowMs: number): number {
    this.refill(nowMs);
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * 1000) / this.ratePerSecond);
  }

  /** Takes a token if one is available now. */
  tryTake(nowMs: number): boolean {
    if (this.waitMs(nowMs) > 0) return false;
    this.tokens -= 1;
    return true;
  }

  private refill(nowMs: number): void {
    // A wall clock can step backwards (NTP); never mint tokens from it, just restart the interval.
    const elapsed = Math.max(0, nowMs - this.updatedAtMs);
    this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.ratePerSecond) / 1000);
    this.updatedAtMs = nowMs;
  }
}
