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
  /** `helius_webhook` | `ws_subscription`; null for signals recorded before sources were kept. */
  source: z.optional(z.nullable(z.string())),
});
export type Signal = z.infer<typeof signal>;
export const signalsPage = z.object({ signals: z.array(signal), next: z.nullable(z.string()) });

export const position = z.looseObject({
  id: z.string(),
  wallet: z.string(),
  mint: z.string(),
  decimals: z.number(),
  mode: z.string(),
  status: z.string(),
  openedAt: z.nullable(z.string()),
  closedAt: z.nullable(z.string()),
  entry: z.looseObject({ qtyRaw: z.string(), priceUsd: decimal, costUsd: decimal }),
  remainingQtyRaw: z.string(),
  lastPriceUsd: z.nullable(decimal),
  realizedPnlUsd: decimal,
  unrealizedPnlUsd: decimal,
  markValueUsd: decimal,
  levels: z.looseObject({ stopLossUsd: z.nullable(decimal), trailingStopUsd: z.nullable(decimal) }),
  errorReason: z.nullable(z.string()),
});
export type Position = z.infer<typeof position>;

export const order = z.looseObject({
  id: z.string(),
  positionId: z.string(),
  wallet: z.string(),
  mint: z.string(),
  kind: z.string(),
  mode: z.string(),
  status: z.string(),
  qtyRaw: z.string(),
  attempts: z.number(),
  lastError: z.nullable(z.string()),
  createdAt: z.string(),
});

export const breakerReading = z.looseObject({
  kind: z.string(),
  wallet: z.nullable(z.string()),
  active: z.boolean(),
  metric: z.string(),
  threshold: z.string(),
  sampleSize: z.number(),
});
export type BreakerReading = z.infer<typeof breakerReading>;

export const overview = z.object({
  positions: z.object({ open: z.number(), error: z.number(), closed: z.number() }),
  pnl: z.object({ realizedUsd: decimal, unrealizedUsd: decimal, totalUsd: decimal }),
  openPositions: z.array(position),
  openOrders: z.array(order),
  activeBreakers: z.array(breakerReading),
});
export type Overview = z.infer<typeof overview>;

export const breakers = z.looseObject({
  evaluatedAt: z.nullable(z.string()),
  active: z.array(breakerReading),
});

export const performance = z.object({
  window: z.string(),
  wallets: z.array(
    z.looseObject({
      wallet: z.string(),
      trades: z.number(),
      wins: z.number(),
      losses: z.number(),
      winRate: z.nullable(decimal),
      pnlUsd: decimal,
    }),
  ),
});
export type PerformanceRow = z.infer<typeof performance>['wallets'][number];

export const deskHealth = z.object({
  engine: z.looseObject({
    status: z.string(),
    heartbeatAt: z.nullable(z.string()),
    heartbeatAgeMs: z.nullable(z.number()),
    rounds: z.number(),
    signalsDecided: z.number(),
    exitsStarted: z.number(),
    lastError: z.unknown(),
  }),
  priceMonitor: z.unknown(),
  priceSources: z.array(
    z.looseObject({
      name: z.string(),
      requests: z.number(),
      consecutiveFailures: z.number(),
      lastError: z.nullable(z.string()),
      lastSuccessAgeMs: z.nullable(z.number()),
    }),
  ),
  jupiter: z.unknown(),
});

export const configDocument = z.looseObject({
  config: z.record(z.string(), z.unknown()),
  version: z.number(),
  updatedAt: z.nullable(z.string()),
});
export const configSaved = z.looseObject({ config: z.record(z.string(), z.unknown()), version: z.number() });
