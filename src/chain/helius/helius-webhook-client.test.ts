import { describe, expect, it } from 'vitest';
import { createHeliusWebhookClient } from './helius-webhook-client.ts';
import { FakeHeliusWebhookApi, json } from './testing/fake-helius-webhook-api.ts';
import { loadEnhancedPayloads } from './testing/helius-payloads.fixture.ts';
import { HELIUS_MAX_ADDRESSES_PER_WEBHOOK, type WatchedAddressSyncOptions } from './watched-address-sync.ts';

const API_KEY = 'test-api-key-not-real';
const URL_OURS = 'https://oof.example.com/webhooks/helius';
// Real wallets from the recorded payloads (fee payers), so addresses are valid base58 public keys.
const WALLETS = [...new Set(loadEnhancedPayloads().map((p) => p.json.feePayer as string))].sort();
const [A, B, C, D, E] = WALLETS as [string, string, string, string, string];

function setup(watch: Partial<WatchedAddressSyncOptions> = {}) {
  const api = new FakeHeliusWebhookApi();
  const client = createHeliusWebhookClient({
    apiKey: API_KEY,
    fetch: api.fetch,
    watch: { webhookURL: URL_OURS, authHeader: 'Bearer hook-secret', ...watch },
  });
  return { api, client };
}

