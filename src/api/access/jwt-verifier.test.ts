import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOofError, type ErrorCode } from '../../core/errors/oof-error.ts';
import type { CoreServices } from '../../main/core-services.ts';
import { openTestServices } from '../../main/testing/test-services.ts';
import { createJwtVerifier } from './jwt-verifier.ts';
import { buildAccessTestApp } from './testing/access-test-app.ts';
import {
  generateSigningKey,
  signToken,
  startJwksServer,
  type JwksServer,
  type TestSigningKey,
} from './testing/jwks-server.ts';

/** Provider (Dynamic-style) user tokens verified against a JWKS served by a local HTTP server. */
const ISSUER = 'app.dynamicauth.com/test-environment';
const AUDIENCE = 'https://oof.test';
const nowSec = (): number => Math.floor(Date.now() / 1000);

let jwks: JwksServer;
let rsa: TestSigningKey;
let ec: TestSigningKey;
let services: CoreServices;
let app: FastifyInstance;

beforeAll(async () => {
  rsa = await generateSigningKey('rsa-1', 'RS256');
  ec = await generateSigningKey('ec-1', 'ES256');
  jwks = await startJwksServer([rsa, ec]);
  services = await openTestServices();
  app = await buildAccessTestApp({
    db: services.database.db,
    access: { jwksUrl: jwks.url, jwtIssuer: ISSUER, jwtAudience: AUDIENCE },
  });
});
afterAll(async () => {
  await app.close();
  await services.close();
  await jwks.close();
});

const claims = (over: Record<string, unknown> = {}) => ({
  iss: ISSUER,
  aud: AUDIENCE,
  sub: 'user-123',
  iat: nowSec(),
  exp: nowSec() + 600,
  ...over,
});

async function errorOf(promise: Promise<unknown>): Promise<ErrorCode | 'no error'> {
  try {
    await promise;
    return 'no error';
  } catch (e) {
    if (isOofError(e)) return e.code;
    throw e;
  }
}

