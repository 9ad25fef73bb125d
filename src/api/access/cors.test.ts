import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreServices } from '../../main/core-services.ts';
import { openTestServices } from '../../main/testing/test-services.ts';
import { buildAccessTestApp } from './testing/access-test-app.ts';

/** CORS locked to the configured origins. */
const ALLOWED = 'https://app.oof.test';
const FOREIGN = 'https://evil.example';

let services: CoreServices;
let app: FastifyInstance;
beforeAll(async () => {
  services = await openTestServices();
  app = await buildAccessTestApp({
    db: services.database.db,
    access: { corsOrigins: [ALLOWED, 'http://localhost:5173'] },
  });
});
afterAll(async () => {
  await app.close();
  await services.close();
});

const preflight = (origin: string) =>
  app.inject({
    method: 'OPTIONS',
    url: '/v1/auth/nonce',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
    },
  });

describe('CORS', () => {
  it('an allowed origin gets its origin back, with the rate-limit headers exposed', async () => {
    const res = await app.inject({ method: 'GET', url: '/test/open', headers: { origin: ALLOWED } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(res.headers['access-control-expose-headers']).toContain('retry-after');
    expect(res.headers.vary).toContain('Origin');
  });

  it('a foreign origin gets no CORS header, so the browser keeps the response from it', async () => {
    const res = await app.inject({ method: 'GET', url: '/test/open', headers: { origin: FOREIGN } });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('the preflight of an allowed origin is granted; a foreign one is refused with 403', async () => {
    const ok = await preflight(ALLOWED);
    expect(ok.statusCode).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(ok.headers['access-control-allow-methods']).toContain('POST');
    expect(ok.headers['access-control-allow-headers']).toContain('authorization');

    const refused = await preflight(FOREIGN);
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    expect(refused.headers['access-control-allow-methods']).toBeUndefined();
    expect(refused.json()).toMatchObject({ error: 'CORS_ORIGIN_FORBIDDEN', details: { origin: FOREIGN } });
  });

  it('an origin differing only by scheme or port is foreign', async () => {
    for (const origin of ['http://app.oof.test', 'https://app.oof.test:8443', 'http://localhost:5174']) {
      const res = await app.inject({ method: 'GET', url: '/test/open', headers: { origin } });
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    }
  });

  it('errors reach an allowed origin with CORS headers (a 401 the web app can read)', async () => {
    const res = await app.inject({ method: 'GET', url: '/test/me', headers: { origin: ALLOWED } });
    expect(res.statusCode).toBe(401);
    expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
  });
});
