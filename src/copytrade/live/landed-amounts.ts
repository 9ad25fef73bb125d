/**
 * What a landed swap moved for its signer, from the JSON-RPC `getTransaction` result (json encoding): the
 * signer is account 0 (fee payer); the token leg is the change of the signer's balance of `mint` over every
 * token account it owns (`pre/postTokenBalances`), the SOL leg the change of its lamports net of the fee
 * (Jupiter wraps and unwraps SOL inside the transaction, so WSOL nets out).
 */
import { LiveTradingError } from './live-error.ts';

interface TokenBalance {
  readonly mint?: unknown;
  readonly owner?: unknown;
  readonly uiTokenAmount?: { readonly amount?: unknown };
}

function tokenTotal(balances: unknown, owner: string, mint: string): bigint {
  if (!Array.isArray(balances)) return 0n;
  let total = 0n;
  for (const b of balances as TokenBalance[]) {
    const amount = b.uiTokenAmount?.amount;
    if (b.mint === mint && b.owner === owner && typeof amount === 'string' && /^\d+$/.test(amount)) {
      total += BigInt(amount);
    }
  }
  return total;
}

const lamportsAt = (xs: unknown): bigint => {
  const v = Array.isArray(xs) ? (xs as unknown[])[0] : undefined;
  if (typeof v !== 'number' && typeof v !== 'bigint') {
    throw new LiveTradingError('JUPITER_RESPONSE_INVALID', 'landed swap without the fee payer’s balances');
  }
  return BigInt(v);
};

/** `tokensRaw`: tokens bought (buy) or sold (sell), ≥ 0; `lamports`: SOL paid or received, net of the fee. */
export function landedAmounts(
  tx: unknown,
  owner: string,
  mint: string,
): { tokensRaw: bigint; lamports: bigint; feeLamports: bigint } {
  const meta = (tx as { meta?: Record<string, unknown> } | null)?.meta;
  if (meta === undefined || meta === null) {
    throw new LiveTradingError('JUPITER_RESPONSE_INVALID', 'the landed swap could not be read (no meta)');
  }
  const fee = BigInt((meta.fee as number | undefined) ?? 0);
  const tokenDelta =
    tokenTotal(meta.postTokenBalances, owner, mint) - tokenTotal(meta.preTokenBalances, owner, mint);
  const lamportDelta = lamportsAt(meta.postBalances) - lamportsAt(meta.preBalances) + fee;
  const abs = (v: bigint): bigint => (v < 0n ? -v : v);
  return { tokensRaw: abs(tokenDelta), lamports: abs(lamportDelta), feeLamports: fee };
}
