import { z } from 'zod';

/**
 * A u64 as Solana JSON-RPC writes it: a JSON number (exact below 2^53, a bigint from `parseJsonExact`
 * above it, e.g. `rentEpoch: 18446744073709551615`) or a decimal string (token `amount`). Always a bigint.
 */
export const u64 = z
  .union([
    z.bigint().nonnegative(),
    z.number().int().nonnegative(),
    z.string().regex(/^\d{1,20}$/, 'expected a base-10 integer string'),
  ])
  .transform((v) => BigInt(v))
  .refine((v) => v <= 0xffff_ffff_ffff_ffffn, 'exceeds u64');

/** `{ context: { slot }, value }`: the RpcResponse wrapper of account and token methods. */
export function withContext<T extends z.ZodType>(value: T) {
  return z
    .looseObject({ context: z.looseObject({ slot: u64 }), value })
    .transform((r) => ({ contextSlot: r.context.slot, value: r.value as z.output<T> }));
}

export type WithContext<T> = { readonly contextSlot: bigint; readonly value: T };
