/**
 * Test switches that make the replay server misbehave like a real endpoint, off by default: a share of
 * HTTP requests answered 503 or 429 (with `Retry-After`), and added latency. Random draws come from a
 * seeded generator so a failing run can be repeated.
 */
export interface FaultOptions {
  /** Share of JSON-RPC HTTP requests answered `503 Service Unavailable`, 0…1. */
  readonly failRate?: number;
  /** Share answered `429 Too Many Requests` with `Retry-After: 1`, 0…1. */
  readonly rateLimitRate?: number;
  /** Milliseconds added before every JSON-RPC answer. */
  readonly latencyMs?: number;
  readonly seed?: number;
}

export type FaultDecision = 'none' | 'unavailable' | 'rate-limited';

export class FaultInjector {
  private state: number;

  constructor(private readonly options: FaultOptions = {}) {
    this.state = (options.seed ?? 1) >>> 0;
  }

  get latencyMs(): number {
    return this.options.latencyMs ?? 0;
  }

  decide(): FaultDecision {
    const fail = this.options.failRate ?? 0;
    const limit = this.options.rateLimitRate ?? 0;
    if (fail <= 0 && limit <= 0) return 'none';
    const r = this.next();
    if (r < fail) return 'unavailable';
    if (r < fail + limit) return 'rate-limited';
    return 'none';
  }

  /** mulberry32: tiny, fast, and the same sequence for the same seed. */
  private next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}
