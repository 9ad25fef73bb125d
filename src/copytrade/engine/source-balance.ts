/**
 * What the source wallet held of a mint just before its sell, read from the transaction payload as delivered:
 * the `meta.preTokenBalances` of the accounts it owns (JSON-RPC `getTransaction` shape, also what a raw Helius
 * delivery carries). Null when the payload does not say (an enhanced delivery without balances): the mirror exit
 * then treats the sell as the source's whole holding (`heldBefore = sold`), the conservative reading.
 */
export function sourceHeldBefore(raw: unknown, owner: string, mint: string): bigint | null {
  const meta = (raw as { meta?: { preTokenBalances?: unknown } } | null)?.meta;
  const balances = meta?.preTokenBalances;
  if (!Array.isArray(balances)) return null;
  let total: bigint | null = null;
  for (const b of balances as unknown[]) {
    const e = b as { mint?: unknown; owner?: unknown; uiTokenAmount?: { amount?: unknown } };
    if (e.mint !== mint || e.owner !== owner) continue;
    const amount = e.uiTokenAmount?.amount;
    if (typeof amount !== 'string' || !/^\d+$/.test(amount)) continue;
    total = (total ?? 0n) + BigInt(amount);
  }
  return total;
}
