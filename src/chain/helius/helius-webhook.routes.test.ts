import { createHmac } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { heliusWebhookRoutes, type HeliusWebhookRoutesOptions } from './helius-webhook.routes.ts';
import { loadEnhancedPayloads, loadRawWebhookPayload } from './testing/helius-payloads.fixture.ts';
import type { EnqueueResult, WebhookItem } from './webhook-item.ts';

const AUTH = 'Bearer oof-test-webhook-secret';
const HMAC_SECRET = 'oof-test-relay-secret';
const enhanced = loadEnhancedPayloads().map((p) => p.json);
const raw = loadRawWebhookPayload();

/** In-memory stand-in for the durable queue port: idempotent by signature, like the real one must be. */
class FakeQueue {
  readonly bySignature = new Map<string, WebhookItem>();
  calls = 0;
  async enqueue(items: readonly WebhookItem[]): Promise<EnqueueResult> {
    this.calls += 1;
    await new Promise((resolve) => setImmediate(resolve)); // interleave concurrent deliveries
    let accepted = 0;
    for (const item of items) {
      if (this.bySignature.has(item.signature)) continue;
      this.bySignature.set(item.signature, item);
      accepted += 1;
    }
    return { accepted, duplicates: items.length - accepted };
  }
}

let app: FastifyInstance | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

async function start(
  queue: FakeQueue,
  options: Partial<HeliusWebhookRoutesOptions> = {},
): Promise<FastifyInstance> {
  app = Fastify({ logger: false });
  await app.register(heliusWebhookRoutes, {
    authHeader: AUTH,
    hmacSecret: HMAC_SECRET,
    enqueue: (items) => queue.enqueue(items),
    ...options,
  });
  app.post('/elsewhere', (request, reply) => reply.send({ echoed: request.body }));
  await app.ready();
  return app;
}

function post(a: FastifyInstance, body: string | Buffer, headers: Record<string, string> = {}) {
  return a.inject({
    method: 'POST',
    url: '/webhooks/helius',
    headers: { 'content-type': 'application/json', ...headers },
    payload: body,
  });
}

const sign = (body: string | Buffer): string => createHmac('sha256', HMAC_SECRET).update(body).digest('hex');

