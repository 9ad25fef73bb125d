import { z } from 'zod';
import { OofError } from '../../../core/errors/oof-error.ts';
import type { HistoryCommitment, RpcCall } from '../rpc-transport.ts';
import { checkAddress, checkSignature, slotParam } from './check-params.ts';
import { u64 } from './u64.ts';

export interface SignatureInfo {
  readonly signature: string;
  readonly slot: bigint;
  /** The TransactionError of a failed transaction, as the node sent it; null on success. */
  readonly err: unknown;
  readonly memo: string | null;
  readonly blockTime: number | null;
  readonly confirmationStatus: 'processed' | 'confirmed' | 'finalized' | null;
}

export interface SignaturesOptions {
  /** Start searching backwards from this signature (exclusive). */
  readonly before?: string;
  /** Search until this signature (exclusive); it is not returned. */
  readonly until?: string;
  /** 1…1000 (the node's maximum). */
  readonly limit?: number;
  readonly commitment?: HistoryCommitment;
  readonly minContextSlot?: bigint;
  readonly signal?: AbortSignal;
}

export const MAX_SIGNATURES_LIMIT = 1000;

const signatureInfo = z.looseObject({
  signature: z.string().min(1),
  slot: u64,
  err: z.unknown().transform((e) => e ?? null),
  memo: z
    .string()
    .nullish()
    .transform((m) => m ?? null),
  blockTime: z
    .number()
    .int()
    .nullish()
    .transform((t) => t ?? null),
  confirmationStatus: z
    .enum(['processed', 'confirmed', 'finalized'])
    .nullish()
    .transform((s) => s ?? null),
});

const signaturesResult = z.array(signatureInfo);

/** getSignaturesForAddress: one page, newest first. */
export function getSignaturesForAddressCall(
  address: string,
  options: SignaturesOptions & { readonly commitment: HistoryCommitment },
): RpcCall<SignatureInfo[]> {
  checkAddress(address, 'address');
  const limit = options.limit ?? MAX_SIGNATURES_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SIGNATURES_LIMIT) {
    throw new OofError(
      'RPC_PARAMS_INVALID',
      `limit must be an integer in 1…${MAX_SIGNATURES_LIMIT}, got ${limit}.`,
    );
  }
  const config: Record<string, unknown> = { commitment: options.commitment, limit };
  if (options.before !== undefined) config.before = checkSignature(options.before, 'before');
  if (options.until !== undefined) config.until = checkSignature(options.until, 'until');
  if (options.minContextSlot !== undefined)
    config.minContextSlot = slotParam(options.minContextSlot, 'minContextSlot');
  return {
    method: 'getSignaturesForAddress',
    params: [address, config],
    parse: (r) => signaturesResult.parse(r),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
}