describe('createJwtVerifier', () => {
  const verifier = () => createJwtVerifier({ jwksUrl: jwks.url, issuer: ISSUER, audience: AUDIENCE });

  it('accepts RS256 and ES256 tokens of the provider; the subject is `sub`', async () => {
    const verify = verifier();
    expect((await verify(await signToken(rsa, claims()), new Date())).subject).toBe('user-123');
    expect((await verify(await signToken(ec, claims({ sub: 'u-2' })), new Date())).subject).toBe('u-2');
  });

  it.each([
    [
      'expired',
      () => signToken(rsa, claims({ exp: nowSec() - 3600, iat: nowSec() - 7200 })),
      'AUTH_TOKEN_EXPIRED',
    ],
    ['wrong issuer', () => signToken(rsa, claims({ iss: 'someone-else' })), 'AUTH_TOKEN_INVALID'],
    ['wrong audience', () => signToken(rsa, claims({ aud: 'https://other.app' })), 'AUTH_TOKEN_INVALID'],
    ['without sub', () => signToken(rsa, claims({ sub: undefined })), 'AUTH_TOKEN_INVALID'],
  ] as const)('refuses a token %s', async (_what, make, code) => {
    expect(await errorOf(verifier()(await make(), new Date()))).toBe(code);
  });

  it('refuses a forged signature and a key the provider does not list', async () => {
    const verify = verifier();
    const good = await signToken(rsa, claims());
    const [h, p] = good.split('.');
    const other = await generateSigningKey('rsa-1', 'RS256'); // same kid, different key: a forgery
    const forged = await signToken(other, claims());
    expect(await errorOf(verify(`${h}.${p}.${forged.split('.')[2]}`, new Date()))).toBe('AUTH_TOKEN_INVALID');
    expect(await errorOf(verify(forged, new Date()))).toBe('AUTH_TOKEN_INVALID');
    const stranger = await generateSigningKey('not-listed', 'ES256');
    expect(await errorOf(verify(await signToken(stranger, claims()), new Date()))).toBe('AUTH_TOKEN_INVALID');
    const tampered = `${h}.${Buffer.from(JSON.stringify(claims({ sub: 'admin' }))).toString('base64url')}.${good.split('.')[2]}`;
    expect(await errorOf(verify(tampered, new Date()))).toBe('AUTH_TOKEN_INVALID');
  });

  it('caches the keys, and picks up a rotated key (new kid) with one refetch after the cooldown', async () => {
    const server = await startJwksServer([rsa]);
    try {
      const verify = createJwtVerifier({
        jwksUrl: server.url,
        issuer: ISSUER,
        audience: AUDIENCE,
        cooldownMs: 0,
      });
      await verify(await signToken(rsa, claims()), new Date());
      await verify(await signToken(rsa, claims()), new Date());
      expect(server.fetches).toBe(1);
      const rotated = await generateSigningKey('rsa-2', 'RS256');
      server.keys = [rotated];
      expect((await verify(await signToken(rotated, claims()), new Date())).subject).toBe('user-123');
      expect(server.fetches).toBe(2);
    } finally {
      await server.close();
    }
  });

  it('within the cooldown an unknown kid is refused without hammering the provider', async () => {
    const server = await startJwksServer([rsa]);
    try {
      const verify = createJwtVerifier({ jwksUrl: server.url, issuer: ISSUER, cooldownMs: 60_000 });
      await verify(await signToken(rsa, claims()), new Date());
      const rotated = await generateSigningKey('rsa-3', 'RS256');
      server.keys = [rotated];
      for (let i = 0; i < 3; i++) {
        expect(await errorOf(verify(await signToken(rotated, claims()), new Date()))).toBe(
          'AUTH_TOKEN_INVALID',
        );
      }
      expect(server.fetches).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('an unreachable JWKS is AUTH_JWKS_UNAVAILABLE (503), not a bad token', async () => {
    const server = await startJwksServer([rsa]);
    const url = server.url;
    await server.close();
    const verify = createJwtVerifier({ jwksUrl: url, issuer: ISSUER, timeoutMs: 1000 });
    expect(await errorOf(verify(await signToken(rsa, claims()), new Date()))).toBe('AUTH_JWKS_UNAVAILABLE');
  });
});

describe('provider tokens on requests', () => {
  const get = (url: string, token?: string) =>
    app.inject({
      method: 'GET',
      url,
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });

  it('a valid token makes the request a user subject on the FREE plan', async () => {
    const res = await get('/test/me', await signToken(rsa, claims()));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      kind: 'user',
      id: 'user-123',
      key: 'user:user-123',
      plan: 'FREE',
      limits: { code: 'FREE', walletsPerDay: 2, backfillDays: 180 },
      stakingBoost: 0,
    });
  });

  it('no token: 401 AUTH_REQUIRED where a subject is required, anonymous elsewhere', async () => {
    const res = await get('/test/me');
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.json()).toMatchObject({ error: 'AUTH_REQUIRED' });
    const open = await get('/test/open');
    expect(open.statusCode).toBe(200);
    expect(open.json()).toMatchObject({ kind: 'anonymous', id: '127.0.0.1', plan: 'FREE' });
  });

  it.each([
    [
      'expired',
      () => signToken(rsa, claims({ exp: nowSec() - 3600, iat: nowSec() - 7200 })),
      'AUTH_TOKEN_EXPIRED',
    ],
    [
      'forged',
      async () => await signToken(await generateSigningKey('rsa-1', 'RS256'), claims()),
      'AUTH_TOKEN_INVALID',
    ],
    ['of another issuer', () => signToken(rsa, claims({ iss: 'evil' })), 'AUTH_TOKEN_INVALID'],
    ['for another audience', () => signToken(rsa, claims({ aud: 'evil' })), 'AUTH_TOKEN_INVALID'],
    ['not a JWT', () => Promise.resolve('garbage'), 'AUTH_TOKEN_INVALID'],
  ] as const)('a token %s is 401 on every route, open ones included', async (_what, make, code) => {
    const token = await make();
    for (const url of ['/test/me', '/test/open']) {
      const res = await get(url, token);
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
      expect(res.json()).toMatchObject({ error: code });
    }
  });

  it('a header that is not "Bearer <token>" is 401 AUTH_TOKEN_INVALID', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/test/me',
      headers: { authorization: 'Basic dXNlcjpwYXNz' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: 'AUTH_TOKEN_INVALID' });
  });
});
