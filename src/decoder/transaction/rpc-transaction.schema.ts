import { z } from 'zod';

/**
 * The `getTransaction` result as Solana JSON-RPC returns it, in `json` (account keys are strings, instruction
 * data base58) or `jsonParsed` (account keys are objects, known programs' instructions are `parsed`), legacy or
 * v0 (`meta.loadedAddresses`). Unknown fields pass through: nodes add fields over time.
 */
// u64 values arrive as JSON numbers; above 2^53 JSON.parse already rounded them (see read-transaction-documents).
const u64 = z.union([
  z.number().nonnegative().refine(Number.isInteger, 'expected an integer'),
  z.bigint().nonnegative(),
]);

const uiTokenAmount = z.looseObject({
  amount: z.string().regex(/^\d+$/, 'token amount must be a base-unit integer string'),
  decimals: z.number().int().min(0).max(255),
});

const tokenBalance = z.looseObject({
  accountIndex: z.number().int().nonnegative(),
  mint: z.string().min(1),
  owner: z.string().optional(),
  programId: z.string().optional(),
  uiTokenAmount,
});

const compiledInstruction = z.looseObject({
  programIdIndex: z.number().int().nonnegative(),
  // Geyser (protobuf) renderings omit an empty account list.
  accounts: z.array(z.number().int().nonnegative()).default([]),
  data: z.string(),
  stackHeight: z.number().int().nullish(),
});

const parsedInstruction = z.looseObject({
  programId: z.string(),
  program: z.string().optional(),
  parsed: z.unknown().optional(),
  accounts: z.array(z.string()).optional(),
  data: z.string().optional(),
  stackHeight: z.number().int().nullish(),
});

const anyInstruction = z.union([compiledInstruction, parsedInstruction]);

const parsedAccountKey = z.looseObject({
  pubkey: z.string(),
  signer: z.boolean(),
  writable: z.boolean(),
  source: z.string().optional(),
});

export const rpcTransactionSchema = z.looseObject({
  // Always present from a node; some third-party recordings strip it, so it is optional here and null inside.
  slot: u64.nullish(),
  blockTime: z.number().int().nullish(),
  version: z.union([z.literal('legacy'), z.number().int()]).nullish(),
  meta: z
    .looseObject({
      err: z.unknown().nullish(),
      fee: u64,
      preBalances: z.array(u64),
      postBalances: z.array(u64),
      preTokenBalances: z.array(tokenBalance).nullish(),
      postTokenBalances: z.array(tokenBalance).nullish(),
      innerInstructions: z
        .array(
          z.looseObject({ index: z.number().int().nonnegative(), instructions: z.array(anyInstruction) }),
        )
        .nullish(),
      logMessages: z.array(z.string()).nullish(),
      loadedAddresses: z
        .looseObject({ writable: z.array(z.string()), readonly: z.array(z.string()) })
        .nullish(),
    })
    .nullable(),
  transaction: z.looseObject({
    signatures: z.array(z.string().min(1)).min(1),
    message: z.looseObject({
      accountKeys: z.union([z.array(z.string()), z.array(parsedAccountKey)]),
      header: z
        .looseObject({
          numRequiredSignatures: z.number().int(),
          numReadonlySignedAccounts: z.number().int().optional(),
          numReadonlyUnsignedAccounts: z.number().int().optional(),
        })
        .optional(),
      instructions: z.array(anyInstruction),
    }),
  }),
});

export type RpcTransaction = z.infer<typeof rpcTransactionSchema>;
export type RpcInstruction = z.infer<typeof anyInstruction>;
export type RpcTokenBalance = z.infer<typeof tokenBalance>;
