import { OofError } from '../../core/errors/oof-error.ts';
import type { Logger } from '../../core/log/logger.ts';
import { fullJitterDelayMs, type BackoffPolicy } from './backoff.ts';
import type { Clock, RandomSource } from './clock.ts';
import type { EndpointPool } from './endpoint-pool.ts';
import { toRpcFailure, type FailureReason } from './rpc-failure.ts';
import type { RpcMetrics } from './rpc-metrics.ts';
import type { RpcCall, RpcTransport } from './rpc-transport.ts';

export interface FailoverOptions {
  /** Attempts per call over all endpoints. */
  readonly maxAttempts: number;
  /** Delay between rounds, once every usable endpoint has been tried for this call. */
  readonly backoff: BackoffPolicy;
  /** Longest a call may take, waits for cooldowns and rate-limit tokens included. */
  readonly callDeadlineMs: number;
}

export const DEFAULT_FAILOVER: FailoverOptions = {
  maxAttempts: 6,
  backoff: { baseMs: 100, maxMs: 5000 },
  callDeadlineMs: 60_000,
};

export interface FailoverDeps {
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly metrics?: RpcMetrics;
  readonly logger?: Logger;
  /** Awaited before the first attempt (the first slot probe, so lagging endpoints are known). */
  readonly ready?: () => Promise<void>;
}

export interface AttemptRecord {
  readonly endpoint: string;
  readonly reason: FailureReason;
  readonly message: string;
}

/**
 * Retries and failover over the pool: each attempt goes to the healthiest endpoint this call has tried
 * least; a failure that another node may not have moves on at once, and once every usable endpoint has
 * failed, rounds are spaced by full-jitter backoff. Deterministic JSON-RPC errors are thrown at once.
 */
export function createFailoverTransport(
  pool: EndpointPool,
  options: FailoverOptions,
  deps: FailoverDeps,
): RpcTransport {
  const { clock, metrics, logger } = deps;
  return async <T>(call: RpcCall<T>): Promise<T> => {
    await deps.ready?.();
    const deadlineMs = clock.now() + options.callDeadlineMs;
    const tried = new Map<string, number>();
    const excluded = new Set<string>();
    const attempts: AttemptRecord[] = [];
    let rounds = 0;
    let waitedOut: 'none_left' | 'deadline' | null = null;
    for (let attempt = 0; attempt < options.maxAttempts; attempt++) {
      const got = await pool.acquire({
        triedCounts: tried,
        excluded,
        deadlineMs,
        ...(call.signal === undefined ? {} : { signal: call.signal }),
      });
      if ('waitedOut' in got) {
        waitedOut = got.waitedOut;
        break;
      }
      const ep = got.endpoint;
      const labels = { endpoint: ep.name, method: call.method };
      const startedMs = clock.now();
      metrics?.requests.inc(labels);
      try {
        const result = await ep.transport(call);
        const latencyMs = clock.now() - startedMs;
        metrics?.latency.observe(labels, latencyMs / 1000);
        ep.health.recordSuccess(latencyMs);
        return result;
      } catch (e) {
        const failure = toRpcFailure(e, ep.name, call.method);
        const latencyMs = clock.now() - startedMs;
        metrics?.latency.observe(labels, latencyMs / 1000);
        metrics?.errors.inc({ ...labels, kind: failure.details.reason });
        ep.health.recordFailure(failure, clock.now(), latencyMs);
        if (failure.details.disposition === 'deterministic' || call.signal?.aborted === true) throw failure;
        attempts.push({ endpoint: ep.name, reason: failure.details.reason, message: failure.message });
        tried.set(ep.name, (tried.get(ep.name) ?? 0) + 1);
        if (failure.details.disposition === 'endpoint') excluded.add(ep.name);
        logger?.warn(
          { endpoint: ep.name, method: call.method, reason: failure.details.reason, attempt: attempt + 1 },
          `rpc attempt failed: ${failure.message}`,
        );
      } finally {
        got.release();
      }
      if (attempt + 1 >= options.maxAttempts) break;
      metrics?.retries.inc({ method: call.method });
      const untried = pool.endpoints.some((e) => !excluded.has(e.name) && !tried.has(e.name));
      if (!untried) {
        const delayMs = fullJitterDelayMs(rounds++, options.backoff, deps.random);
        if (clock.now() + delayMs > deadlineMs) {
          waitedOut = 'deadline';
          break;
        }
        await clock.sleep(delayMs, call.signal);
      }
    }
    throw exhausted(call.method, attempts, waitedOut, pool);
  };
}

function exhausted(
  method: string,
  attempts: readonly AttemptRecord[],
  waitedOut: 'none_left' | 'deadline' | null,
  pool: EndpointPool,
): OofError {
  const onlyRateLimited = attempts.length > 0 && attempts.every((a) => a.reason === 'rate_limited');
  const untried = pool.endpoints
    .filter((e) => !attempts.some((a) => a.endpoint === e.name))
    .map((e) => `${e.name}: not tried (${e.health.lastFailure ?? 'lagging or cooling down'})`);
  const lines = [...attempts.map((a, i) => `#${i + 1} ${a.endpoint}: ${a.message}`), ...untried];
  const why =
    waitedOut === 'deadline'
      ? 'the call deadline passed while waiting for an endpoint'
      : waitedOut === 'none_left'
        ? 'no endpoint can serve this call'
        : `${attempts.length} attempts failed`;
  const everyRateLimited =
    onlyRateLimited ||
    (attempts.length === 0 && pool.endpoints.every((e) => e.health.lastFailureReason === 'rate_limited'));
  return new OofError(
    everyRateLimited ? 'RPC_RATE_LIMITED' : 'RPC_UNAVAILABLE',
    `${method} failed on every RPC endpoint (${why}): ${lines.join('; ')}`,
    { method, attempts: attempts.map((a) => ({ ...a })), endpoints: pool.endpoints.map((e) => e.name) },
  );
}
