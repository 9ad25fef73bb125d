/**
 * USD amounts inside the ledger: bigint integers scaled by 10^USD_SCALE, so additions and splits are exact and
 * conservation holds to the last unit. Strings only at the boundary.
 */
import { USD_SCALE, fromScaled, toScaled } from '../../domain/decimal.ts';

export type UsdScaled = bigint;

export function usdFromString(s: string): UsdScaled {
  return toScaled(s, USD_SCALE);
}

export function usdToString(v: UsdScaled): string {
  return fromScaled(v, USD_SCALE);
}

export function usdOrNull(v: UsdScaled | null): string | null {
  return v === null ? null : usdToString(v);
}

/** Value of `amountRaw` base units at `priceUsd` per whole token, truncated toward zero. */
export function usdValue(amountRaw: bigint, decimals: number, priceUsd: string): UsdScaled {
  return (amountRaw * usdFromString(priceUsd)) / 10n ** BigInt(decimals);
}

/** `total × part / whole`, truncated toward zero; the caller gives the remainder to the last piece. */
export function usdShare(total: UsdScaled, part: bigint, whole: bigint): UsdScaled {
  if (whole <= 0n) throw new RangeError('usdShare: whole must be positive');
  return (total * part) / whole;
}

/** USD per whole token for `cost` over `qtyRaw` base units (informative; truncated). */
export function unitCost(cost: UsdScaled, qtyRaw: bigint, decimals: number | null): UsdScaled | null {
  if (decimals === null || qtyRaw <= 0n) return null;
  return (cost * 10n ** BigInt(decimals)) / qtyRaw;
}
