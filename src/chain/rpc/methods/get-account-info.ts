import { z } from 'zod';
import type { Commitment, RpcCall } from '../rpc-transport.ts';
import { checkAddress, slotParam } from './check-params.ts';
import { u64, withContext, type WithContext } from './u64.ts';

export type AccountData =
  | { readonly encoding: 'base64'; readonly bytes: Uint8Array }
  | {
      readonly encoding: 'jsonParsed';
      readonly program: string;
      readonly parsed: unknown;
      readonly space: bigint;
    };

export interface AccountInfo {
  readonly lamports: bigint;
  readonly owner: string;
  readonly executable: boolean;
  /** u64::MAX (18446744073709551615) for rent-exempt accounts: only exact as a bigint. */
  readonly rentEpoch: bigint;
  /** Data length; older nodes (before 1.16) omit it. */
  readonly space: bigint | null;
  readonly data: AccountData;
}

export interface GetAccountInfoOptions {
  readonly encoding?: 'base64' | 'jsonParsed';
  readonly commitment?: Commitment;
  readonly minContextSlot?: bigint;
  readonly signal?: AbortSignal;
}

const base64Data = z
  .tuple([z.string(), z.literal('base64')])
  .transform(([b64]) => ({ encoding: 'base64' as const, bytes: new Uint8Array(Buffer.from(b64, 'base64')) }));

// jsonParsed falls back to base64 for accounts of programs the node has no parser for.
const parsedData = z.looseObject({ program: z.string(), parsed: z.unknown(), space: u64 }).transform((d) => ({
  encoding: 'jsonParsed' as const,
  program: d.program,
  parsed: d.parsed,
  space: d.space,
}));

const U64_MAX = 0xffff_ffff_ffff_ffffn;

/**
 * Rent-exempt accounts carry rentEpoch = u64::MAX. Recorders and relays that pass the JSON through a JS
 * number write it as 18446744073709552000 (the nearest double), above u64::MAX; that value can only mean
 * u64::MAX, so it is read as such instead of failing the whole account.
 */
const rentEpoch = z.union([z.literal(18446744073709552000n).transform(() => U64_MAX), u64]);

export const accountInfoSchema = z
  .looseObject({
    lamports: u64,
    owner: z.string(),
    executable: z.boolean(),
    rentEpoch,
    space: u64.optional(),
    data: z.union([base64Data, parsedData]),
  })
  .transform(
    (a): AccountInfo => ({
      lamports: a.lamports,
      owner: a.owner,
      executable: a.executable,
      rentEpoch: a.rentEpoch,
      space: a.space ?? null,
      data: a.data,
    }),
  );

const result = withContext(accountInfoSchema.nullable());

export function getAccountInfoCall(
  address: string,
  options: GetAccountInfoOptions & { readonly commitment: Commitment },
): RpcCall<WithContext<AccountInfo | null>> {
  checkAddress(address, 'address');
  const config: Record<string, unknown> = {
    encoding: options.encoding ?? 'base64',
    commitment: options.commitment,
  };
  if (options.minContextSlot !== undefined)
    config.minContextSlot = slotParam(options.minContextSlot, 'minContextSlot');
  return {
    method: 'getAccountInfo',
    params: [address, config],
    parse: (r) => result.parse(r),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
}
