import { OofError } from '../../core/errors/oof-error.ts';
import { parseRpcTransaction } from '../../decoder/decode-transaction.ts';
import { parseJsonExact } from '../../decoder/input/parse-json-exact.ts';
import {
  describeIssue,
  enhancedTransactionSchema,
  type EnhancedTransaction,
} from './enhanced-transaction.schema.ts';

type RpcTransaction = ReturnType<typeof parseRpcTransaction>;

/**
 * One transaction delivered by a Helius webhook, parsed and ready to queue. `enhanced` webhooks deliver
 * Enhanced Transactions (decode with `decodeEnhancedTransaction`); `raw` webhooks deliver `getTransaction`
 * results (decode with `decodeTransaction`). u64 values above 2^53 are `bigint`, so a durable queue must
 * serialize items with a bigint-aware JSON (lossless-json), not `JSON.stringify`.
 */
export type WebhookItem =
  | { readonly kind: 'enhanced'; readonly signature: string; readonly transaction: EnhancedTransaction }
  | { readonly kind: 'raw'; readonly signature: string; readonly transaction: RpcTransaction };

export interface EnqueueResult {
  /** Items the queue did not hold yet. */
  readonly accepted: number;
  /** Items whose signature the queue already held (a redelivery). */
  readonly duplicates: number;
}

/**
 * The port the webhook hands deliveries to. It must be durable before it resolves (the sender is told 200
 * only then) and idempotent by signature (Helius redelivers on timeouts and errors).
 */
export type WebhookEnqueue = (items: readonly WebhookItem[]) => Promise<EnqueueResult>;

export interface ParsedDelivery {
  /** One item per signature, in delivery order (the first copy of a repeated signature wins). */
  readonly items: WebhookItem[];
  /** Copies of a signature already present earlier in the same body. */
  readonly repeated: number;
}

function invalid(message: string, context: Record<string, unknown> = {}): OofError {
  return new OofError('WEBHOOK_PAYLOAD_INVALID', message, context);
}

/**
 * Parses a webhook body: a JSON array of Enhanced Transactions or of raw `getTransaction` results (Helius
 * sends one kind per webhook, but a relay may mix them). Any item of the wrong shape rejects the whole body,
 * naming the item, so the sender's retry sees the same answer and nothing is half-queued. Unknown `type`
 * and `source` values are not errors: Helius adds them over time.
 */
export function parseWebhookBody(body: Buffer | string): ParsedDelivery {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  if (text.trim().length === 0) {
    throw invalid('Webhook body is empty: expected a JSON array of transactions.');
  }
  let json: unknown;
  try {
    // Exact: raw webhooks carry lamports as JSON numbers, which JSON.parse rounds above 2^53.
    json = parseJsonExact(text);
  } catch (e) {
    throw invalid(`Webhook body is not JSON: ${e instanceof Error ? e.message : String(e)}.`);
  }
  if (!Array.isArray(json)) {
    throw invalid('Webhook body must be a JSON array of transactions (Helius sends an array).', {
      got: json === null ? 'null' : typeof json,
    });
  }
  const items: WebhookItem[] = [];
  const seen = new Set<string>();
  let repeated = 0;
  json.forEach((value: unknown, index) => {
    const item = parseItem(value, index);
    if (seen.has(item.signature)) {
      repeated += 1;
      return;
    }
    seen.add(item.signature);
    items.push(item);
  });
  return { items, repeated };
}

function parseItem(value: unknown, index: number): WebhookItem {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(`Item ${index} is not a transaction object.`, { index });
  }
  // A raw item is a getTransaction result (`transaction` + `meta`); an enhanced one has neither.
  if ('transaction' in value && 'meta' in value) {
    try {
      const transaction = parseRpcTransaction(value);
      return { kind: 'raw', signature: transaction.transaction.signatures[0]!, transaction };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const path = e instanceof OofError ? e.context.path : undefined;
      throw invalid(`Item ${index} (raw transaction): ${message}`, { index, kind: 'raw', path });
    }
  }
  const parsed = enhancedTransactionSchema.safeParse(value);
  if (!parsed.success) {
    const { path, message } = describeIssue(parsed.error);
    throw invalid(`Item ${index} (enhanced transaction): ${path}: ${message}.`, {
      index,
      kind: 'enhanced',
      path,
    });
  }
  return { kind: 'enhanced', signature: parsed.data.signature, transaction: parsed.data };
}
