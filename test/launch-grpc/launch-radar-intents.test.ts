import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/log/logger.ts';
import {
  createLaunchRadarClient,
  type LaunchRadarClient,
} from '../../src/launch/grpc/launch-radar.client.ts';
import { startLaunchRadarServer, type LaunchRadarServer } from '../../src/launch/grpc/launch-radar.server.ts';
import type { TradeIntent } from '../../src/launch/strategy/trade-intent.ts';
import { findIntent, listIntents } from '../../src/store/launch-intents/launch-intents.repository.ts';
import { openTestDatabase, type TestDatabase } from '../../src/store/testing/test-database.ts';

let database: TestDatabase;
let server: LaunchRadarServer;
let client: LaunchRadarClient;
const RECEIVED_AT = Date.parse('2026-01-02T03:04:05.678Z');

beforeAll(async () => {
  database = await openTestDatabase();
  server = await startLaunchRadarServer({
    database,
    port: 0,
    host: '127.0.0.1',
    logger: createLogger('silent'),
    now: () => RECEIVED_AT,
  });
  client = createLaunchRadarClient(`127.0.0.1:${server.port}`, { clientId: 'intents-test' });
});
afterAll(async () => {
  client.close();
  await server.close();
  await database.dispose();
});

// A real pump.fun mint address (any valid 32-byte base58 address is accepted).
const MINT = '2Rx5J6Hj9oWeX2drDzszpYxgGZDAoUMYQbzaAazTpump';

const intent = (overrides: Partial<TradeIntent> = {}): TradeIntent => ({
  intentId: 'flow-v1:1234:buy',
  strategyId: 'flow-v1',
  mint: MINT,
  venue: 'pumpfun',
  side: 'SIDE_BUY',
  size: '18446744073709551615',
  maxSlippageBps: 300,
  ttlMs: 10_000,
  reasonCodes: ['NET_INFLOW_ACCEL', 'BUYER_GROWTH'],
  basedOnCursor: '1234',
  tDecisionMs: '1745000123456',
  ...overrides,
});

const invalid = async (overrides: Record<string, unknown>): Promise<grpc.ServiceError> => {
  try {
    await client.submitIntent({
      ...intent({ intentId: `bad-${Object.keys(overrides).join('-')}` }),
      ...overrides,
    });
  } catch (e) {
    return e as grpc.ServiceError;
  }
  throw new Error(`intent with ${JSON.stringify(overrides)} was accepted`);
};

describe('SubmitIntent / CancelIntent', () => {
  it('persists an intent with every field and answers REJECTED / TRADING_DISABLED', async () => {
    const ack = await client.submitIntent(intent());
    expect(ack).toMatchObject({
      intentId: 'flow-v1:1234:buy',
      status: 'REJECTED',
      errorCode: 'TRADING_DISABLED',
    });
    expect(ack.message).toMatch(/trading is disabled/);
    const stored = await findIntent(database.db, 'flow-v1:1234:buy');
    expect(stored).toMatchObject({
      strategyId: 'flow-v1',
      clientId: 'intents-test',
      mint: MINT,
      venue: 'pumpfun',
      side: 'buy',
      size: 18446744073709551615n,
      maxSlippageBps: 300,
      ttlMs: 10_000n,
      reasonCodes: ['NET_INFLOW_ACCEL', 'BUYER_GROWTH'],
      basedOnCursor: 1234n,
      tDecisionMs: 1745000123456n,
      status: 'REJECTED',
      errorCode: 'TRADING_DISABLED',
      cancelReason: null,
    });
    expect(stored?.receivedAt.toISOString()).toBe('2026-01-02T03:04:05.678Z');
  });

  it('is idempotent by intent_id: a retry gets the same answer and no second row; a reused id is refused', async () => {
    const first = await client.submitIntent(intent({ intentId: 'retry-1' }));
    const again = await client.submitIntent(intent({ intentId: 'retry-1' }));
    expect(again).toEqual(first);
    expect((await listIntents(database.db)).filter((i) => i.intentId === 'retry-1')).toHaveLength(1);
    const reused = await client
      .submitIntent(intent({ intentId: 'retry-1', size: '5' }))
      .catch((e: unknown) => e);
    expect((reused as grpc.ServiceError).code).toBe(grpc.status.ALREADY_EXISTS);
    expect((reused as grpc.ServiceError).details).toMatch(/already used for a different intent/);
    expect((await findIntent(database.db, 'retry-1'))?.size).toBe(18446744073709551615n);
  });

  it('rejects malformed intents at the edge with INVALID_ARGUMENT naming the field, and stores nothing', async () => {
    const before = (await listIntents(database.db)).length;
    const badMint = await invalid({ mint: 'not-a-mint' });
    expect(badMint.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(badMint.details).toMatch(/mint: mint must be a base58 Solana address/);
    const zero = await invalid({ size: '0' });
    expect(zero.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(zero.details).toMatch(/size: size must be greater than 0/);
    const unspecified = await invalid({ side: 'SIDE_UNSPECIFIED' });
    expect(unspecified.details).toMatch(/side: side must be SIDE_BUY or SIDE_SELL/);
    const unknownSide = await invalid({ side: 7 });
    expect(unknownSide.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(unknownSide.details).toMatch(/side must be SIDE_BUY or SIDE_SELL/);
    const venue = await invalid({ venue: 'orca', reasonCodes: [] });
    expect(venue.details).toMatch(/venue: venue must be/);
    expect(venue.details).toMatch(/reason_codes: reason_codes must name at least one reason/);
    const noId = await invalid({ intentId: '' });
    expect(noId.details).toMatch(/intent_id: intent_id is required/);
    expect((await listIntents(database.db)).length).toBe(before);
  });

  it('records a cancellation of a stored intent (first reason kept) and answers UNKNOWN_INTENT for others', async () => {
    await client.submitIntent(intent({ intentId: 'to-cancel' }));
    const cancelled = await client.cancelIntent('to-cancel', 'flow reversed');
    expect(cancelled).toMatchObject({
      intentId: 'to-cancel',
      status: 'REJECTED',
      errorCode: 'TRADING_DISABLED',
    });
    await client.cancelIntent('to-cancel', 'second thoughts');
    expect(await findIntent(database.db, 'to-cancel')).toMatchObject({ cancelReason: 'flow reversed' });
    const unknown = await client.cancelIntent('never-sent', 'x');
    expect(unknown).toMatchObject({
      intentId: 'never-sent',
      status: 'UNKNOWN_INTENT',
      errorCode: 'INTENT_NOT_FOUND',
    });
    const empty = await client.cancelIntent('', 'x').catch((e: unknown) => e);
    expect((empty as grpc.ServiceError).code).toBe(grpc.status.INVALID_ARGUMENT);
  });
});
