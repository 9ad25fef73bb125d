import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { getBase58Decoder } from '@solana/kit';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreServices } from '../../main/core-services.ts';
import { openTestServices } from '../../main/testing/test-services.ts';
import { setSubjectPlan, setSubjectStake } from '../../store/access/user-plans.repository.ts';
import { stakingBoostFor } from './staking-boost.ts';
import { buildAccessTestApp } from './testing/access-test-app.ts';

/** Sign-in with a real ed25519 keypair, as a Solana wallet's `signMessage` does it. */
const base58 = getBase58Decoder();

interface TestWallet {
  readonly address: string;
  readonly privateKey: KeyObject;
}

function newWallet(): TestWallet {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  // The raw key is the last 32 bytes of the SPKI DER (12-byte header).
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(12);
  return { address: base58.decode(raw), privateKey };
}
const signBase58 = (w: TestWallet, message: string): string =>
  base58.decode(sign(null, Buffer.from(message, 'utf8'), w.privateKey));

let clock = new Date('2025-06-01T10:00:00.000Z');
let services: CoreServices;
let app: FastifyInstance;

beforeAll(async () => {
  services = await openTestServices();
  app = await buildAccessTestApp({
    db: services.database.db,
    access: { sessionSecret: 'a-test-session-secret-of-32-chars!!', nonceTtlSec: 300 },
    now: () => clock,
  });
});
afterAll(async () => {
  await app.close();
  await services.close();
});

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url, payload: payload as object, headers });

async function nonceFor(wallet: string): Promise<{ nonce: string; message: string; expiresAt: string }> {
  const res = await post('/v1/auth/nonce', { wallet });
  expect(res.statusCode).toBe(200);
  return res.json();
}

async function signIn(w: TestWallet): Promise<string> {
  const { nonce, message } = await nonceFor(w.address);
  const res = await post('/v1/auth/verify', { wallet: w.address, nonce, signature: signBase58(w, message) });
  expect(res.statusCode).toBe(200);
  return res.json<{ token: string }>().token;
}

