import type { Logger } from '../../core/log/logger.ts';
import type { Clock } from './clock.ts';
import type { EndpointPool, PooledEndpoint } from './endpoint-pool.ts';
import { u64 } from './methods/u64.ts';
import { toRpcFailure } from './rpc-failure.ts';
import type { RpcMetrics } from './rpc-metrics.ts';
import type { Commitment } from './rpc-transport.ts';

const PROBE_ATTEMPTS = 3;
const PROBE_RETRY_BASE_MS = 50;

/**
 * Asks every endpoint for its slot (getSlot) so the pool knows who lags. Probes bypass failover (the
 * question is about that node) but respect its limits: a busy or cooling endpoint is skipped this round.
 */
export class SlotMonitor {
  private stopTimer: (() => void) | null = null;
  private stopped = false;
  private firstProbe: Promise<void> | null = null;

  constructor(
    private readonly pool: EndpointPool,
    private readonly deps: {
      readonly clock: Clock;
      readonly commitment: Commitment;
      readonly metrics?: RpcMetrics;
      readonly logger?: Logger;
    },
  ) {}

  /** The first probe, run once; calls await it so a lagging endpoint is known before it is used. */
  ready(): Promise<void> {
    this.firstProbe ??= this.probeAll();
    return this.firstProbe;
  }

  async probeAll(): Promise<void> {
    await Promise.all(this.pool.endpoints.map((e) => this.probeWithRetry(e)));
    for (const e of this.pool.endpoints) {
      const lag = this.pool.lagOf(e);
      if (lag === null) this.deps.metrics?.slotLag.remove({ endpoint: e.name });
      else this.deps.metrics?.slotLag.set({ endpoint: e.name }, Number(lag));
    }
  }

  /** Probes every `intervalMs` until `stop()`. */
  start(intervalMs: number): void {
    const tick = (): void => {
      if (this.stopped) return;
      this.probeAll()
        .catch((e: unknown) => this.deps.logger?.error({ err: e }, 'slot probe failed'))
        .finally(() => {
          if (!this.stopped) this.stopTimer = this.deps.clock.setTimer(intervalMs, tick);
        });
    };
    this.stopTimer = this.deps.clock.setTimer(intervalMs, tick);
  }

  stop(): void {
    this.stopped = true;
    this.stopTimer?.();
  }

  /**
   * A failed probe is retried a few times: an endpoint whose slot is unknown is not trusted while others
   * are known, so one lost probe would otherwise bench a sound endpoint — or leave a lagging one as the
   * only "known fresh" endpoint — until the next round.
   */
  private async probeWithRetry(e: PooledEndpoint): Promise<void> {
    for (let attempt = 0; attempt < PROBE_ATTEMPTS; attempt++) {
      if (attempt > 0) await this.deps.clock.sleep(PROBE_RETRY_BASE_MS * 2 ** (attempt - 1));
      const outcome = await this.probe(e);
      if (outcome !== 'failed') return;
    }
  }

  private async probe(e: PooledEndpoint): Promise<'ok' | 'failed' | 'skipped'> {
    const lease = this.pool.tryAcquireEndpoint(e);
    if (lease === null) return 'skipped';
    const startedMs = this.deps.clock.now();
    try {
      e.health.slot = await e.transport({
        method: 'getSlot',
        params: [{ commitment: this.deps.commitment }],
        parse: (r) => u64.parse(r),
      });
      e.health.recordSuccess(this.deps.clock.now() - startedMs);
      return 'ok';
    } catch (err) {
      const failure = toRpcFailure(err, e.name, 'getSlot');
      e.health.recordFailure(failure, this.deps.clock.now(), this.deps.clock.now() - startedMs);
      this.deps.metrics?.errors.inc({ endpoint: e.name, method: 'getSlot', kind: failure.details.reason });
      return 'failed';
    } finally {
      lease.release();
    }
  }
}
