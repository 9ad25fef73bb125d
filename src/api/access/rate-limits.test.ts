import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreServices } from '../../main/core-services.ts';
import { openTestServices } from '../../main/testing/test-services.ts';
import { createSessionTokens } from './session-tokens.ts';
import { buildAccessTestApp } from './testing/access-test-app.ts';

/** Per-IP and per-subject limits, in memory and on Redis; the 429 body is the project's error format. */
const SECRET = 'rate-limit-test-secret-32-characters';
const REDIS_URL = process.env.OOF_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const sessions = createSessionTokens({ secret: SECRET, ttlSec: 3600 });
const limits = { perIpMax: 3, perIpWindowMs: 60_000, perSubjectMax: 2, perSubjectWindowMs: 60_000 };

/** Null when Redis answers PING, else why not (the Redis tests are skipped with that reason). */
async function redisUnavailable(): Promise<string | null> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0 });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
    return null;
  } catch (e) {
    return `no Redis at ${REDIS_URL}: ${(e as Error).message}`;
  } finally {
    probe.disconnect();
  }
}
const redisSkipReason = await redisUnavailable();

let services: CoreServices;
beforeAll(async () => {
  services = await openTestServices();
});
afterAll(() => services.close());

/** A random client address per test, so counts never leak between tests or runs (Redis keeps them 60 s). */
const randomIp = (): string => `10.${[...randomBytes(3)].join('.')}`;
const randomWallet = (): string => `W${randomBytes(16).toString('hex')}`;

async function tokenFor(wallet: string): Promise<string> {
  return (await sessions.issue(wallet, new Date())).token;
}

function get(app: FastifyInstance, ip: string, token?: string) {
  return app.inject({
    method: 'GET',
    url: '/test/open',
    remoteAddress: ip,
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
}

function limiterContract(open: () => Promise<FastifyInstance>) {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await open();
  });
  afterAll(() => app.close());

  it('per IP: the request over the limit is 429 RATE_LIMITED with Retry-After; other IPs are unaffected', async () => {
    const ip = randomIp();
    for (let i = 0; i < 3; i++) {
      const ok = await get(app, ip);
      expect(ok.statusCode).toBe(200);
      expect(ok.headers['x-ratelimit-remaining']).toBe(String(2 - i));
    }
    const over = await get(app, ip);
    expect(over.statusCode).toBe(429);
    const retryAfter = Number(over.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = over.json<{
      error: string;
      message: string;
      details: { limit: number; retryAfterMs: number };
    }>();
    expect(body).toMatchObject({ error: 'RATE_LIMITED', details: { limit: 3, scope: 'ip' } });
    expect(body.details.retryAfterMs).toBeGreaterThan(0);
    expect(body.details.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(body.message).toMatch(/retry in \d+ s/);
    expect((await get(app, randomIp())).statusCode).toBe(200);
  });

  it('per subject: a wallet over its limit is 429 from any IP; another wallet on the same IP is not', async () => {
    const alice = await tokenFor(randomWallet());
    const bob = await tokenFor(randomWallet());
    expect((await get(app, randomIp(), alice)).statusCode).toBe(200);
    expect((await get(app, randomIp(), alice)).statusCode).toBe(200);
    const ip = randomIp();
    const over = await get(app, ip, alice);
    expect(over.statusCode).toBe(429);
    expect(over.json()).toMatchObject({ error: 'RATE_LIMITED', details: { limit: 2, scope: 'subject' } });
    expect(over.headers['retry-after']).toBeDefined();
    expect((await get(app, ip, bob)).statusCode).toBe(200);
  });
}

describe('in memory (no REDIS_URL)', () => {
  limiterContract(() =>
    buildAccessTestApp({ db: services.database.db, access: { sessionSecret: SECRET, rateLimit: limits } }),
  );
});

describe.skipIf(redisSkipReason !== null)(
  `on Redis${redisSkipReason === null ? '' : ` — skipped: ${redisSkipReason}`}`,
  () => {
    limiterContract(() =>
      buildAccessTestApp({
        db: services.database.db,
        access: { sessionSecret: SECRET, rateLimit: limits },
        redisUrl: REDIS_URL,
      }),
    );

    it('two API processes share the counts', async () => {
      const open = () =>
        buildAccessTestApp({
          db: services.database.db,
          access: { sessionSecret: SECRET, rateLimit: limits },
          redisUrl: REDIS_URL,
        });
      const [a, b] = [await open(), await open()];
      try {
        const ip = randomIp();
        expect((await get(a, ip)).statusCode).toBe(200);
        expect((await get(b, ip)).statusCode).toBe(200);
        expect((await get(a, ip)).statusCode).toBe(200);
        expect((await get(b, ip)).statusCode).toBe(429);
      } finally {
        await a.close();
        await b.close();
      }
    });
  },
);

describe('Redis configured but down', () => {
  it('requests go through uncounted rather than failing', async () => {
    const app = await buildAccessTestApp({
      db: services.database.db,
      access: { rateLimit: limits },
      redisUrl: 'redis://127.0.0.1:1',
    });
    try {
      const ip = randomIp();
      for (let i = 0; i < 5; i++) expect((await get(app, ip)).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});
