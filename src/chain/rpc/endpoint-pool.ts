import type { Clock } from './clock.ts';
import type { EndpointHealth } from './endpoint-health.ts';
import type { RpcTransport } from './rpc-transport.ts';
import type { TokenBucket } from './token-bucket.ts';

export interface PooledEndpoint {
  readonly name: string;
  readonly transport: RpcTransport;
  readonly health: EndpointHealth;
  /** null = no rate limit configured. */
  readonly bucket: TokenBucket | null;
  readonly maxConcurrency: number;
  inFlight: number;
}

export interface Lease {
  readonly endpoint: PooledEndpoint;
  release(): void;
}

export interface AcquireRequest {
  /** Attempts this call already made per endpoint: untried endpoints go first (failover). */
  readonly triedCounts: ReadonlyMap<string, number>;
  /** Endpoints that cannot answer this call at all. */
  readonly excluded: ReadonlySet<string>;
  /** Give up (return null) rather than wait past this wall-clock time. */
  readonly deadlineMs: number;
  readonly signal?: AbortSignal;
}

export type AcquireResult = Lease | { readonly waitedOut: 'none_left' | 'deadline' };

/**
 * The endpoint list with its limits. Chooses the healthiest endpoint that can take a call now (not cooling
 * down after a 429 or repeated failures, with a rate-limit token and a free concurrency slot), and waits —
 * up to the call's deadline — when none can.
 */
export class EndpointPool {
  private rotation = 0;
  /**
   * Callers waiting for an endpoint, oldest first. A release frees one concurrency slot, so it wakes one waiter
   * (waking all made n queued calls cost n² re-checks); a change that may free several (a cooldown cleared)
   * wakes all. A woken waiter that cannot use a free slot (it excluded that endpoint) passes the wake on, at
   * most once around the queue; when nothing is free (a newcomer took the slot) the wake ends there.
   */
  private readonly waiters = new Set<(hopsLeft: number) => void>();

  constructor(
    readonly endpoints: readonly PooledEndpoint[],
    private readonly clock: Clock,
    /** Lag (slots behind the best endpoint) beyond which an endpoint is not asked while a fresher one exists. */
    readonly maxSlotLag: bigint,
  ) {}

  bestSlot(): bigint | null {
    let best: bigint | null = null;
    for (const e of this.endpoints)
      if (e.health.slot !== null && (best === null || e.health.slot > best)) best = e.health.slot;
    return best;
  }

  /** Slots behind the best endpoint; null when its slot is unknown (never answered a probe). */
  lagOf(e: PooledEndpoint): bigint | null {
    const best = this.bestSlot();
    if (best === null) return 0n;
    return e.health.slot === null ? null : best - e.health.slot;
  }

  async acquire(req: AcquireRequest): Promise<AcquireResult> {
    let hopsLeft = 0;
    const passOn = (now: number): void => {
      if (hopsLeft > 1 && this.endpoints.some((e) => this.readyInMs(e, now) === 0))
        this.wakeOne(hopsLeft - 1);
      hopsLeft = 0;
    };
    for (;;) {
      req.signal?.throwIfAborted();
      const now = this.clock.now();
      const candidates = this.candidates(req.excluded);
      if (candidates.length === 0) {
        passOn(now);
        return { waitedOut: 'none_left' };
      }
      const ready = candidates.filter((e) => this.readyInMs(e, now) === 0);
      if (ready.length > 0) {
        const chosen = this.choose(ready, req.triedCounts);
        chosen.bucket?.tryTake(now);
        return this.lease(chosen);
      }
      passOn(now);
      const waits = candidates.map((e) => this.readyInMs(e, now));
      const soonest = Math.min(...waits);
      if (now + (Number.isFinite(soonest) ? soonest : 0) > req.deadlineMs) return { waitedOut: 'deadline' };
      // Concurrency slots free up on release (no known time): wake on release, re-check at the deadline.
      hopsLeft = await this.waitForChange(
        Number.isFinite(soonest) ? soonest : req.deadlineMs - now,
        req.signal,
      );
    }
  }

  /** Non-blocking lease of one given endpoint (health probes must not queue behind user calls). */
  tryAcquireEndpoint(e: PooledEndpoint): Lease | null {
    const now = this.clock.now();
    if (this.readyInMs(e, now) !== 0) return null;
    e.bucket?.tryTake(now);
    return this.lease(e);
  }

  /** Wakes waiters after a change that may make an endpoint ready sooner (a cooldown was cleared). */
  notifyChange(): void {
    const all = [...this.waiters];
    this.waiters.clear();
    for (const wake of all) wake(0);
  }

  private wakeOne(hopsLeft: number = this.waiters.size): void {
    const first = this.waiters.values().next();
    if (first.done === true) return;
    this.waiters.delete(first.value);
    first.value(hopsLeft);
  }

  private candidates(excluded: ReadonlySet<string>): PooledEndpoint[] {
    const open = this.endpoints.filter((e) => !excluded.has(e.name));
    // A lagging node answers from an old view of the chain (a first getSignaturesForAddress page without
    // the newest signatures, getTransaction null for a fresh one): use it only when every node lags.
    // An endpoint whose slot is unknown while others' are known is not trusted either.
    const fresh = open.filter((e) => {
      const lag = this.lagOf(e);
      return lag !== null && lag <= this.maxSlotLag;
    });
    return fresh.length > 0 ? fresh : open;
  }

  /** 0 when the endpoint can take a call now; Infinity when only a release can free it. */
  private readyInMs(e: PooledEndpoint, now: number): number {
    const cooling = Math.max(0, e.health.cooldownUntilMs - now);
    if (e.inFlight >= e.maxConcurrency) return cooling > 0 ? cooling : Number.POSITIVE_INFINITY;
    return Math.max(cooling, e.bucket?.waitMs(now) ?? 0);
  }

  private choose(ready: PooledEndpoint[], tried: ReadonlyMap<string, number>): PooledEndpoint {
    const n = this.endpoints.length;
    const turn = this.rotation++ % n;
    const order = (e: PooledEndpoint): number => (this.endpoints.indexOf(e) - turn + n) % n;
    const ranked = ready
      .map((e) => ({
        e,
        tried: tried.get(e.name) ?? 0,
        score: e.health.score(this.lagOf(e) ?? 0n),
        order: order(e),
      }))
      .sort((a, b) => a.tried - b.tried || a.score - b.score || a.order - b.order);
    // `ready` is never empty here.
    return (ranked[0] as { e: PooledEndpoint }).e;
  }

  private lease(e: PooledEndpoint): Lease {
    e.inFlight += 1;
    let released = false;
    return {
      endpoint: e,
      release: () => {
        if (released) return;
        released = true;
        e.inFlight -= 1;
        this.wakeOne();
      },
    };
  }

  /** Resolves with the pass-on budget when woken by a release (0 for a change or a timeout). */
  private waitForChange(ms: number, signal?: AbortSignal): Promise<number> {
    let wake!: (hopsLeft: number) => void;
    const changed = new Promise<number>((resolve) => {
      wake = resolve;
    });
    this.waiters.add(wake);
    const ac = new AbortController();
    const onAbort = (): void => ac.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = this.clock
      .sleep(Math.max(1, ms), ac.signal)
      .then(() => 0)
      .catch(() => 0);
    return Promise.race([changed, timer]).finally(() => {
      this.waiters.delete(wake);
      ac.abort();
      signal?.removeEventListener('abort', onAbort);
    });
  }
}
