import type { Registry } from 'prom-client';
import { OofError } from '../../core/errors/oof-error.ts';
import type { Logger } from '../../core/log/logger.ts';
import { systemClock, systemRandom, type Clock, type RandomSource } from './clock.ts';
import { DEFAULT_HEALTH, EndpointHealth, type HealthOptions } from './endpoint-health.ts';
import { EndpointPool, type PooledEndpoint } from './endpoint-pool.ts';
import { createFailoverTransport, DEFAULT_FAILOVER, type FailoverOptions } from './failover-transport.ts';
import { createHttpTransport, endpointName, type HttpEndpointConfig } from './http-transport.ts';
import { rpcMetrics } from './rpc-metrics.ts';
import type { Commitment, RpcTransport } from './rpc-transport.ts';
import { SlotMonitor } from './slot-monitor.ts';
import { SolanaRpc } from './solana-rpc.ts';
import { TokenBucket } from './token-bucket.ts';

export interface RpcEndpointConfig extends HttpEndpointConfig {
  /** Calls per second this endpoint allows (token bucket); unlimited when absent. */
  readonly ratePerSecond?: number;
  /** Bucket size; defaults to one second's worth of calls. */
  readonly burst?: number;
  /** Calls in flight at once. */
  readonly maxConcurrency?: number;
}

export interface RpcClientConfig {
  readonly endpoints: readonly RpcEndpointConfig[];
  readonly commitment?: Commitment;
  /** Slots behind the best endpoint beyond which an endpoint is avoided (50 slots ≈ 20 s). */
  readonly maxSlotLag?: number;
  /** Period of the getSlot probe of every endpoint; 0 = only the first probe (and `refreshSlots()`). */
  readonly slotProbeIntervalMs?: number;
  readonly failover?: Partial<FailoverOptions>;
  readonly health?: Partial<HealthOptions>;
}

export interface RpcClientDeps {
  readonly clock?: Clock;
  readonly random?: RandomSource;
  readonly registry?: Registry;
  readonly logger?: Logger;
  readonly fetch?: typeof fetch;
}

export interface EndpointStatus {
  readonly name: string;
  readonly latencyMs: number | null;
  readonly errorRate: number;
  readonly slot: bigint | null;
  /** null until the endpoint has answered a slot probe. */
  readonly lagSlots: bigint | null;
  readonly coolingDownForMs: number;
  readonly inFlight: number;
  readonly lastFailure: string | null;
}

export interface RpcClient {
  readonly rpc: SolanaRpc;
  /** The composed transport (limits, health, failover, retries) for calls SolanaRpc does not type. */
  readonly transport: RpcTransport;
  endpointStatus(): EndpointStatus[];
  /** Probes every endpoint's slot now. */
  refreshSlots(): Promise<void>;
  /** Stops the periodic slot probe; in-flight calls finish. */
  close(): void;
}

export const DEFAULT_MAX_CONCURRENCY = 16;

export function createRpcClient(config: RpcClientConfig, deps: RpcClientDeps = {}): RpcClient {
  const clock = deps.clock ?? systemClock;
  const commitment = config.commitment ?? 'confirmed';
  if (config.endpoints.length === 0)
    throw new OofError('CONFIG_INVALID', 'RPC client needs at least one endpoint.');
  const names = config.endpoints.map(endpointName);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) {
    throw new OofError(
      'CONFIG_INVALID',
      `Two RPC endpoints are named ${duplicate}: give them distinct names.`,
    );
  }
  const healthOptions = { ...DEFAULT_HEALTH, ...config.health };
  const metrics = deps.registry === undefined ? undefined : rpcMetrics(deps.registry);
  const endpoints: PooledEndpoint[] = config.endpoints.map((e, i) => ({
    name: names[i] as string,
    transport: createHttpTransport(e, { clock, ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }) }),
    health: new EndpointHealth(healthOptions),
    bucket:
      e.ratePerSecond === undefined
        ? null
        : new TokenBucket(e.ratePerSecond, e.burst ?? Math.max(1, Math.ceil(e.ratePerSecond)), clock.now()),
    maxConcurrency: e.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY,
    inFlight: 0,
  }));
  const pool = new EndpointPool(endpoints, clock, BigInt(config.maxSlotLag ?? 50));
  const monitor = new SlotMonitor(pool, {
    clock,
    commitment,
    ...(metrics === undefined ? {} : { metrics }),
    ...(deps.logger === undefined ? {} : { logger: deps.logger }),
  });
  const transport = createFailoverTransport(
    pool,
    { ...DEFAULT_FAILOVER, ...config.failover },
    {
      clock,
      random: deps.random ?? systemRandom,
      ready: () => monitor.ready(),
      ...(metrics === undefined ? {} : { metrics }),
      ...(deps.logger === undefined ? {} : { logger: deps.logger }),
    },
  );
  const interval = config.slotProbeIntervalMs ?? 10_000;
  if (interval > 0) monitor.start(interval);

  return {
    rpc: new SolanaRpc(transport, { commitment }),
    transport,
    endpointStatus: () => {
      const now = clock.now();
      return endpoints.map((e) => ({
        name: e.name,
        latencyMs: e.health.latencyMs,
        errorRate: e.health.errorRate,
        slot: e.health.slot,
        lagSlots: pool.lagOf(e),
        coolingDownForMs: Math.max(0, e.health.cooldownUntilMs - now),
        inFlight: e.inFlight,
        lastFailure: e.health.lastFailure,
      }));
    },
    refreshSlots: () => monitor.probeAll(),
    close: () => monitor.stop(),
  };
}
