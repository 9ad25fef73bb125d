import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sharedDataAvailable } from '../../../../test/support/shared-data.ts';
import { heliusWebhookRoutes } from '../../helius/helius-webhook.routes.ts';
import type { WebhookItem } from '../../helius/webhook-item.ts';
import { buildTestArchive, type TestArchive } from '../../archive/testing/shared-data-archive.ts';
import { startReplayFixture } from '../testing/replay-fixture.ts';

let archive: TestArchive;
let app: FastifyInstance;
let url: string;
const received: WebhookItem[] = [];
beforeAll(async () => {
  if (!sharedDataAvailable()) return;
  archive = await buildTestArchive();
  // Our own Helius webhook route, as production mounts it: raw deliveries must be accepted as Helius's are.
  app = Fastify({ logger: false });
  await app.register(heliusWebhookRoutes, {
    authHeader: 'Bearer replay-secret',
    enqueue: (items) => {
      received.push(...items);
      return Promise.resolve({ accepted: items.length, duplicates: 0 });
    },
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  url = `${address}/webhooks/helius`;
});
afterAll(async () => {
  await app?.close();
  archive?.remove();
});

describe.skipIf(!sharedDataAvailable())('replay-rpc --webhook', () => {
  test('delivers every archived transaction once, in chain order, as Helius raw webhook batches', async () => {
    const r = await startReplayFixture(archive.dir, {
      webhook: { url, authorization: 'Bearer replay-secret', batchSize: 10 },
    });
    try {
      const stats = await r.server.webhook;
      expect(stats).toEqual({
        delivered: 119,
        batches: 12,
        failedBatches: 0,
        failedTransactions: 0,
        completed: true,
      });
      const expected: string[] = [];
      for await (const t of r.archive.transactions()) expected.push(t.signature);
      expect(received.map((i) => i.signature)).toEqual(expected);
      expect(received.every((i) => i.kind === 'raw')).toBe(true);
    } finally {
      await r.close();
    }
  });

  test('a receiver that refuses the credentials gets no retries; every batch is counted as failed', async () => {
    received.length = 0;
    const r = await startReplayFixture(archive.dir, {
      webhook: { url, authorization: 'wrong', batchSize: 50 },
    });
    try {
      expect(await r.server.webhook).toMatchObject({
        delivered: 0,
        batches: 3,
        failedBatches: 3,
        failedTransactions: 119,
      });
      expect(received).toHaveLength(0);
    } finally {
      await r.close();
    }
  });
});