describe('POST /webhooks/helius', () => {
  it('takes a real enhanced delivery with the configured Authorization and queues every signature', async () => {
    const queue = new FakeQueue();
    const a = await start(queue);
    const body = JSON.stringify(enhanced);
    const res = await post(a, body, { authorization: AUTH });
    const unique = new Set(enhanced.map((t) => t.signature));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ accepted: unique.size, duplicates: enhanced.length - unique.size });
    expect([...queue.bySignature.keys()].sort()).toEqual([...unique].sort());
    expect(queue.bySignature.get(enhanced[0]!.signature as string)?.kind).toBe('enhanced');
  });

  it('takes a raw (getTransaction-shaped) delivery', async () => {
    const queue = new FakeQueue();
    const a = await start(queue);
    const res = await post(a, JSON.stringify([raw.json]), { authorization: AUTH });
    expect(res.statusCode).toBe(200);
    expect(queue.bySignature.get(raw.signature)).toMatchObject({ kind: 'raw', signature: raw.signature });
  });

  it.each([
    ['missing', {}],
    ['wrong', { authorization: 'Bearer nope' }],
    ['a prefix of the right one', { authorization: AUTH.slice(0, -1) }],
    ['the right one plus a byte', { authorization: `${AUTH}x` }],
    ['a bad signature', { 'x-signature': sign('something else') }],
  ])('answers 401 for %s credentials and queues nothing', async (_what, headers) => {
    const queue = new FakeQueue();
    const a = await start(queue);
    const res = await post(a, JSON.stringify(enhanced.slice(0, 3)), headers);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({
      error: 'WEBHOOK_UNAUTHORIZED',
      message: expect.any(String) as unknown,
    });
    expect(queue.calls).toBe(0);
  });

  it('accepts a relay that signs the raw body with HMAC-SHA256 (hex, optionally sha256=)', async () => {
    const queue = new FakeQueue();
    const a = await start(queue);
    const body = JSON.stringify(enhanced.slice(0, 2), null, 2); // exact bytes count, not the parsed value
    expect((await post(a, body, { 'x-signature': sign(body) })).statusCode).toBe(200);
    expect((await post(a, body, { 'x-signature': `sha256=${sign(body).toUpperCase()}` })).statusCode).toBe(
      200,
    );
    expect((await post(a, `${body} `, { 'x-signature': sign(body) })).statusCode).toBe(401);
  });

  it('honours a configured signature header and refuses to start without any credential', async () => {
    const queue = new FakeQueue();
    const a = await start(queue, { authHeader: undefined, signatureHeader: 'X-Relay-Signature' });
    const body = JSON.stringify(enhanced.slice(0, 1));
    expect((await post(a, body, { authorization: AUTH })).statusCode).toBe(401);
    expect((await post(a, body, { 'x-relay-signature': sign(body) })).statusCode).toBe(200);
    await a.close();
    const bare = Fastify({ logger: false });
    await expect(
      bare.register(heliusWebhookRoutes, { enqueue: (items) => queue.enqueue(items) }).ready(),
    ).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it.each([
    ['malformed JSON', '[{"signature": "abc", ', /not JSON/],
    ['an object instead of an array', JSON.stringify(enhanced[0]), /JSON array/],
    ['an empty body', '', /empty/],
  ])('answers 400 for %s', async (_what, body, message) => {
    const queue = new FakeQueue();
    const a = await start(queue);
    const res = await post(a, body, { authorization: AUTH });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      error: 'WEBHOOK_PAYLOAD_INVALID',
      message: expect.stringMatching(message) as unknown,
    });
    expect(queue.calls).toBe(0);
  });

  it('names the item and field that failed, and queues nothing of that body', async () => {
    const queue = new FakeQueue();
    const a = await start(queue);
    const broken = { ...enhanced[4]!, accountData: [{ account: 'x', nativeBalanceChange: 1.5 }] };
    const res = await post(a, JSON.stringify([enhanced[0], broken]), { authorization: AUTH });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      error: 'WEBHOOK_PAYLOAD_INVALID',
      details: { index: 1, kind: 'enhanced', path: 'accountData.0.nativeBalanceChange' },
    });
    expect(queue.calls).toBe(0);
  });

  it('accepts transaction types and sources Helius adds later', async () => {
    const queue = new FakeQueue();
    const a = await start(queue);
    const newer = { ...enhanced[0]!, type: 'SOME_TYPE_ADDED_NEXT_YEAR', source: 'NEW_DEX' };
    const res = await post(a, JSON.stringify([newer]), { authorization: AUTH });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ accepted: 1, duplicates: 0 });
  });

  it('answers 413 with a clear code for a 10 MB body and queues nothing', async () => {
    const queue = new FakeQueue();
    const a = await start(queue);
    const filler = 'x'.repeat(10 * 1024 * 1024);
    const res = await post(a, JSON.stringify([{ ...enhanced[0]!, description: filler }]), {
      authorization: AUTH,
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ error: 'WEBHOOK_PAYLOAD_TOO_LARGE' });
    expect(queue.calls).toBe(0);
  });

  it('keeps exactly one copy per signature: a repeated item in one body and the same body 3 times', async () => {
    const queue = new FakeQueue();
    const a = await start(queue);
    const batch = enhanced.slice(0, 5);
    const body = JSON.stringify([...batch, batch[0]]);
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push((await post(a, body, { authorization: AUTH })).json());
    expect(answers).toEqual([
      { accepted: 5, duplicates: 1 },
      { accepted: 0, duplicates: 6 },
      { accepted: 0, duplicates: 6 },
    ]);
    expect(queue.bySignature.size).toBe(5);
  });

  it('answers 503 when the queue fails, so Helius redelivers', async () => {
    const a = await start(new FakeQueue(), { enqueue: () => Promise.reject(new Error('queue down')) });
    const res = await post(a, JSON.stringify(enhanced.slice(0, 1)), { authorization: AUTH });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ error: 'WEBHOOK_ENQUEUE_FAILED' });
  });

  it('loses nothing in a burst of 1,000 concurrent deliveries', async () => {
    const queue = new FakeQueue();
    const a = await start(queue);
    const all = [...enhanced, raw.json];
    const bodies = Array.from({ length: 1000 }, (_, i) =>
      JSON.stringify([all[i % all.length], all[(i * 7 + 3) % all.length]]),
    );
    const answers = await Promise.all(bodies.map((b) => post(a, b, { authorization: AUTH })));
    expect(answers.every((r) => r.statusCode === 200)).toBe(true);
    const totals = answers.map((r) => r.json<{ accepted: number; duplicates: number }>());
    const accepted = totals.reduce((s, t) => s + t.accepted, 0);
    const duplicates = totals.reduce((s, t) => s + t.duplicates, 0);
    const unique = new Set([...enhanced.map((t) => t.signature as string), raw.signature]);
    expect(accepted).toBe(unique.size);
    expect(accepted + duplicates).toBe(2000);
    expect(new Set(queue.bySignature.keys())).toEqual(unique);
  });

  it('leaves JSON parsing of the rest of the app alone', async () => {
    const a = await start(new FakeQueue());
    const res = await a.inject({ method: 'POST', url: '/elsewhere', payload: { a: 1 } });
    expect(res.json()).toEqual({ echoed: { a: 1 } });
  });
});
