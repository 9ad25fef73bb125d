import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildApp } from '../api/app.ts';
import { createLogger } from '../core/log/logger.ts';
import type { CoreServices } from '../main/core-services.ts';
import { openTestServices } from '../main/testing/test-services.ts';
import { insertCopyWallet } from '../store/copytrade/copy-wallets.repository.ts';
import { watchedWallet } from '../store/copytrade/testing/watched-wallet.ts';
import { queryRows } from '../store/query-rows.ts';
import { findRpcTransaction, rpcIndex, sharedDataAvailable } from '../../test/support/shared-data.ts';
import { swapSignalOf } from '../copytrade/signals/swap-signal.ts';
import { decodeTransaction, parseRpcTransaction } from '../decoder/decode-transaction.ts';
import { enqueueJob } from '../store/jobs/jobs.repository.ts';
import { createWebhookEnqueue, HELIUS_WEBHOOK_QUEUE } from './helius-webhook.queue.ts';
import { processWebhookJobs } from './helius-webhook.worker.ts';

/**
 * `POST /webhooks/helius` on the real durable queue: 200 only after the jobs are committed, one job per
 * signature however often Helius redelivers, and the worker stores each transaction once.
 */
const AUTH = 'test-webhook-secret-1234';
let services: CoreServices;
let app: FastifyInstance;

beforeAll(async () => {
  services = await openTestServices();
  app = await buildApp(services, createLogger('silent'), {
    webhook: { enqueue: createWebhookEnqueue(services.database), authHeader: AUTH },
  });
});
afterAll(async () => {
  await app.close();
  await services.close();
});

const count = async (table: 'jobs' | 'tx_raw'): Promise<number> => {
  const [row] = await queryRows<{ n: string }>(
    services.database.db,
    sql`select count(*)::text as n from ${sql.raw(table)}`,
  );
  return Number(row?.n ?? 0);
};

// Helius raw webhooks deliver getTransaction results; these are real mainnet ones with a slot.
const payload = (): unknown[] =>
  rpcIndex()
    .filter((r) => r.folder === 'coinpusher')
    .map((r) => findRpcTransaction(r));

describe.skipIf(!sharedDataAvailable())('Helius webhook → durable queue → store', () => {
  test('a wrong Authorization is 401 and queues nothing', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/webhooks/helius',
      headers: { authorization: 'nope' },
      payload: payload(),
    });
    expect(res.statusCode).toBe(401);
    expect(await count('jobs')).toBe(0);
  });

  test('three deliveries of the same payload: one job per signature, each stored once', async () => {
    const body = payload();
    const replies = [];
    for (let i = 0; i < 3; i++) {
      replies.push(
        (
          await app.inject({
            method: 'POST',
            url: '/webhooks/helius',
            headers: { authorization: AUTH },
            payload: body,
          })
        ).json<{
          accepted: number;
          duplicates: number;
        }>(),
      );
    }
    expect(replies).toEqual([
      { accepted: body.length, duplicates: 0 },
      { accepted: 0, duplicates: body.length },
      { accepted: 0, duplicates: body.length },
    ]);
    expect(await count('jobs')).toBe(body.length);

    const round = await processWebhookJobs({ ...services, rpc: null }, { workerId: 'test' });
    expect(round).toMatchObject({ taken: body.length, stored: body.length, parked: 0, retried: 0 });
    expect(await count('tx_raw')).toBe(body.length);
    expect(await processWebhookJobs({ ...services, rpc: null }, { workerId: 'test' })).toMatchObject({
      taken: 0,
    });
  });

  test('an enhanced delivery with no RPC to fetch its raw transaction waits for a retry, it is not lost', async () => {
    const enhanced = {
      signature: '5'.repeat(88),
      slot: 1,
      timestamp: 1_700_000_000,
      type: 'TRANSFER',
      source: 'SYSTEM_PROGRAM',
      fee: 5000,
      feePayer: 'MatrfYnDmsBrdnETpW2S6uksrChkGwyN4RRCXtTPZsv',
      nativeTransfers: [],
      tokenTransfers: [],
      accountData: [
        {
          account: 'MatrfYnDmsBrdnETpW2S6uksrChkGwyN4RRCXtTPZsv',
          nativeBalanceChange: -5000,
          tokenBalanceChanges: [],
        },
      ],
      instructions: [],
      transactionError: null,
      events: {},
      description: '',
    };
    const res = await app.inject({
      method: 'POST',
      url: '/webhooks/helius',
      headers: { authorization: AUTH },
      payload: [enhanced],
    });
    expect(res.statusCode, res.body).toBe(200);
    const round = await processWebhookJobs({ ...services, rpc: null }, { workerId: 'test' });
    expect(round).toMatchObject({ taken: 1, stored: 0, retried: 1, parked: 0 });
  });
});

