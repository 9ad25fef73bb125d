import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRpcTransaction, rpcIndex } from '../../../test/support/shared-data.ts';
import { readSse } from '../../../test/support/sse-client.ts';
import {
  engineDeps,
  recordedSafety,
  scriptedPriceSource,
  testClock,
} from '../../../test/copytrade/support/copytrade-harness.ts';
import { newKeypairBytes } from '../../../test/copytrade/support/fake-jupiter.ts';
import { createLogger } from '../../core/log/logger.ts';
import { createEngineRunner, type EngineRunner } from '../../copytrade/engine/copytrade-engine.ts';
import { positionIdOf } from '../../copytrade/engine/process-signals.ts';
import { recordSignalsFromActions } from '../../copytrade/signals/record-signals.ts';
import { decodeTransaction, parseRpcTransaction } from '../../decoder/decode-transaction.ts';
import { SOL_MINT } from '../../domain/mints.ts';
import type { CoreServices } from '../../main/core-services.ts';
import { openTestServices } from '../../main/testing/test-services.ts';
import { listCopytradeAudit } from '../../store/copytrade/copytrade-audit.repository.ts';
import { createSessionTokens } from '../access/session-tokens.ts';
import { buildApp } from '../app.ts';

/**
 * The operator desk's API over a real engine round: a real recorded pump.fun buy of a watched wallet decided by
 * the engine (paper), then every desk route read back; config changes validated and audited; the SSE stream
 * relays the engine's events.
 */
const SESSION_SECRET = 'copytrade-desk-test-session-secret-0123456789';
const USER = '9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM';
const TRADER = '4DdrfiDHpmx55i4SPssxVzS9ZaKLb8qr45NKY9Er9nNh';
const MINT = '7nYhDYAxQdFn2DRPcjBFPQQz5qb8HeFiJv9o9w6fpump';
const BUY_SIG = 'ZEu54dZeki5Bgd3e3zFeAY7x6tTVCWSixswoQ6JbMwKRGNATvzCXjZY6Gabs2dukyupPo6s4P9eA3bCaA5w2Fht';

let services: CoreServices;
let app: FastifyInstance;
let runner: EngineRunner;
let auth: Record<string, string>;
const clock = testClock(new Date('2025-11-06T00:00:00Z'));
const prices = scriptedPriceSource('jupiter', clock.now);

beforeAll(async () => {
  services = await openTestServices();
  const config = { ...services.config, access: { ...services.config.access, sessionSecret: SESSION_SECRET } };
  app = await buildApp({ ...services, config }, createLogger('silent'), { clock: clock.now });
  const token = await createSessionTokens({ secret: SESSION_SECRET, ttlSec: 3600 }).issue(USER, new Date());
  auth = { authorization: `Bearer ${token.token}` };
  prices.set(SOL_MINT, '150');
  prices.set(MINT, '0.0001');
  runner = createEngineRunner(
    engineDeps(services.database, clock.now, [prices.source], recordedSafety(clock.now, new Set())),
    'desk-test',
  );
});
afterAll(async () => {
  await app.close();
  await services.close();
});

