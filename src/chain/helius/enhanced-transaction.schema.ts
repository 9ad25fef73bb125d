import { z } from 'zod';
import { OofError } from '../../core/errors/oof-error.ts';

/**
 * Helius Enhanced Transaction (`POST /v0/transactions`, `GET /v0/addresses/{a}/transactions`, and the body
 * items of an `enhanced` webhook), per the `EnhancedTransaction` schema of Helius' OpenAPI definition.
 *
 * Only what the mapping reads is required: signature, fee, fee payer and `accountData` (the balance changes).
 * Everything else is optional and objects are loose, because Helius adds transaction types, sources and fields
 * over time and a new one must not make us drop a delivery. `type` and `source` are plain strings for the same
 * reason: the published enums are already behind what the API sends.
 */

// Lamports arrive as JSON numbers. Parsed with parseJsonExact, values above 2^53 arrive as bigint instead of
// being rounded by JSON.parse; anything fractional is not a lamport amount.
const lamports = z.union([z.number().refine(Number.isSafeInteger, 'expected an integer'), z.bigint()]);
const unsignedLamports = z.union([
  z.number().nonnegative().refine(Number.isSafeInteger, 'expected an integer'),
  z.bigint().nonnegative(),
]);

/** Helius writes exact amounts as decimal strings of base units (`"-1485000000"`). */
const signedIntegerString = z.string().regex(/^-?\d+$/, 'expected a base-unit integer string');

const rawTokenAmount = z.looseObject({
  tokenAmount: signedIntegerString,
  decimals: z.number().int().min(0).max(255),
});

/** `TokenBalanceChange`: exact, signed, in base units. */
const tokenBalanceChange = z.looseObject({
  userAccount: z.string(),
  tokenAccount: z.string(),
  mint: z.string().min(1),
  rawTokenAmount,
});

/**
 * `TokenTransfer`. `tokenAmount` is a UI amount (a float: 61.027185382) and is never used as money; the
 * accounts tell who moved what to whom. Mints and burns carry an empty string on the missing side.
 */
const tokenTransfer = z.looseObject({
  fromUserAccount: z.string().nullish(),
  toUserAccount: z.string().nullish(),
  fromTokenAccount: z.string().nullish(),
  toTokenAccount: z.string().nullish(),
  tokenAmount: z.number().nullish(),
  mint: z.string(),
  tokenStandard: z.string().nullish(),
});

const nativeTransfer = z.looseObject({
  fromUserAccount: z.string().nullish(),
  toUserAccount: z.string().nullish(),
  amount: unsignedLamports,
});

/** `NativeBalanceChange` of a swap event: the amount is a string of lamports. */
const nativeAmount = z.looseObject({ account: z.string(), amount: signedIntegerString });

const accountData = z.looseObject({
  account: z.string().min(1),
  nativeBalanceChange: lamports,
  tokenBalanceChanges: z.array(tokenBalanceChange).nullish(),
});

const innerInstruction = z.looseObject({
  programId: z.string().min(1),
  accounts: z.array(z.string()).nullish(),
  /** Base58 of the raw instruction data, as in a `json`-encoded getTransaction. */
  data: z.string().nullish(),
});

const instruction = innerInstruction.extend({ innerInstructions: z.array(innerInstruction).nullish() });

const swapEvent = z.looseObject({
  nativeInput: nativeAmount.nullish(),
  nativeOutput: nativeAmount.nullish(),
  tokenInputs: z.array(tokenBalanceChange).nullish(),
  tokenOutputs: z.array(tokenBalanceChange).nullish(),
  tokenFees: z.array(tokenBalanceChange).nullish(),
  nativeFees: z.array(nativeAmount).nullish(),
  innerSwaps: z.array(z.looseObject({})).nullish(),
});

export const enhancedTransactionSchema = z.looseObject({
  signature: z.string().min(1),
  slot: unsignedLamports.nullish(),
  /** Block time, unix seconds. */
  timestamp: z.number().int().nullish(),
  fee: unsignedLamports,
  feePayer: z.string().min(1),
  type: z.string().nullish(),
  source: z.string().nullish(),
  description: z.string().nullish(),
  /** Null for a successful transaction; the runtime's error object (`{InstructionError: [...]}`) otherwise. */
  transactionError: z.unknown().nullish(),
  nativeTransfers: z.array(nativeTransfer).nullish(),
  tokenTransfers: z.array(tokenTransfer).nullish(),
  accountData: z.array(accountData),
  instructions: z.array(instruction).nullish(),
  // Helius sends `{}` when there are no events; some recordings carry `[]`.
  events: z.union([z.looseObject({ swap: swapEvent.nullish() }), z.array(z.unknown())]).nullish(),
});

export type EnhancedTransaction = z.infer<typeof enhancedTransactionSchema>;
export type EnhancedTokenBalanceChange = z.infer<typeof tokenBalanceChange>;
export type EnhancedTokenTransfer = z.infer<typeof tokenTransfer>;
export type EnhancedInstruction = z.infer<typeof instruction>;
export type EnhancedSwapEvent = z.infer<typeof swapEvent>;

/** Where the first schema issue is (`accountData.3.nativeBalanceChange`) and what it is. */
export function describeIssue(error: z.ZodError): { path: string; message: string } {
  const first = error.issues[0];
  return {
    path: first && first.path.length > 0 ? first.path.join('.') : '(root)',
    message: first?.message ?? 'unexpected shape',
  };
}

/** Parse an untrusted Enhanced Transaction once, at the edge. */
export function parseEnhancedTransaction(json: unknown): EnhancedTransaction {
  const parsed = enhancedTransactionSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const { path, message } = describeIssue(parsed.error);
  throw new OofError('HELIUS_TX_INVALID', `Not a Helius Enhanced Transaction: ${path}: ${message}.`, {
    path,
  });
}

/** The swap event, when Helius recognised one (`events` is `{}` or `[]` otherwise). */
export function swapEventOf(tx: EnhancedTransaction): EnhancedSwapEvent | null {
  const events = tx.events;
  if (events === null || events === undefined || Array.isArray(events)) return null;
  return events.swap ?? null;
}
