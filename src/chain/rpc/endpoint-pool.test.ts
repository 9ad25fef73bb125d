import { describe, expect, test } from 'vitest';
import { systemClock } from './clock.ts';
import { DEFAULT_HEALTH, EndpointHealth } from './endpoint-health.ts';
import { EndpointPool, type Lease, type PooledEndpoint } from './endpoint-pool.ts';
import type { RpcTransport } from './rpc-transport.ts';

const unused: RpcTransport = () => Promise.reject(new Error('not called in pool tests'));

function endpoint(name: string, maxConcurrency: number): PooledEndpoint {
  return {
    name,
    transport: unused,
    health: new EndpointHealth(DEFAULT_HEALTH),
    bucket: null,
    maxConcurrency,
    inFlight: 0,
  };
}

describe('EndpointPool queueing', () => {
  test('1,000 queued calls on 4 slots all get served, each release waking one waiter', async () => {
    const e = endpoint('a', 4);
    const pool = new EndpointPool([e], systemClock, 50n);
    const req = {
      triedCounts: new Map<string, number>(),
      excluded: new Set<string>(),
      deadlineMs: Date.now() + 30_000,
    };
    // Every readiness re-check reads the endpoint's slot (lag filter): count the reads.
    let checks = 0;
    const slot = e.health.slot;
    Object.defineProperty(e.health, 'slot', {
      get: () => {
        checks++;
        return slot;
      },
    });
    const served: number[] = [];
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 1000 }, async (_, i) => {
        const lease = await pool.acquire(req);
        if (!('endpoint' in lease)) throw new Error(`call ${i} not served: ${lease.waitedOut}`);
        served.push(i);
        await Promise.resolve();
        lease.release();
      }),
    );
    expect(served).toHaveLength(1000);
    expect(checks).toBeLessThan(20_000); // linear; waking every waiter on each release costs ~1,000,000
    expect(performance.now() - started).toBeLessThan(5000);
  });

  test('a waiter that excluded the freed endpoint passes the wake on to one that can use it', async () => {
    const a = endpoint('a', 1);
    const b = endpoint('b', 1);
    const pool = new EndpointPool([a, b], systemClock, 50n);
    const deadlineMs = Date.now() + 5_000;
    const holdA = await pool.acquire({ triedCounts: new Map(), excluded: new Set(['b']), deadlineMs });
    const holdB = await pool.acquire({ triedCounts: new Map(), excluded: new Set(['a']), deadlineMs });
    // First in line only accepts b; second accepts a. Freeing a must reach the second, not stall for 5 s.
    const onlyB = pool.acquire({ triedCounts: new Map(), excluded: new Set(['a']), deadlineMs });
    const onlyA = pool.acquire({ triedCounts: new Map(), excluded: new Set(['b']), deadlineMs });
    const t0 = performance.now();
    (holdA as Lease).release();
    const gotA = await onlyA;
    expect('endpoint' in gotA && gotA.endpoint.name).toBe('a');
    expect(performance.now() - t0).toBeLessThan(1000);
    (holdB as Lease).release();
    const gotB = await onlyB;
    expect('endpoint' in gotB && gotB.endpoint.name).toBe('b');
  });
});
