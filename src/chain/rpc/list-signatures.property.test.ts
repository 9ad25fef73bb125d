import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRpcClient } from './create-rpc-client.ts';
import type { Fault } from './testing/json-rpc-test-server.ts';
import { closeAll, startLedgerNodes, type LedgerNode } from './testing/ledger-nodes.ts';
import { historyOf, recordedChain, sharedDataAvailable } from './testing/recorded-chain.ts';
import { seededRandom } from './testing/seeded-random.ts';

/** Addresses with a real history of at least 10 signatures in the recorded chain. */
function richAddresses(): string[] {
  const counts = new Map<string, number>();
  for (const t of recordedChain()) for (const a of t.accounts) counts.set(a, (counts.get(a) ?? 0) + 1);
  return [...counts.entries()]
    .filter(([, n]) => n >= 10)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 6)
    .map(([a]) => a);
}

const fault: fc.Arbitrary<Fault | null> = fc.oneof(
  { weight: 6, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constant<Fault>({ kind: 'rate-limit', retryAfter: '0' }) },
  { weight: 1, arbitrary: fc.constant<Fault>({ kind: 'hang' }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Fault>({ kind: 'html', status: 200 }, { kind: 'html', status: 502 }),
  },
  { weight: 1, arbitrary: fc.constant<Fault>({ kind: 'truncated' }) },
  { weight: 1, arbitrary: fc.constant<Fault>({ kind: 'reset' }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Fault>(
      { kind: 'rpc-error', code: -32005, message: 'Node is behind by 42 slots' },
      { kind: 'rpc-error', code: -32603, message: 'Internal error' },
      { kind: 'rpc-error', code: -32002, message: 'Service unavailable', status: 503 },
    ),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 30 }).map<Fault>((ms) => ({ kind: 'delay', ms })) },
);

/**
 * Transient faults: no endpoint fails more than twice in a row. (An endpoint that fails every slot probe
 * has an unknown slot; if every fresh endpoint did while a lagging one answered, the lagging one would look
 * fresh — a limit of slot probing documented in endpoint-pool.ts.)
 */
const schedule = fc
  .array(fault, { maxLength: 10 })
  .map((plan) =>
    plan.flatMap((f, i) =>
      f !== null && plan[i - 1] !== null && plan[i - 2] !== null && i >= 2 ? [null, f] : [f],
    ),
  );
const quirks = fc.array(fc.constantFrom<'short' | 'duplicate' | null>(null, null, 'short', 'duplicate'), {
  maxLength: 10,
});

describe.skipIf(!sharedDataAvailable())(
  'paged getSignaturesForAddress under random faults (property)',
  () => {
    let nodes: LedgerNode[] = [];
    beforeAll(async () => {
      nodes = await startLedgerNodes(3);
    });
    afterAll(() => closeAll(nodes));

    test('the listing equals the server list: nothing lost, nothing duplicated, newest first', async () => {
      const addresses = richAddresses();
      expect(addresses.length).toBeGreaterThan(2);
      const tip = nodes[0]?.view.slot ?? 0n;
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...addresses),
          fc.tuple(schedule, schedule, schedule),
          fc.tuple(quirks, quirks, quirks),
          fc.boolean(),
          fc.integer({ min: 1, max: 40 }),
          fc.option(fc.nat(), { nil: undefined }),
          fc.option(fc.nat(), { nil: undefined }),
          fc.integer(),
          async (address, faults, pageQuirks, thirdLags, pageSize, beforeIdx, untilIdx, seed) => {
            const history = historyOf(address).map((t) => t.signature);
            const before = beforeIdx === undefined ? undefined : history[beforeIdx % history.length];
            const until = untilIdx === undefined ? undefined : history[untilIdx % history.length];
            nodes.forEach((node, i) => {
              const plan = faults[i] ?? [];
              const quirkPlan = pageQuirks[i] ?? [];
              node.view = {
                ...node.view,
                // A lagging node knows nothing of the newest 5 transactions of this address.
                slot: i === 2 && thirdLags ? (historyOf(address)[5]?.slot ?? tip) - 1000n : tip,
                pageQuirk: (n) => quirkPlan[n] ?? null,
              };
              const offset = node.server.requests.length;
              node.server.faults = (n) => plan[n - offset] ?? null;
            });
            const client = createRpcClient(
              {
                endpoints: nodes.map((n, i) => ({ url: n.server.url, name: `node-${i}`, timeoutMs: 100 })),
                slotProbeIntervalMs: 0,
                failover: { maxAttempts: 40, backoff: { baseMs: 5, maxMs: 40 }, callDeadlineMs: 20_000 },
                health: { failureCooldownBaseMs: 10, failureCooldownMaxMs: 50 },
              },
              { random: seededRandom(seed) },
            );
            try {
              const listed: string[] = [];
              for await (const s of client.rpc.listSignatures(address, {
                pageSize,
                ...(before === undefined ? {} : { before }),
                ...(until === undefined ? {} : { until }),
              })) {
                listed.push(s.signature);
              }
              const from = before === undefined ? 0 : history.indexOf(before) + 1;
              // The node walks from `before` towards older signatures and stops at `until` if it meets it
              // (an `until` newer than `before` is never met).
              const untilAt = until === undefined ? -1 : history.indexOf(until);
              const to = untilAt >= from ? untilAt : history.length;
              expect(listed).toEqual(history.slice(from, to));
            } finally {
              client.close();
            }
          },
        ),
        { numRuns: 40, endOnFailure: true },
      );
    }, 120_000);
  },
);
