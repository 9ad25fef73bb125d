import { isAddress } from '@solana/kit';
import { OofError } from '../../core/errors/oof-error.ts';
import type {
  HeliusWebhook,
  HeliusWebhookClient,
  HeliusWebhookConfig,
  HeliusWebhookType,
} from './helius-webhook-client.ts';

/**
 * Helius' cap on `accountAddresses` (`maxItems: 100_000` in `CreateWebhookRequest` of webhooks.yaml, the body
 * of both create and edit). Edit is a PUT that replaces the whole list, so the cap per webhook is also the
 * cap per request: one request always carries the whole set, and "batched updates" means coalescing many
 * changes into one edit (each edit costs 100 credits), not splitting a list across requests.
 */
export const HELIUS_MAX_ADDRESSES_PER_WEBHOOK = 100_000;

export interface WatchedAddressSyncOptions {
  /** Our endpoint; the webhook that delivers to it is "ours" (created when missing). */
  readonly webhookURL: string;
  readonly webhookType?: HeliusWebhookType;
  /** `["ANY"]` by default: we decode every transaction of a watched wallet ourselves. */
  readonly transactionTypes?: readonly string[];
  readonly authHeader?: string;
  /** Lower than Helius' cap only in tests. */
  readonly maxAddresses?: number;
}

export interface WatchedAddressSyncResult {
  readonly action: 'created' | 'updated' | 'unchanged';
  readonly webhookId: string | null;
  readonly added: number;
  readonly removed: number;
}

type WebhookApi = Pick<
  HeliusWebhookClient,
  'listWebhooks' | 'getWebhook' | 'createWebhook' | 'updateWebhook'
>;

const sameUrl = (a: string, b: string): boolean => a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
const sameSet = (a: readonly string[], b: readonly string[]): boolean => {
  const sa = new Set(a);
  return sa.size === new Set(b).size && b.every((x) => sa.has(x));
};

function normalize(addresses: Iterable<string>, max: number): string[] {
  const unique = [...new Set(addresses)].sort();
  const bad = unique.find((a) => !isAddress(a));
  if (bad !== undefined) {
    throw new OofError('WALLET_INVALID_ADDRESS', `Not a Solana address: ${JSON.stringify(bad)}.`, {
      address: bad,
    });
  }
  if (unique.length > max) {
    throw new OofError(
      'HELIUS_WEBHOOK_ADDRESS_LIMIT',
      `${unique.length} watched addresses exceed the ${max} one Helius webhook can hold.`,
      { count: unique.length, max },
    );
  }
  return unique;
}

/**
 * `syncWatchedAddresses(addresses)`: makes the one webhook delivering to `webhookURL` watch exactly
 * `addresses` — created if missing (and there is something to watch), edited only when the address set or
 * our settings differ, left alone otherwise (idempotent: a repeated call costs one read, no credits).
 * Calls made while a sync runs are coalesced: the last set wins and one edit applies it.
 */
export function createWatchedAddressSync(
  api: WebhookApi,
  options: WatchedAddressSyncOptions,
): (addresses: Iterable<string>) => Promise<WatchedAddressSyncResult> {
  const max = options.maxAddresses ?? HELIUS_MAX_ADDRESSES_PER_WEBHOOK;
  const webhookType = options.webhookType ?? 'enhanced';
  const transactionTypes = options.transactionTypes ?? ['ANY'];

  const configFor = (addresses: readonly string[], existing: HeliusWebhook | null): HeliusWebhookConfig => ({
    webhookURL: options.webhookURL,
    transactionTypes,
    accountAddresses: addresses,
    webhookType,
    ...(options.authHeader === undefined ? {} : { authHeader: options.authHeader }),
    // PUT replaces the configuration: keep the settings we do not manage.
    ...(existing?.txnStatus ? { txnStatus: existing.txnStatus } : {}),
    ...(existing?.encoding ? { encoding: existing.encoding } : {}),
  });

  async function run(wanted: string[]): Promise<WatchedAddressSyncResult> {
    const ours = (await api.listWebhooks())
      .filter((w) => sameUrl(w.webhookURL, options.webhookURL))
      .sort((a, b) => (a.webhookID < b.webhookID ? -1 : 1));
    const found = ours[0];
    if (found === undefined) {
      if (wanted.length === 0) return { action: 'unchanged', webhookId: null, added: 0, removed: 0 };
      const created = await api.createWebhook(configFor(wanted, null));
      return { action: 'created', webhookId: created.webhookID, added: wanted.length, removed: 0 };
    }
    const current = await api.getWebhook(found.webhookID);
    const have = new Set(current.accountAddresses ?? []);
    const added = wanted.filter((a) => !have.has(a)).length;
    const removed = have.size - (wanted.length - added);
    const settingsDrift =
      current.webhookType !== webhookType ||
      !sameSet(current.transactionTypes ?? [], transactionTypes) ||
      // Helius may leave the header out of its answer: only a different value is drift.
      (options.authHeader !== undefined &&
        current.authHeader != null &&
        current.authHeader !== options.authHeader);
    if (added === 0 && removed === 0 && !settingsDrift) {
      return { action: 'unchanged', webhookId: current.webhookID, added: 0, removed: 0 };
    }
    const updated = await api.updateWebhook(current.webhookID, configFor(wanted, current));
    if (updated.accountAddresses != null && !sameSet(updated.accountAddresses, wanted)) {
      throw new OofError('HELIUS_API_ERROR', 'Helius answered the edit but did not keep the address list.', {
        webhookId: current.webhookID,
        sent: wanted.length,
        kept: updated.accountAddresses.length,
      });
    }
    return { action: 'updated', webhookId: current.webhookID, added, removed };
  }

  let running: Promise<WatchedAddressSyncResult> | null = null;
  let queued: {
    addresses: string[];
    waiters: { resolve: (r: WatchedAddressSyncResult) => void; reject: (e: unknown) => void }[];
  } | null = null;

  const start = (addresses: string[]): Promise<WatchedAddressSyncResult> => {
    const p = run(addresses);
    running = p;
    void p.then(next, next);
    return p;
  };
  function next(): void {
    running = null;
    const q = queued;
    if (q === null) return;
    queued = null;
    start(q.addresses).then(
      (r) => q.waiters.forEach((w) => w.resolve(r)),
      (e: unknown) => q.waiters.forEach((w) => w.reject(e)),
    );
  }

  return (addresses) => {
    let wanted: string[];
    try {
      wanted = normalize(addresses, max);
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    if (running === null) return start(wanted);
    const q = queued ?? { addresses: wanted, waiters: [] };
    q.addresses = wanted; // the latest set wins
    queued = q;
    return new Promise((resolve, reject) => q.waiters.push({ resolve, reject }));
  };
}
