import * as z from 'zod/mini';

/** Copy-trading desk response shapes (src/api/routes/copytrade*.ts), parsed at the edge. */
const decimal = z.string().check(z.regex(/^-?\d+(\.\d+)?$/));
export const COPY_MODES = ['simulation', 'live'] as const;
export const TEMPLATES = ['default', 'conservative', 'aggressive'] as const;

export const copyWallet = z.object({
  address: z.string(),
  label: z.nullable(z.string()),
  mode: z.enum(COPY_MODES),
  strategy: z.object({ template: z.string(), overrides: z.unknown(), effective: z.unknown() }),
  discoverySource: z.nullable(z.string()),
  notes: z.nullable(z.string()),
  active: z.boolean(),
  sync: z.object({ status: z.string(), error: z.nullable(z.string()), syncedAt: z.nullable(z.string()) }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CopyWallet = z.infer<typeof copyWallet>;
export const copyWallets = z.object({ wallets: z.array(copyWallet) });

export const signal = z.looseObject({
  signature: z.string(),
  wallet: z.string(),
  side: z.enum(['buy', 'sell']),
  mint: z.string(),
  amountRaw: z.union([z.string(), z.number()]),
  usd: z.nullable(decimal),
  venue: z.nullable(z.string()),
  outcome: z.string(),
  reason: z.nullable(z.string()),
  receivedAt: z.string(),
  tEvent: z.nullable(z.string()),
  decimals: z.optional(z.nullable(z.number())),
});
export type Signal = z.infer<typeof signal>;
export const signalsPage = z.object({ signals: z.array(signal), next: z.nullable(z.string()) });
