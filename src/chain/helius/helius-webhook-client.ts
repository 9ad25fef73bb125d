import { z } from 'zod';
import { OofError } from '../../core/errors/oof-error.ts';
import { createWatchedAddressSync, type WatchedAddressSyncOptions } from './watched-address-sync.ts';

/**
 * Client of the Helius webhook management API (`/v0/webhooks`, Helius OpenAPI `webhooks.yaml`): list,
 * get, create, edit (PUT replaces the whole configuration, address list included) and delete. Every call
 * costs Helius credits (100 per create/edit/delete), which is why `syncWatchedAddresses` writes only when
 * something changed. The API key travels as the `api-key` query parameter and is never put in an error.
 */
export const HELIUS_API_BASE_URL = 'https://api.helius.xyz';

/** `WebhookType` of the OpenAPI definition; devnet variants deliver devnet transactions. */
export type HeliusWebhookType =
  | 'enhanced'
  | 'raw'
  | 'discord'
  | 'enhancedDevnet'
  | 'rawDevnet'
  | 'discordDevnet';

/** `CreateWebhookRequest`: the body of both create (POST) and edit (PUT). */
export interface HeliusWebhookConfig {
  readonly webhookURL: string;
  /** `["ANY"]` for every type; otherwise TransactionType names (SWAP, TRANSFER, ...). */
  readonly transactionTypes: readonly string[];
  readonly accountAddresses: readonly string[];
  readonly webhookType: HeliusWebhookType;
  /** Sent back verbatim as the `Authorization` header of each delivery. */
  readonly authHeader?: string;
  readonly txnStatus?: string;
  readonly encoding?: string;
}

const webhookSchema = z.looseObject({
  webhookID: z.string().min(1),
  wallet: z.string().nullish(),
  webhookURL: z.string(),
  transactionTypes: z.array(z.string()).nullish(),
  // The list endpoint has been seen to leave the addresses out; `getWebhook` always has them.
  accountAddresses: z.array(z.string()).nullish(),
  webhookType: z.string().nullish(),
  authHeader: z.string().nullish(),
  txnStatus: z.string().nullish(),
  encoding: z.string().nullish(),
});
export type HeliusWebhook = z.infer<typeof webhookSchema>;

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface HeliusWebhookClientOptions {
  readonly apiKey: string;
  /** `https://api.helius.xyz` by default; the OpenAPI file names `https://api-mainnet.helius-rpc.com`. */
  readonly baseUrl?: string;
  /** Injected for tests and proxies; global fetch by default. */
  readonly fetch?: FetchLike;
  readonly timeoutMs?: number;
}

export interface HeliusWebhookClient {
  listWebhooks(): Promise<HeliusWebhook[]>;
  getWebhook(webhookId: string): Promise<HeliusWebhook>;
  createWebhook(config: HeliusWebhookConfig): Promise<HeliusWebhook>;
  updateWebhook(webhookId: string, config: HeliusWebhookConfig): Promise<HeliusWebhook>;
  deleteWebhook(webhookId: string): Promise<void>;
  /** Keeps one webhook (found by URL) watching exactly `addresses`; see `watched-address-sync.ts`. */
  syncWatchedAddresses: ReturnType<typeof createWatchedAddressSync>;
}

export function createHeliusWebhookClient(
  options: HeliusWebhookClientOptions & { readonly watch: WatchedAddressSyncOptions },
): HeliusWebhookClient {
  if (options.apiKey.trim() === '') {
    throw new OofError('CONFIG_INVALID', 'A Helius API key is needed to manage webhooks.');
  }
  const base = (options.baseUrl ?? HELIUS_API_BASE_URL).replace(/\/+$/, '');
  const doFetch: FetchLike = options.fetch ?? ((url, init) => fetch(url, init));
  const timeoutMs = options.timeoutMs ?? 15_000;

  async function call(method: string, path: string, body?: HeliusWebhookConfig): Promise<unknown> {
    const url = `${base}/v0/webhooks${path}?api-key=${encodeURIComponent(options.apiKey)}`;
    const where = { method, path: `/v0/webhooks${path}` }; // never the URL: it carries the key
    let res: Response;
    try {
      res = await doFetch(url, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (cause) {
      throw new OofError(
        'HELIUS_API_UNAVAILABLE',
        `Helius ${method} ${where.path} failed: no answer.`,
        where,
        cause,
      );
    }
    const text = await res.text();
    if (!res.ok) {
      const retryAfter = res.headers.get('retry-after');
      const context = { ...where, status: res.status, body: text.slice(0, 300), retryAfter };
      const message = `Helius ${method} ${where.path} answered HTTP ${res.status}: ${text.slice(0, 200)}`;
      // 429 and 5xx may pass; 4xx is our request (a bad address, an unknown webhook id, a wrong key).
      throw new OofError(
        res.status === 429 || res.status >= 500 ? 'HELIUS_API_UNAVAILABLE' : 'HELIUS_API_ERROR',
        message,
        context,
      );
    }
    if (text.trim() === '') return null;
    try {
      return JSON.parse(text) as unknown;
    } catch (cause) {
      throw new OofError(
        'HELIUS_API_ERROR',
        `Helius ${method} ${where.path} answered non-JSON.`,
        where,
        cause,
      );
    }
  }

  function webhook(value: unknown, what: string): HeliusWebhook {
    const parsed = webhookSchema.safeParse(value);
    if (parsed.success) return parsed.data;
    throw new OofError(
      'HELIUS_API_ERROR',
      `Helius ${what} did not answer a webhook: ${parsed.error.message}`,
    );
  }

  const client: Omit<HeliusWebhookClient, 'syncWatchedAddresses'> = {
    async listWebhooks() {
      const value = await call('GET', '');
      if (!Array.isArray(value))
        throw new OofError('HELIUS_API_ERROR', 'Helius GET /v0/webhooks did not answer a list.');
      return value.map((v) => webhook(v, 'GET /v0/webhooks'));
    },
    async getWebhook(id) {
      return webhook(await call('GET', `/${encodeURIComponent(id)}`), 'GET /v0/webhooks/{id}');
    },
    async createWebhook(config) {
      return webhook(await call('POST', '', config), 'POST /v0/webhooks');
    },
    async updateWebhook(id, config) {
      return webhook(await call('PUT', `/${encodeURIComponent(id)}`, config), 'PUT /v0/webhooks/{id}');
    },
    async deleteWebhook(id) {
      await call('DELETE', `/${encodeURIComponent(id)}`);
    },
  };
  return { ...client, syncWatchedAddresses: createWatchedAddressSync(client, options.watch) };
}