describe('syncWatchedAddresses', () => {
  it('creates the one webhook when missing, with every address and our settings', async () => {
    const { api, client } = setup();
    const result = await client.syncWatchedAddresses([C, A, B, A]);
    expect(result).toEqual({ action: 'created', webhookId: 'wh-1', added: 3, removed: 0 });
    expect(api.routes()).toEqual(['GET /v0/webhooks', 'POST /v0/webhooks']);
    expect(api.calls.every((c) => c.apiKey === API_KEY)).toBe(true);
    expect(api.calls[1]?.body).toEqual({
      webhookURL: URL_OURS,
      transactionTypes: ['ANY'],
      accountAddresses: [A, B, C].sort(),
      webhookType: 'enhanced',
      authHeader: 'Bearer hook-secret',
    });
  });

  it('does nothing but read when the set is unchanged (any order, repeats)', async () => {
    const { api, client } = setup();
    await client.syncWatchedAddresses([A, B, C]);
    api.calls.length = 0;
    const result = await client.syncWatchedAddresses([C, B, A, C]);
    expect(result).toEqual({ action: 'unchanged', webhookId: 'wh-1', added: 0, removed: 0 });
    expect(api.routes()).toEqual(['GET /v0/webhooks', 'GET /v0/webhooks/wh-1']);
  });

  it('applies additions and removals in one edit carrying the whole new list', async () => {
    const { api, client } = setup();
    await client.syncWatchedAddresses([A, B, C]);
    api.calls.length = 0;
    const result = await client.syncWatchedAddresses([A, C, D, E]);
    expect(result).toEqual({ action: 'updated', webhookId: 'wh-1', added: 2, removed: 1 });
    expect(api.routes()).toEqual(['GET /v0/webhooks', 'GET /v0/webhooks/wh-1', 'PUT /v0/webhooks/wh-1']);
    expect(api.webhooks.get('wh-1')?.accountAddresses).toEqual([A, C, D, E].sort());
    expect(api.webhooks.size).toBe(1);
  });

  it('coalesces a burst of changes into one edit with the latest set', async () => {
    const { api, client } = setup();
    await client.syncWatchedAddresses([A]);
    api.calls.length = 0;
    const burst = [
      [A, B],
      [A, B, C],
      [A, B, C, D],
      [B, C, D, E],
      [A, B, C, D, E],
    ];
    const results = await Promise.all(burst.map((set) => client.syncWatchedAddresses(set)));
    const puts = api.calls.filter((c) => c.method === 'PUT');
    expect(puts.map((c) => c.body?.accountAddresses)).toEqual([[A, B].sort(), [A, B, C, D, E].sort()]);
    expect(results.slice(1).every((r) => r === results[1])).toBe(true); // the coalesced callers share one edit
    expect(api.webhooks.get('wh-1')?.accountAddresses).toEqual([A, B, C, D, E].sort());
  });

  it('finds its webhook by URL among others and leaves those alone', async () => {
    const { api, client } = setup();
    api.webhooks.set('other', {
      webhookID: 'other',
      webhookURL: 'https://elsewhere.example/hook',
      accountAddresses: [E],
    });
    api.webhooks.set('ours', {
      webhookID: 'ours',
      webhookURL: `${URL_OURS}/`,
      webhookType: 'enhanced',
      transactionTypes: ['ANY'],
      accountAddresses: [A],
      txnStatus: 'all',
    });
    const result = await client.syncWatchedAddresses([A, B]);
    expect(result).toMatchObject({ action: 'updated', webhookId: 'ours', added: 1 });
    expect(api.webhooks.get('other')?.accountAddresses).toEqual([E]);
    expect(api.webhooks.get('ours')).toMatchObject({ txnStatus: 'all', webhookURL: URL_OURS }); // kept
  });

  it('edits when our settings drifted even if the addresses did not', async () => {
    const { api, client } = setup({ webhookType: 'raw' });
    api.webhooks.set('ours', {
      webhookID: 'ours',
      webhookURL: URL_OURS,
      webhookType: 'enhanced',
      transactionTypes: ['ANY'],
      accountAddresses: [A],
    });
    expect(await client.syncWatchedAddresses([A])).toMatchObject({ action: 'updated', added: 0, removed: 0 });
    expect(api.webhooks.get('ours')?.webhookType).toBe('raw');
  });

  it('creates nothing for an empty watch list', async () => {
    const { api, client } = setup();
    expect(await client.syncWatchedAddresses([])).toEqual({
      action: 'unchanged',
      webhookId: null,
      added: 0,
      removed: 0,
    });
    expect(api.routes()).toEqual(['GET /v0/webhooks']);
  });

  it('refuses a bad address or more than one webhook holds, before any request', async () => {
    const { api, client } = setup({ maxAddresses: 3 });
    await expect(client.syncWatchedAddresses([A, 'not-an-address'])).rejects.toMatchObject({
      code: 'WALLET_INVALID_ADDRESS',
    });
    await expect(client.syncWatchedAddresses([A, B, C, D])).rejects.toMatchObject({
      code: 'HELIUS_WEBHOOK_ADDRESS_LIMIT',
    });
    expect(api.calls).toHaveLength(0);
    expect(HELIUS_MAX_ADDRESSES_PER_WEBHOOK).toBe(100_000); // webhooks.yaml: accountAddresses maxItems
  });

  it('reports a rate limit as retryable and a refused request as upstream, never leaking the key', async () => {
    const { api, client } = setup();
    api.failures.push(json({ error: 'Rate limit exceeded' }, 429, { 'retry-after': '2' }));
    const limited = await client.syncWatchedAddresses([A]).catch((e: unknown) => e);
    expect(limited).toMatchObject({
      code: 'HELIUS_API_UNAVAILABLE',
      kind: 'unavailable',
      context: { status: 429, retryAfter: '2' },
    });
    api.failures.push(json({ error: 'Unauthorized' }, 401));
    const refused = await client.syncWatchedAddresses([A]).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'HELIUS_API_ERROR', kind: 'upstream' });
    expect(JSON.stringify([limited, refused, String(limited), String(refused)])).not.toContain(API_KEY);
  });

  it('notices an edit Helius answered but did not keep', async () => {
    const { api, client } = setup();
    await client.syncWatchedAddresses([A]);
    api.failures.push(
      json([...api.webhooks.values()]),
      json(api.webhooks.get('wh-1')),
      json(api.webhooks.get('wh-1')),
    );
    await expect(client.syncWatchedAddresses([A, B])).rejects.toMatchObject({ code: 'HELIUS_API_ERROR' });
  });
});

describe('webhook API calls', () => {
  it('gets, updates and deletes one webhook by id', async () => {
    const { client } = setup();
    const created = await client.createWebhook({
      webhookURL: URL_OURS,
      transactionTypes: ['SWAP'],
      accountAddresses: [A],
      webhookType: 'raw',
    });
    expect(await client.getWebhook(created.webhookID)).toMatchObject({
      transactionTypes: ['SWAP'],
      accountAddresses: [A],
    });
    await client.updateWebhook(created.webhookID, {
      webhookURL: URL_OURS,
      transactionTypes: ['ANY'],
      accountAddresses: [B],
      webhookType: 'raw',
    });
    expect((await client.listWebhooks())[0]).toMatchObject({ accountAddresses: [B] });
    await client.deleteWebhook(created.webhookID);
    expect(await client.listWebhooks()).toEqual([]);
    await expect(client.getWebhook(created.webhookID)).rejects.toMatchObject({
      code: 'HELIUS_API_ERROR',
      context: { status: 404 },
    });
  });
});
