import type { FetchLike } from '../helius-webhook-client.ts';

export interface RecordedCall {
  readonly method: string;
  /** Path and query without the API key. */
  readonly path: string;
  readonly apiKey: string | null;
  readonly body: Record<string, unknown> | null;
}

/**
 * Test-only stand-in for the Helius webhook API (no network here, and no recording of it exists): webhooks
 * kept in memory with the semantics of webhooks.yaml — POST creates with a new `webhookID`, PUT replaces the
 * whole configuration, GET lists or reads one, DELETE removes. Every call is recorded; any other route
 * throws, so a test notices a request it did not expect.
 */
export class FakeHeliusWebhookApi {
  readonly calls: RecordedCall[] = [];
  readonly webhooks = new Map<string, Record<string, unknown>>();
  /** Answers to give instead of the normal behaviour, consumed first-in first-out. */
  readonly failures: Response[] = [];
  private nextId = 1;

  readonly fetch: FetchLike = async (url, init) => {
    const u = new URL(url);
    const method = init.method ?? 'GET';
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : null;
    this.calls.push({ method, path: u.pathname, apiKey: u.searchParams.get('api-key'), body });
    await Promise.resolve();
    const failure = this.failures.shift();
    if (failure !== undefined) return failure;
    const id = /^\/v0\/webhooks\/([^/]+)$/.exec(u.pathname)?.[1];
    if (u.pathname === '/v0/webhooks' && method === 'GET') return json([...this.webhooks.values()]);
    if (u.pathname === '/v0/webhooks' && method === 'POST') {
      const webhook = { ...body, webhookID: `wh-${this.nextId++}`, wallet: 'owner-wallet' };
      this.webhooks.set(webhook.webhookID, webhook);
      return json(webhook);
    }
    if (id !== undefined) {
      const existing = this.webhooks.get(id);
      if (existing === undefined) return json({ error: 'Webhook not found' }, 404);
      if (method === 'GET') return json(existing);
      if (method === 'PUT') {
        const webhook = { ...body, webhookID: id, wallet: existing.wallet };
        this.webhooks.set(id, webhook);
        return json(webhook);
      }
      if (method === 'DELETE') {
        this.webhooks.delete(id);
        return json({ message: 'deleted' });
      }
    }
    throw new Error(`FakeHeliusWebhookApi: unexpected ${method} ${u.pathname}`);
  };

  /** Method and path of each call, the shape most assertions want. */
  routes(): string[] {
    return this.calls.map((c) => `${c.method} ${c.path}`);
  }
}

export function json(value: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(value), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}
