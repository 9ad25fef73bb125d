/**
 * Every account a `getTransaction` result loads, static keys then v0 loaded addresses (writable, then
 * readonly): what a node indexes getSignaturesForAddress and logsSubscribe `mentions` by. `jsonParsed`
 * results already list loaded addresses among their key objects.
 */
export function transactionAccounts(result: Readonly<Record<string, unknown>>): string[] {
  const transaction = result.transaction as { message?: { accountKeys?: unknown } } | undefined;
  const keys = transaction?.message?.accountKeys;
  const out: string[] = [];
  if (Array.isArray(keys)) {
    for (const k of keys as unknown[]) {
      if (typeof k === 'string') out.push(k);
      else if (
        typeof k === 'object' &&
        k !== null &&
        typeof (k as { pubkey?: unknown }).pubkey === 'string'
      ) {
        out.push((k as { pubkey: string }).pubkey);
      }
    }
  }
  const meta = result.meta as
    | { loadedAddresses?: { writable?: unknown; readonly?: unknown } }
    | null
    | undefined;
  const loaded = meta?.loadedAddresses;
  for (const list of [loaded?.writable, loaded?.readonly]) {
    if (!Array.isArray(list)) continue;
    for (const a of list as unknown[]) if (typeof a === 'string' && !out.includes(a)) out.push(a);
  }
  return out;
}

/** The transaction error of a result (`meta.err`), null on success. */
export function transactionError(result: Readonly<Record<string, unknown>>): NonNullable<unknown> | null {
  const meta = result.meta as { err?: NonNullable<unknown> | null } | null | undefined;
  return meta?.err ?? null;
}
