import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../core/log/logger.ts';
import type { CoreServices } from '../main/core-services.ts';
import { openTestServices } from '../main/testing/test-services.ts';
import { findRpcTransaction, rpcIndex, sharedDataAvailable } from '../../test/support/shared-data.ts';
import { createRpcClient } from '../chain/rpc/create-rpc-client.ts';
import { buildApp } from './app.ts';

/** The data-core API in-process (`inject`) on a real database: what a client sees, errors included. */
let services: CoreServices;
let app: FastifyInstance;

beforeAll(async () => {
  services = await openTestServices();
  app = await buildApp(services, createLogger('silent'));
});
afterAll(async () => {
  await app.close();
  await services.close();
});

const PUMP_BUYER = 'EfbbhahGNuhqEraRZXrwETfsaKxScngEttdQixWAW4WE';
const rawOf = (prefix: string): unknown =>
  findRpcTransaction(rpcIndex().find((r) => r.signature.startsWith(prefix))!);

describe('health and metrics', () => {
  it('reports the embedded or Postgres deployment with its components up', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'ok',
      components: { database: { status: 'ok' }, objectStore: { status: 'ok' } },
    });
  });

  it('serves Prometheus metrics', async () => {
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('oof_tx_ingested_total');
  });
});

describe.skipIf(!sharedDataAvailable())('transactions', () => {
  it('stores transactions once and serves their actions with amounts as strings', async () => {
    const body = [rawOf('4U8kypMuCUCk'), rawOf('4LXpF3MCdp69')];
    const first = await app.inject({ method: 'POST', url: '/v1/transactions', payload: body });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ stored: 2, duplicates: 0, failed: [] });
    const again = await app.inject({ method: 'POST', url: '/v1/transactions', payload: body });
    expect(again.json()).toMatchObject({ stored: 0, duplicates: 2 });

    const tx = await app.inject({
      method: 'GET',
      url: `/v1/transactions/${(body[0] as { transaction: { signatures: string[] } }).transaction.signatures[0]}`,
    });
    expect(tx.statusCode).toBe(200);
    const swap = tx.json<{ actions: Record<string, unknown>[] }>().actions.find((a) => a.kind === 'swap');
    expect(swap).toMatchObject({
      owner: PUMP_BUYER,
      amountIn: '3000000000',
      amountOut: '56716561396327',
      venue: 'pumpfun',
    });
  });

  it('pages a wallet newest first with a cursor, without gaps or repeats', async () => {
    const all = await app.inject({ method: 'GET', url: `/v1/wallets/${PUMP_BUYER}/actions?limit=500` });
    const expected = all
      .json<{ actions: { signature: string; index: number }[] }>()
      .actions.map((a) => `${a.signature}#${a.index}`);
    expect(expected.length).toBeGreaterThan(3);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/v1/wallets/${PUMP_BUYER}/actions?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await app.inject({ method: 'GET', url })).json<{
        actions: { signature: string; index: number }[];
        nextCursor: string | null;
      }>();
      seen.push(...page.actions.map((a) => `${a.signature}#${a.index}`));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(expected);
  });

  it.each([
    ['an invalid wallet address', `/v1/wallets/not-a-wallet/actions`, 400, 'WALLET_INVALID_ADDRESS'],
    ['a forged cursor', `/v1/wallets/${PUMP_BUYER}/actions?cursor=Zm9vOmJhcg`, 400, 'CURSOR_INVALID'],
    ['a limit out of range', `/v1/wallets/${PUMP_BUYER}/actions?limit=0`, 400, 'REQUEST_INVALID'],
    ['an unknown transaction', `/v1/transactions/${'1'.repeat(64)}`, 404, 'TX_NOT_STORED'],
    ['an unknown route', `/v1/nothing`, 404, 'ROUTE_NOT_FOUND'],
  ])('%s → %i %s', async (_name, url, status, code) => {
    const res = await app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(status);
    expect(res.json()).toMatchObject({ error: code });
    expect(res.json<{ message: string }>().message.length).toBeGreaterThan(10);
  });

  it('a bad transaction in a batch is reported and the rest is stored', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/transactions',
      payload: [rawOf('2msqMqeUTTZh'), { transaction: { signatures: ['x'] } }],
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ stored: number; failed: { code: string }[] }>();
    expect(body.stored).toBe(1);
    expect(body.failed).toEqual([expect.objectContaining({ code: 'TX_SHAPE_INVALID' })]);
  });

  it('malformed JSON is a 400 with a code', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/transactions',
      headers: { 'content-type': 'application/json' },
      payload: '{"a":',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'REQUEST_INVALID' });
  });
});

describe('OpenAPI', () => {
  it('serves one document describing every public route, generated from the validation schemas', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string; paths: Record<string, Record<string, unknown>> }>();
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of [
      '/v1/analyze',
      '/v1/analyze/{id}/stream',
      '/v1/moments',
      '/v1/moments/{id}',
      '/v1/wallets/{pub}/summary',
      '/v1/wallets/{pub}/extremes',
      '/v1/tokens/{mint}/prices',
      '/v1/leaderboard',
      '/v1/cards/moment/{file}',
      '/v1/cards/moment/{id}/mint',
      '/v1/stream/moments',
      '/v1/auth/nonce',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    // Query parameters come from the zod schemas (limit bounds included).
    const moments = JSON.stringify(doc.paths['/v1/moments']);
    expect(moments).toContain('min_usd');
    expect(moments).toContain('"maximum":200');
  });
});

describe('health with optional components', () => {
  it('is degraded (200) when the RPC and Redis are down but the database and objects are up', async () => {
    const rpc = createRpcClient(
      {
        endpoints: [{ url: 'http://127.0.0.1:1', timeoutMs: 300 }],
        slotProbeIntervalMs: 0,
        failover: { maxAttempts: 1 },
      },
      {},
    );
    const config = { ...services.config, redisUrl: 'redis://127.0.0.1:1' };
    const degraded = await buildApp({ ...services, config }, createLogger('silent'), { rpc: rpc.rpc });
    try {
      const res = await degraded.inject({ method: 'GET', url: '/v1/health' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        status: 'degraded',
        components: {
          database: { status: 'ok' },
          objectStore: { status: 'ok' },
          rpc: { status: 'down' },
          redis: { status: 'down' },
        },
      });
    } finally {
      await degraded.close();
      rpc.close();
    }
  });
});