const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  app.inject({
    method,
    url,
    headers: auth,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

describe('copy-trading desk API', () => {
  it('needs a signed-in subject', async () => {
    for (const url of [
      '/v1/copytrade/overview',
      '/v1/copytrade/config',
      '/v1/copytrade/health',
      '/v1/stream/copytrade',
    ]) {
      expect((await app.inject({ method: 'GET', url })).statusCode).toBe(401);
    }
  });

  it('config: defaults, a validated partial change audited with before and after, bad ranges refused', async () => {
    const initial = (await call('GET', '/v1/copytrade/config')).json<{
      version: number;
      config: { sizing: object };
    }>();
    expect(initial.version).toBe(0);
    const bad = await call('PUT', '/v1/copytrade/config', { sizing: { defaultAllocation: '1.5' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: string; message: string }>()).toMatchObject({
      error: 'COPYTRADE_CONFIG_INVALID',
      message: expect.stringContaining('sizing.defaultAllocation') as string,
    });
    const order = await call('PUT', '/v1/copytrade/config', {
      priceMonitor: { urgentIntervalMs: 20_000, baseIntervalMs: 2_000 },
    });
    expect(order.json<{ message: string }>().message).toContain('urgent ≤ base ≤ slow');
    const ok = await call('PUT', '/v1/copytrade/config', { paperFill: { sizeImpactFactor: null } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json<unknown>()).toMatchObject({
      version: 1,
      config: { paperFill: { sizeImpactFactor: null, slippageBps: 100 } },
    });
    const audit = await listCopytradeAudit(services.database.db, 'system');
    expect(audit.map((a) => a.action)).toEqual(['config.system.update']);
    expect(audit[0]?.before).toMatchObject({ paperFill: { sizeImpactFactor: '1' } });
    expect(audit[0]?.after).toMatchObject({ paperFill: { sizeImpactFactor: null } });
  });

  it('wallet config: only for watched wallets, validated, with the effective values', async () => {
    expect((await call('GET', `/v1/copytrade/wallets/${TRADER}/config`)).statusCode).toBe(404);
    expect((await call('POST', '/v1/copytrade/wallets', { address: TRADER })).statusCode).toBe(201);
    const bad = await call('PUT', `/v1/copytrade/wallets/${TRADER}/config`, { allocation: '0' });
    expect(bad.json<{ error: string }>().error).toBe('COPYTRADE_CONFIG_INVALID');
    await call('PUT', `/v1/copytrade/wallets/${TRADER}/config`, { allocation: '0.01' });
    const got = (await call('GET', `/v1/copytrade/wallets/${TRADER}/config`)).json<unknown>();
    expect(got).toMatchObject({
      config: { allocation: '0.01' },
      effective: { allocation: '0.01', equityBaseUsd: '10000', safetyThreshold: '0.6' },
      version: 1,
    });
  });

  it('a decided buy shows in signals (outcome, timings), positions, the overview and the SSE stream', async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address() as { port: number };
    const stream = readSse(
      `http://127.0.0.1:${address.port}/v1/stream/copytrade`,
      auth,
      (_e, all) => ['signal', 'position'].every((t) => all.some((x) => x.event === t)),
      20_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const raw = findRpcTransaction(rpcIndex().find((r) => r.signature === BUY_SIG)!);
    const actions = decodeTransaction(parseRpcTransaction(raw), { solUsdAt: () => '150' }).actions;
    await recordSignalsFromActions(services.database.db, actions, new Map([[BUY_SIG, raw]]), clock.now(), {
      source: 'ws_subscription',
    });
    await runner.round();
    const events = await stream;
    expect(events.map((e) => e.event)).toEqual(expect.arrayContaining(['ready', 'signal', 'position']));
    expect(events.find((e) => e.event === 'signal')?.data).toMatchObject({
      signature: BUY_SIG,
      outcome: 'position_opened',
    });

    const signals = (await call('GET', '/v1/copytrade/signals?window=24h&outcome=position_opened')).json<{
      signals: {
        signature: string;
        decisionMs: number;
        timings: Record<string, number>;
        details: { positionId: string };
      }[];
    }>();
    expect(signals.signals).toHaveLength(1);
    const id = positionIdOf(BUY_SIG, TRADER);
    expect(signals.signals[0]).toMatchObject({ signature: BUY_SIG, details: { positionId: id } });
    expect(signals.signals[0]?.timings.decideMs).toBeGreaterThanOrEqual(0);
    const none = (await call('GET', '/v1/copytrade/signals?outcome=filtered_safety')).json<{
      signals: unknown[];
    }>();
    expect(none.signals).toEqual([]);
    // Where it came from, and the filter on it.
    const byWs = (await call('GET', '/v1/copytrade/signals?source=ws_subscription')).json<{
      signals: { signature: string; source: string }[];
    }>();
    expect(byWs.signals.map((x) => [x.signature, x.source])).toEqual([[BUY_SIG, 'ws_subscription']]);
    const byWebhook = (await call('GET', '/v1/copytrade/signals?source=helius_webhook')).json<{
      signals: unknown[];
    }>();
    expect(byWebhook.signals).toEqual([]);
    expect((await call('GET', '/v1/copytrade/signals?source=email')).statusCode).toBe(400);

    // Allocation 0.01 of the wallet: $100 at $0.0001 = 1,000,000 tokens.
    const open = (await call('GET', '/v1/copytrade/positions?status=open')).json<{
      positions: { id: string; remainingQtyRaw: string }[];
    }>();
    expect(open.positions.map((p) => [p.id, p.remainingQtyRaw])).toEqual([[id, '1000000000000']]);
    const one = (await call('GET', `/v1/copytrade/positions/${id}`)).json<{
      fills: unknown[];
      events: { type: string }[];
      levels: { stopLossUsd: string };
    }>();
    expect(one.fills).toHaveLength(1);
    expect(one.events.map((e) => e.type)).toEqual(['OPENED']);
    expect(one.levels.stopLossUsd).toBe('0.0000707');
    expect((await call('GET', '/v1/copytrade/positions/nope')).statusCode).toBe(404);

    const overview = (await call('GET', '/v1/copytrade/overview')).json<unknown>();
    expect(overview).toMatchObject({
      positions: { open: 1, error: 0, closed: 0 },
      pnl: { realizedUsd: '0' },
      openOrders: [],
      activeBreakers: [],
    });
  });

  it('a position’s own overrides: merged over the wallet’s strategy, validated, audited', async () => {
    const id = positionIdOf(BUY_SIG, TRADER);
    const bad = await call('PUT', `/v1/copytrade/positions/${id}/strategy`, {
      overrides: { stopLoss: { lossFraction: '1.5' } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: string }>().error).toBe('STRATEGY_STOP_LOSS_OUT_OF_RANGE');
    const ok = await call('PUT', `/v1/copytrade/positions/${id}/strategy`, {
      overrides: { stopLoss: { lossFraction: '0.5' } },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json<unknown>()).toMatchObject({
      levels: { stopLossUsd: '0.0000505' },
      strategyOverrides: { stopLoss: { lossFraction: '0.5' } },
      strategy: { trailingStop: { activationGain: '1', trailFraction: '0.25' } },
    });
    expect((await listCopytradeAudit(services.database.db, id)).map((a) => a.action)).toEqual([
      'config.position.update',
    ]);
    expect((await call('PUT', '/v1/copytrade/positions/nope/strategy', { overrides: {} })).statusCode).toBe(
      404,
    );
  });

  it('performance after a close, breakers and health', async () => {
    prices.set(MINT, '0.00005');
    clock.advance(11_000);
    await runner.round();
    const perf = (await call('GET', '/v1/copytrade/performance?window=24h')).json<{
      wallets: { wallet: string; trades: number; losses: number }[];
    }>();
    expect(perf.wallets).toEqual([expect.objectContaining({ wallet: TRADER, trades: 1, losses: 1 })]);
    const breakers = (await call('GET', '/v1/copytrade/breakers')).json<{
      readings: unknown[];
      events: unknown[];
    }>();
    expect(breakers.readings.length).toBeGreaterThan(0);
    const health = (await call('GET', '/v1/copytrade/health')).json<unknown>();
    expect(health).toMatchObject({
      engine: { status: 'running', workerId: 'desk-test' },
      priceSources: [{ name: 'jupiter', consecutiveFailures: 0 }],
      jupiter: null,
    });
  });

  it('live key: refused without OOF_COPYTRADE_KEY, stored encrypted with it, only the public key shown', async () => {
    const secret = newKeypairBytes();
    const before = process.env.OOF_COPYTRADE_KEY;
    delete process.env.OOF_COPYTRADE_KEY;
    const missing = await call('PUT', '/v1/copytrade/live/key', { secretKey: [...secret] });
    expect(missing.json<{ error: string }>().error).toBe('COPYTRADE_KEY_MISSING');
    process.env.OOF_COPYTRADE_KEY = 'be'.repeat(32);
    try {
      const ok = await call('PUT', '/v1/copytrade/live/key', { secretKey: [...secret] });
      expect(ok.statusCode).toBe(200);
      const shown = (await call('GET', '/v1/copytrade/live/key')).json<{ publicKey: string }>();
      expect(shown.publicKey).toBe(ok.json<{ publicKey: string }>().publicKey);
      expect(JSON.stringify(shown)).not.toContain(Buffer.from(secret).toString('base64'));
    } finally {
      if (before === undefined) delete process.env.OOF_COPYTRADE_KEY;
      else process.env.OOF_COPYTRADE_KEY = before;
    }
  });
});
