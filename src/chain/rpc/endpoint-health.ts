import type { FailureReason, RpcFailure } from './rpc-failure.ts';

export interface HealthOptions {
  /** EWMA weight of a new latency sample. */
  readonly latencyAlpha: number;
  /** EWMA weight of a new outcome in the error rate (1 = failure, 0 = success). */
  readonly errorAlpha: number;
  /** Consecutive failures after which the endpoint is benched for a while (a simple circuit breaker). */
  readonly failuresBeforeCooldown: number;
  readonly failureCooldownBaseMs: number;
  readonly failureCooldownMaxMs: number;
  /** Score cost of one slot of lag, in latency milliseconds (a slot is ~400 ms of chain time). */
  readonly msPerSlotOfLag: number;
  /** How much worse than the rest a high error rate makes an endpoint look. */
  readonly errorRateWeight: number;
}

export const DEFAULT_HEALTH: HealthOptions = {
  latencyAlpha: 0.3,
  errorAlpha: 0.2,
  failuresBeforeCooldown: 3,
  failureCooldownBaseMs: 1000,
  failureCooldownMaxMs: 30_000,
  msPerSlotOfLag: 50,
  errorRateWeight: 5,
};

/** What the client knows of one endpoint. Lower `score` is better. */
export class EndpointHealth {
  latencyMs: number | null = null;
  errorRate = 0;
  consecutiveFailures = 0;
  slot: bigint | null = null;
  cooldownUntilMs = 0;
  lastFailure: string | null = null;
  lastFailureReason: FailureReason | null = null;

  constructor(private readonly options: HealthOptions) {}

  recordSuccess(latencyMs: number): void {
    this.latencyMs = ewma(this.latencyMs, latencyMs, this.options.latencyAlpha);
    this.errorRate = ewma(this.errorRate, 0, this.options.errorAlpha);
    this.consecutiveFailures = 0;
  }

  recordFailure(failure: RpcFailure, nowMs: number, latencyMs: number): void {
    this.lastFailure = failure.message;
    this.lastFailureReason = failure.details.reason;
    // The node's answer to a bad question (or a caller giving up) says nothing about the node.
    if (failure.details.disposition === 'deterministic') return;
    this.errorRate = ewma(this.errorRate, 1, this.options.errorAlpha);
    // A timeout is a latency sample too: without it a hanging endpoint would keep its old fast average.
    if (failure.details.reason === 'timeout') {
      this.latencyMs = ewma(this.latencyMs, latencyMs, this.options.latencyAlpha);
    }
    this.consecutiveFailures += 1;
    const retryAfter = failure.details.retryAfterMs;
    if (retryAfter !== undefined) this.coolDown(nowMs + retryAfter);
    const o = this.options;
    const over = this.consecutiveFailures - o.failuresBeforeCooldown;
    if (over >= 0) {
      this.coolDown(
        nowMs + Math.min(o.failureCooldownMaxMs, o.failureCooldownBaseMs * 2 ** Math.min(over, 20)),
      );
    }
  }

  coolDown(untilMs: number): void {
    this.cooldownUntilMs = Math.max(this.cooldownUntilMs, untilMs);
  }

  score(lagSlots: bigint): number {
    const o = this.options;
    return (
      (this.latencyMs ?? 0) * (1 + o.errorRateWeight * this.errorRate) + Number(lagSlots) * o.msPerSlotOfLag
    );
  }
}

function ewma(previous: number | null, sample: number, alpha: number): number {
  return previous === null ? sample : previous + alpha * (sample - previous);
}
