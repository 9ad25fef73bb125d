import * as z from 'zod/mini';

/** Response shapes of the API, parsed at the edge: a change on the server fails loudly here. */
const decimal = z.string().check(z.regex(/^-?\d+(\.\d+)?$/));
export const MOMENT_KINDS = ['s2e', 'bhd', 'bad_route', 'idle_yield', 'rug'] as const;
export type MomentKind = (typeof MOMENT_KINDS)[number];
export const KIND_LABEL: Readonly<Record<MomentKind, string>> = {
  s2e: 'Sold too early',
  bhd: 'Bag-holder drawdown',
  bad_route: 'Bad route',
  idle_yield: 'Idle yield',
  rug: 'Rug',
};

export const analyzeStarted = z.object({
  jobId: z.string(),
  analyses: z.array(
    z.object({
      jobId: z.string(),
      wallet: z.string(),
      plan: z.string(),
      status: z.string(),
      resumed: z.boolean(),
      window: z.object({ from: z.string(), to: z.string() }),
      stream: z.string(),
    }),
  ),
});

export const analysisState = z.object({
  jobId: z.string(),
  wallet: z.string(),
  plan: z.string(),
  status: z.string(),
  runs: z.number(),
  window: z.object({ from: z.string(), to: z.string() }),
  error: z.unknown(),
  updatedAt: z.string(),
});

export const progressEvent = z.looseObject({
  run: z.number(),
  stage: z.string(),
  signatures: z.optional(z.number()),
  fetched: z.optional(z.number()),
  stored: z.optional(z.number()),
  alreadyStored: z.optional(z.number()),
  mints: z.optional(z.number()),
  done: z.optional(z.number()),
  actions: z.optional(z.number()),
  moments: z.optional(z.number()),
  complete: z.optional(z.boolean()),
});
export type ProgressEvent = z.infer<typeof progressEvent>;

export const doneEvent = z.looseObject({
  run: z.number(),
  status: z.string(),
  realizedPnlUsd: z.optional(decimal),
  counts: z.optional(z.record(z.string(), z.number())),
  ceiling: z.unknown(),
});

export const errorEvent = z.looseObject({ code: z.optional(z.string()), message: z.optional(z.string()) });

export const moment = z.object({
  id: z.string(),
  wallet: z.string(),
  kind: z.enum(MOMENT_KINDS),
  mint: z.string(),
  tEvent: z.string(),
  usd: decimal,
  pct: decimal,
  severity: decimal,
  status: z.string(),
  sigRef: z.string(),
  slotRef: z.nullable(z.string()),
  priceSource: z.string(),
  confidence: z.number(),
  detectorVersion: z.string(),
  explain: z.record(z.string(), z.unknown()),
});
export type Moment = z.infer<typeof moment>;
export const momentsPage = z.object({ moments: z.array(moment), next: z.nullable(z.string()) });

export const walletSummary = z.object({
  wallet: z.string(),
  realizedPnlUsd: decimal,
  trades: z.number(),
  episodes: z.number(),
  openLots: z.number(),
  counts: z.record(z.string(), z.number()),
  lastAnalysis: z.nullable(
    z.object({
      id: z.string(),
      status: z.string(),
      plan: z.string(),
      window: z.object({ from: z.string(), to: z.string() }),
      updatedAt: z.string(),
    }),
  ),
});
export type WalletSummary = z.infer<typeof walletSummary>;

const extreme = z.nullable(
  z.object({
    kind: z.string(),
    usd: decimal,
    pct: z.nullable(decimal),
    mint: z.string(),
    tEvent: z.nullable(z.string()),
  }),
);
export const walletExtremes = z.object({
  wallet: z.string(),
  extremes: z.object({
    topWin: extreme,
    topLoss: extreme,
    topS2e: extreme,
    worstBhd: extreme,
    worstBadRoute: extreme,
    largestIdle: extreme,
    worstRug: extreme,
  }),
});

export const action = z.object({
  signature: z.string(),
  index: z.number(),
  blockTime: z.nullable(z.number()),
  kind: z.string(),
  mintIn: z.nullable(z.string()),
  amountIn: z.nullable(z.string()),
  decimalsIn: z.nullable(z.number()),
  mintOut: z.nullable(z.string()),
  amountOut: z.nullable(z.string()),
  decimalsOut: z.nullable(z.number()),
  side: z.nullable(z.string()),
  venue: z.nullable(z.string()),
  usdIn: z.nullable(decimal),
  usdOut: z.nullable(decimal),
});
export type Action = z.infer<typeof action>;
export const actionsPage = z.object({
  wallet: z.string(),
  actions: z.array(action),
  nextCursor: z.nullable(z.string()),
});

export const candles = z.object({
  mint: z.string(),
  tf: z.string(),
  candles: z.array(
    z.object({
      t: z.string(),
      open: decimal,
      high: decimal,
      low: decimal,
      close: decimal,
      source: z.string(),
    }),
  ),
});
export type Candle = z.infer<typeof candles>['candles'][number];
