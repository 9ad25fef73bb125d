import { isOffCurveAddress, type Address } from '@solana/kit';
import type { OwnerBalances } from '../balances/owner-balances.ts';
import type { ClosedAccount } from './closed-accounts.ts';
import type { Movement } from '../movements/movement.ts';
import type { LiquidityOp } from '../programs/instruction-kinds.ts';
import { knownProgram, programLabel } from '../programs/program-registry.ts';
import type { NormalizedTransaction } from '../transaction/normalized-transaction.ts';

/** Everything the per-owner classification reads, computed once per transaction. */
export interface DecodeContext {
  readonly tx: NormalizedTransaction;
  readonly balances: OwnerBalances;
  readonly movements: readonly Movement[];
  /** A program that can trade (aggregator, router, AMM, launchpad or an unknown program) was invoked. */
  readonly hasTrading: boolean;
  /** A liquid-staking/stake-pool program was invoked: SOL↔LST pairs are stake/unstake, not swaps. */
  readonly hasStakePool: boolean;
  /** Liquidity instructions (add/remove), with the accounts they name: they apply to owners among those. */
  readonly liquidity: readonly {
    readonly op: LiquidityOp;
    readonly venue: string;
    readonly accounts: ReadonlySet<string>;
  }[];
  /** Accounts this transaction creates or sets up (CreateAccount, Allocate, Assign): not wallets. */
  readonly allocatedAccounts: ReadonlySet<string>;
  /** First Allocate/Assign instruction index per account: a Transfer into it before that funds its rent. */
  readonly allocateIndex: ReadonlyMap<string, number>;
  /** Program accounts closed in this transaction and who received their lamports. */
  readonly closedAccounts: readonly ClosedAccount[];
  /** Memo of `venueSideOf` per owner (filled lazily while classifying). */
  readonly venueSides: Map<string, ReadonlySet<string>>;
  readonly venue: string | null;
  readonly programs: readonly string[];
  readonly quoteMints: ReadonlySet<string>;
  readonly solUsdAt: ((unixSeconds: number) => string | null) | undefined;
}

/** Wallet that holds an account: the token account's owner, else the account itself. */
export function ownerOf(ctx: DecodeContext, account: string): string {
  return ctx.balances.accountOwner(account);
}

/** Mint of a token movement: named by the instruction, else from either side's token balance. */
export function movementMint(
  ctx: DecodeContext,
  m: Extract<Movement, { type: 'token_transfer' }>,
): string | null {
  return (
    m.mint ??
    ctx.balances.tokenAccounts.get(m.source)?.mint ??
    ctx.balances.tokenAccounts.get(m.destination)?.mint ??
    null
  );
}

// Program-derived addresses (pool authorities, vaults, bonding curves) are off the ed25519 curve; wallets are
// on it. The check costs a field square root, so results are cached; the cache is bounded.
const curveCache = new Map<string, boolean>();
export function isOnCurve(address: string): boolean {
  const hit = curveCache.get(address);
  if (hit !== undefined) return hit;
  let on = false;
  try {
    on = !isOffCurveAddress(address as Address);
  } catch {
    on = false;
  }
  if (curveCache.size > 200_000) curveCache.clear();
  curveCache.set(address, on);
  return on;
}

/** Holders on the other side of the owner's token flows: sent it tokens or received tokens from it. */
export function venueSideOf(ctx: DecodeContext, owner: string): ReadonlySet<string> {
  // Asked once per System transfer by the rent, fee and counterparty rules: computed once per owner.
  const cached = ctx.venueSides.get(owner);
  if (cached !== undefined) return cached;
  const side = new Set<string>();
  for (const m of ctx.movements) {
    if (m.type !== 'token_transfer') continue;
    const src = ownerOf(ctx, m.source);
    const dst = ownerOf(ctx, m.destination);
    if (src === owner && dst !== owner) side.add(dst);
    if (dst === owner && src !== owner) side.add(src);
  }
  ctx.venueSides.set(owner, side);
  return side;
}

/**
 * A System transfer from the owner that pays rent for an account this transaction opens: before its Allocate
 * (the Metaplex pattern), or a top-up of an account created here (space added for a Token-2022 extension) —
 * unless that account is a venue the owner trades with (a bonding curve created and bought from at once).
 */
export function fundsNewAccount(
  ctx: DecodeContext,
  owner: string,
  m: Extract<Movement, { type: 'sol_transfer' }>,
): boolean {
  if (ownerOf(ctx, m.from) !== owner || ownerOf(ctx, m.to) === owner) return false;
  if (m.ixIndex < (ctx.allocateIndex.get(m.to) ?? -1)) return true;
  return ctx.allocatedAccounts.has(m.to) && !venueSideOf(ctx, owner).has(ownerOf(ctx, m.to));
}

/**
 * The venue of one owner's trade: the outer instruction that moved the owner's tokens — its program when that
 * trades (aggregator, router, AMM, launchpad), else the first trading program it invoked. A wallet that bought
 * on PumpSwap in the same transaction as a pump.fun migration is credited to PumpSwap; a Jupiter route to
 * Jupiter. Falls back to the transaction's venue.
 */
export function venueOf(ctx: DecodeContext, owner: string): string | null {
  const trading = (id: string): 0 | 1 | 2 => {
    const role = knownProgram(id)?.role;
    return role === 'aggregator' || role === 'router' ? 2 : role === 'amm' || role === 'launchpad' ? 1 : 0;
  };
  for (const m of ctx.movements) {
    if (m.type !== 'token_transfer') continue;
    if (ownerOf(ctx, m.source) !== owner && ownerOf(ctx, m.destination) !== owner) continue;
    const outer = ctx.tx.instructions[m.ixIndex]?.outerIndex;
    if (outer === undefined) continue;
    const group = ctx.tx.instructions.filter((ix) => ix.outerIndex === outer);
    const best = group.reduce<{ id: string; rank: number } | null>((acc, ix) => {
      const rank = trading(ix.programId);
      return rank > (acc?.rank ?? 0) ? { id: ix.programId, rank } : acc;
    }, null);
    if (best !== null) return programLabel(best.id);
  }
  return ctx.venue;
}