describe('wallet sign-in', () => {
  it('nonce → signed message → session token that identifies the wallet for an hour', async () => {
    const w = newWallet();
    const issued = await nonceFor(w.address);
    expect(issued.nonce).toMatch(/^[0-9a-f]{32}$/);
    expect(issued.message).toContain(w.address);
    expect(issued.message).toContain(`Nonce: ${issued.nonce}`);
    expect(issued.expiresAt).toBe('2025-06-01T10:05:00.000Z');

    const res = await post('/v1/auth/verify', {
      wallet: w.address,
      nonce: issued.nonce,
      signature: signBase58(w, issued.message),
    });
    expect(res.statusCode).toBe(200);
    const { token, expiresAt } = res.json<{ token: string; expiresAt: string }>();
    expect(expiresAt).toBe('2025-06-01T11:00:00.000Z');

    const me = await app.inject({
      method: 'GET',
      url: '/test/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      kind: 'wallet',
      id: w.address,
      key: `wallet:${w.address}`,
      plan: 'FREE',
    });

    clock = new Date('2025-06-01T11:00:30.000Z');
    try {
      const late = await app.inject({
        method: 'GET',
        url: '/test/me',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(late.statusCode).toBe(401);
      expect(late.json()).toMatchObject({ error: 'AUTH_TOKEN_EXPIRED' });
    } finally {
      clock = new Date('2025-06-01T10:00:00.000Z');
    }
  });

  it('a signature by another key, or of another message, is 401 AUTH_SIGNATURE_INVALID', async () => {
    const w = newWallet();
    const { nonce, message } = await nonceFor(w.address);
    for (const signature of [
      signBase58(newWallet(), message),
      signBase58(w, message.replace('Nonce', 'nonce')),
      base58.decode(new Uint8Array(64)),
    ]) {
      const res = await post('/v1/auth/verify', { wallet: w.address, nonce, signature });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ error: 'AUTH_SIGNATURE_INVALID' });
    }
    // A wrong signature does not burn the nonce: the right one still signs in.
    const ok = await post('/v1/auth/verify', { wallet: w.address, nonce, signature: signBase58(w, message) });
    expect(ok.statusCode).toBe(200);
  });

  it('a nonce works once: replaying the same signed nonce is 401 AUTH_NONCE_INVALID', async () => {
    const w = newWallet();
    const { nonce, message } = await nonceFor(w.address);
    const body = { wallet: w.address, nonce, signature: signBase58(w, message) };
    expect((await post('/v1/auth/verify', body)).statusCode).toBe(200);
    const again = await post('/v1/auth/verify', body);
    expect(again.statusCode).toBe(401);
    expect(again.json()).toMatchObject({ error: 'AUTH_NONCE_INVALID' });
  });

  it('an expired nonce, an unknown one, or one issued to another wallet is AUTH_NONCE_INVALID', async () => {
    const w = newWallet();
    const { nonce, message } = await nonceFor(w.address);
    clock = new Date('2025-06-01T10:05:00.000Z');
    try {
      const late = await post('/v1/auth/verify', {
        wallet: w.address,
        nonce,
        signature: signBase58(w, message),
      });
      expect(late.statusCode).toBe(401);
      expect(late.json()).toMatchObject({ error: 'AUTH_NONCE_INVALID' });
    } finally {
      clock = new Date('2025-06-01T10:00:00.000Z');
    }
    const unknown = await post('/v1/auth/verify', {
      wallet: w.address,
      nonce: 'f'.repeat(32),
      signature: signBase58(w, message),
    });
    expect(unknown.json()).toMatchObject({ error: 'AUTH_NONCE_INVALID' });
    const other = newWallet();
    const theirs = await post('/v1/auth/verify', {
      wallet: other.address,
      nonce,
      signature: signBase58(other, message),
    });
    expect(theirs.statusCode).toBe(401);
    expect(theirs.json()).toMatchObject({ error: 'AUTH_NONCE_INVALID' });
  });

  it('a malformed wallet or signature is 400 REQUEST_INVALID', async () => {
    expect((await post('/v1/auth/nonce', { wallet: 'not-a-wallet' })).statusCode).toBe(400);
    const w = newWallet();
    const { nonce } = await nonceFor(w.address);
    const res = await post('/v1/auth/verify', { wallet: w.address, nonce, signature: '0OIl' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'REQUEST_INVALID' });
  });

  it('a stale token in the header does not stop a new sign-in', async () => {
    const w = newWallet();
    const res = await post(
      '/v1/auth/nonce',
      { wallet: w.address },
      { authorization: 'Bearer expired.or.garbage' },
    );
    expect(res.statusCode).toBe(200);
  });

  it('a session token signed with another secret is refused', async () => {
    const other = await buildAccessTestApp({
      db: services.database.db,
      access: { sessionSecret: 'another-secret-that-is-32-chars-long' },
      now: () => clock,
    });
    try {
      const w = newWallet();
      const { nonce, message } = (
        await other.inject({ method: 'POST', url: '/v1/auth/nonce', payload: { wallet: w.address } })
      ).json<{ nonce: string; message: string }>();
      const { token } = (
        await other.inject({
          method: 'POST',
          url: '/v1/auth/verify',
          payload: { wallet: w.address, nonce, signature: signBase58(w, message) },
        })
      ).json<{ token: string }>();
      const res = await app.inject({
        method: 'GET',
        url: '/test/me',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ error: 'AUTH_TOKEN_INVALID' });
    } finally {
      await other.close();
    }
  });
});

describe('plans and staking boosts of a signed-in subject', () => {
  it('the stored plan and the staking boost raise the daily wallet quota', async () => {
    const w = newWallet();
    const key = `wallet:${w.address}`;
    await setSubjectPlan(services.database.db, key, 'LITE', clock);
    await setSubjectStake(
      services.database.db,
      key,
      { stakedOof: '12500.5', stakingBoost: stakingBoostFor('12500.5') },
      clock,
    );
    const token = await signIn(w);
    const me = await app.inject({
      method: 'GET',
      url: '/test/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.json()).toMatchObject({
      plan: 'LITE',
      stakingBoost: 3,
      limits: { code: 'LITE', walletsPerDay: 5 + 3, backfillDays: 365 },
    });
  });
});
