import { isOffCurveAddress, type Address } from '@solana/kit';
import type { OwnerBalances } from '../balances/owner-balances.ts';
import type { Movement } from '../movements/movement.ts';
import type { LiquidityOp } from '../programs/instruction-kinds.ts';
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
