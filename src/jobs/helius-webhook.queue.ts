import { parse as losslessParse, stringify as losslessStringify } from 'lossless-json';
import type { WebhookEnqueue, WebhookItem } from '../chain/helius/webhook-item.ts';
import { OofError } from '../core/errors/oof-error.ts';
import type { Database } from '../store/database.ts';
import { enqueueJob } from '../store/jobs/jobs.repository.ts';

export const HELIUS_WEBHOOK_QUEUE = 'helius-webhook';

/** What a webhook job holds: the delivered transaction as exact JSON text (u64 above 2^53 stays exact). */
export interface WebhookJobPayload {
  readonly kind: WebhookItem['kind'];
  readonly signature: string;
  readonly body: string;
}

/**
 * The durable side of `POST /webhooks/helius`: every delivered transaction becomes one job, keyed by its
 * signature, all in one database transaction — committed before the route answers 200. A redelivery of a
 * signature (Helius retries on timeouts) finds the key taken and counts as a duplicate.
 */
export function createWebhookEnqueue(database: Database, now: () => Date = () => new Date()): WebhookEnqueue {
  return async (items) => {
    if (items.length === 0) return { accepted: 0, duplicates: 0 };
    const at = now();
    return database.transaction(async (tx) => {
      let accepted = 0;
      for (const item of items) {
        const body = losslessStringify(item.transaction);
        if (body === undefined) {
          throw new OofError('INVARIANT_BROKEN', `Webhook item ${item.signature} has no JSON form.`);
        }
        const payload: WebhookJobPayload = { kind: item.kind, signature: item.signature, body };
        const r = await enqueueJob(
          tx,
          {
            queue: HELIUS_WEBHOOK_QUEUE,
            payload: { ...payload },
            singletonKey: `helius:${item.signature}`,
            maxAttempts: 8,
          },
          at,
        );
        if (r.created) accepted++;
      }
      return { accepted, duplicates: items.length - accepted };
    });
  };
}

export function readWebhookJobPayload(
  payload: unknown,
): WebhookJobPayload & { readonly transaction: unknown } {
  const p = payload as Partial<WebhookJobPayload> | null;
  if (
    typeof p?.signature !== 'string' ||
    typeof p.body !== 'string' ||
    (p.kind !== 'raw' && p.kind !== 'enhanced')
  ) {
    throw new OofError(
      'INVARIANT_BROKEN',
      'A helius-webhook job has a payload of another shape; it is parked.',
    );
  }
  return {
    kind: p.kind,
    signature: p.signature,
    body: p.body,
    transaction: losslessParse(p.body, null, exactNumber),
  };
}

function exactNumber(text: string): number | bigint {
  const n = Number(text);
  return Number.isSafeInteger(n) || !/^-?\d+$/.test(text) ? n : BigInt(text);
}
