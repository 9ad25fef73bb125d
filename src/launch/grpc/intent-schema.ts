import { isAddress } from '@solana/kit';
import { z } from 'zod';
import type { IntentRecord } from '../../store/launch-intents/launch-intents.repository.ts';

/**
 * The edge parser of TradeIntent and CancelIntentRequest messages: what proto-loader decoded (defaults filled in,
 * so an unset field arrives as "" / "0" / SIDE_UNSPECIFIED) → a typed record, or every reason it is not one.
 */
const U64_MAX = (1n << 64n) - 1n;
const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;

const u64 = (what: string) =>
  z
    .string()
    .regex(/^\d+$/, `${what} must be an unsigned integer`)
    .refine((v) => BigInt(v) <= U64_MAX, `${what} does not fit in 64 bits`)
    .transform((v) => BigInt(v));

const i64 = (what: string) =>
  z
    .string()
    .regex(/^-?\d+$/, `${what} must be an integer`)
    .refine((v) => BigInt(v) >= I64_MIN && BigInt(v) <= I64_MAX, `${what} does not fit in 64 bits`)
    .transform((v) => BigInt(v));

const intentId = z
  .string()
  .min(1, 'intent_id is required (the client-chosen idempotency key)')
  .max(128, 'intent_id is at most 128 characters')
  .regex(/^[\x21-\x7e]+$/, 'intent_id must be printable ASCII without spaces');

const tradeIntentSchema = z.object({
  intentId,
  strategyId: z
    .string()
    .min(1, 'strategy_id is required')
    .max(64, 'strategy_id is at most 64 characters')
    .regex(/^[\x21-\x7e]+$/, 'strategy_id must be printable ASCII without spaces'),
  mint: z.string().refine(isAddress, 'mint must be a base58 Solana address of 32 bytes'),
  venue: z.enum(['pumpfun', 'pumpswap', 'raydium'], 'venue must be "pumpfun", "pumpswap" or "raydium"'),
  side: z
    .enum(['SIDE_BUY', 'SIDE_SELL'], 'side must be SIDE_BUY or SIDE_SELL')
    .transform((s) => (s === 'SIDE_BUY' ? ('buy' as const) : ('sell' as const))),
  size: u64('size').refine((v) => v > 0n, 'size must be greater than 0 (lamports to spend, tokens to sell)'),
  maxSlippageBps: z.number().int().max(10_000, 'max_slippage_bps is at most 10000 (100 %)'),
  ttlMs: z
    .number()
    .int()
    .min(1, 'ttl_ms must be greater than 0')
    .transform((v) => BigInt(v)),
  reasonCodes: z
    .array(
      z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/, 'reason codes are UPPER_SNAKE_CASE, at most 64 characters'),
    )
    .min(1, 'reason_codes must name at least one reason')
    .max(32, 'at most 32 reason codes'),
  basedOnCursor: u64('based_on_cursor'),
  tDecisionMs: i64('t_decision_ms'),
});

const cancelSchema = z.object({
  intentId,
  reason: z.string().max(500, 'reason is at most 500 characters'),
});

const describe = (error: z.ZodError): string =>
  error.issues
    .map(
      (i) =>
        `${i.path.map((p) => String(p).replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)).join('.')}: ${i.message}`,
    )
    .join('; ');

export function parseTradeIntent(
  message: unknown,
  clientId: string | null,
): { ok: true; intent: IntentRecord } | { ok: false; error: string } {
  const parsed = tradeIntentSchema.safeParse(message);
  if (!parsed.success) return { ok: false, error: `invalid TradeIntent: ${describe(parsed.error)}` };
  return { ok: true, intent: { ...parsed.data, clientId } };
}

export function parseCancelIntent(
  message: unknown,
): { ok: true; intentId: string; reason: string } | { ok: false; error: string } {
  const parsed = cancelSchema.safeParse(message);
  if (!parsed.success) return { ok: false, error: `invalid CancelIntentRequest: ${describe(parsed.error)}` };
  return { ok: true, ...parsed.data };
}