describe.skipIf(!sharedDataAvailable())(
  'webhook deliveries of watched wallets become copy-trading signals',
  () => {
    test('a watched wallet’s swap is stored once as a pending signal with the payload as delivered', async () => {
      // A real pump.fun buy; its buyer is put on the watchlist before the delivery.
      const row = rpcIndex().find((r) => r.signature.startsWith('4U8kypMuCUCk'))!;
      const raw = findRpcTransaction(row);
      const buyer = 'EfbbhahGNuhqEraRZXrwETfsaKxScngEttdQixWAW4WE';
      await insertCopyWallet(services.database.db, watchedWallet(buyer, { label: 'test' }), new Date());
      for (let i = 0; i < 2; i++) {
        const res = await app.inject({
          method: 'POST',
          url: '/webhooks/helius',
          headers: { authorization: AUTH },
          payload: [raw],
        });
        expect(res.statusCode).toBe(200);
        await processWebhookJobs({ ...services, rpc: null }, { workerId: 'signals' });
      }
      const signals = await queryRows<{
        wallet: string;
        side: string;
        outcome: string;
        source: string;
        n: string;
      }>(
        services.database.db,
        sql`select wallet, side, outcome, source, count(*) over ()::text as n from copy_signals where signature = ${row.signature}`,
      );
      expect(signals).toEqual([
        { wallet: buyer, side: 'buy', outcome: 'pending', source: 'helius_webhook', n: '1' },
      ]);
    });
  },
);

describe.skipIf(!sharedDataAvailable())('a round takes its jobs as one batch', () => {
  /** Real recorded transactions with a buy or sell, in index order, each with the owners of its swaps. */
  const withSwaps = () =>
    rpcIndex()
      .filter((r) => !r.failed && r.folder !== 'coinpusher')
      .flatMap((r) => {
        const raw = findRpcTransaction(r);
        let actions;
        try {
          actions = decodeTransaction(parseRpcTransaction(raw), { solUsdAt: () => '150' }).actions;
        } catch {
          return []; // a fixture recorded without the lookup-table addresses: not a webhook delivery
        }
        const owners = actions.map(swapSignalOf).flatMap((s) => (s === null ? [] : [s.wallet]));
        return [{ signature: r.signature, raw, owners }];
      })
      .filter((t, i, all) => t.owners.length > 0 && all.findIndex((u) => u.signature === t.signature) === i);

  test('its signals keep the delivery order (receipt times strictly increasing), a bad job is parked alone', async () => {
    // Transactions no earlier test of this file delivered.
    const queued = new Set(
      (
        await queryRows<{ key: string }>(services.database.db, sql`select singleton_key as key from jobs`)
      ).map((r) => r.key),
    );
    const txs = withSwaps()
      .filter((t) => !queued.has(`helius:${t.signature}`))
      .slice(0, 12);
    expect(txs.length).toBeGreaterThanOrEqual(6);
    for (const address of new Set(txs.flatMap((t) => t.owners))) {
      await insertCopyWallet(services.database.db, watchedWallet(address), new Date());
    }
    // Delivered newest-first on purpose: the order is the delivery's, not the signatures' or the slots'.
    const delivery = [...txs].reverse();
    const res = await app.inject({
      method: 'POST',
      url: '/webhooks/helius',
      headers: { authorization: AUTH },
      payload: delivery.map((t) => t.raw),
    });
    expect(res.statusCode, res.body).toBe(200);
    // A job the decoder refuses (a signature and nothing else), queued in the middle of the same batch.
    const broken = '3'.repeat(87);
    await enqueueJob(
      services.database.db,
      {
        queue: HELIUS_WEBHOOK_QUEUE,
        payload: { kind: 'raw', signature: broken, body: `{"transaction":{"signatures":["${broken}"]}}` },
        singletonKey: `helius:${broken}`,
      },
      new Date(),
    );

    const round = await processWebhookJobs({ ...services, rpc: null }, { workerId: 'batch' });
    expect(round).toMatchObject({ taken: txs.length + 1, stored: txs.length, parked: 1, retried: 0 });
    const [parked] = await queryRows<{ status: string; last_error: string }>(
      services.database.db,
      sql`select status, last_error from jobs where singleton_key = ${`helius:${broken}`}`,
    );
    expect(parked?.status).toBe('parked');
    expect(parked?.last_error).toMatch(/^TX_SHAPE_INVALID: Webhook transaction 3{87}:/);

    const rows = await queryRows<{ signature: string; received_ms: string }>(
      services.database.db,
      sql`select signature, (extract(epoch from received_at) * 1000)::bigint::text as received_ms
            from copy_signals where signature in ${sql.raw(`(${txs.map((t) => `'${t.signature}'`).join(',')})`)}`,
    );
    const receivedAt = new Map(rows.map((r) => [r.signature, Number(r.received_ms)]));
    const times = delivery.map((t) => receivedAt.get(t.signature));
    expect(times.every((t) => t !== undefined)).toBe(true);
    for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThan(times[i - 1]!);
  });
});
