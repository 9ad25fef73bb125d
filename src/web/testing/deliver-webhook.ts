import { stringifyExact } from '../../core/json/stringify-exact.ts';

/**
 * POSTs raw `getTransaction` results to the started server's Helius webhook, as a Helius raw webhook (or a
 * replay node's `--webhook`) delivers them, with the Authorization value the process was started with.
 */
export async function deliverHeliusWebhook(
  baseUrl: string,
  auth: string,
  transactions: readonly unknown[],
): Promise<void> {
  const res = await fetch(`${baseUrl}/webhooks/helius`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: auth },
    body: stringifyExact(transactions),
  });
  if (!res.ok) throw new Error(`POST /webhooks/helius answered ${res.status}: ${await res.text()}`);
}
