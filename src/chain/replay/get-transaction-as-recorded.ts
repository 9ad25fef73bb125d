import { isOofError } from '../../core/errors/oof-error.ts';

export type TransactionFetch = (
  signature: string,
  encoding: 'json' | 'jsonParsed',
) => Promise<Readonly<Record<string, unknown>> | null>;

/**
 * getTransaction in `json`, or in `jsonParsed` when the server says that is all it has: `oof replay-rpc`
 * answers a `json` request for a transaction recorded as jsonParsed with -32602 and
 * `data.recordedEncoding` (a real node never does, so against one this is a plain `json` fetch). Clients
 * that store bodies as received (record, backfill) get exactly what was recorded either way.
 */
export async function getTransactionAsRecorded(
  fetch: TransactionFetch,
  signature: string,
): Promise<{ readonly encoding: 'json' | 'jsonParsed'; readonly result: Record<string, unknown> } | null> {
  try {
    const result = await fetch(signature, 'json');
    return result === null ? null : { encoding: 'json', result: { ...result } };
  } catch (e) {
    if (!isOofError(e, 'RPC_ERROR') || e.context.rpcCode !== -32602) throw e;
    const data = e.context.rpcData as { recordedEncoding?: unknown } | undefined;
    if (data?.recordedEncoding !== 'jsonParsed') throw e;
    const result = await fetch(signature, 'jsonParsed');
    return result === null ? null : { encoding: 'jsonParsed', result: { ...result } };
  }
}
