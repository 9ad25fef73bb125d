import * as z from 'zod/mini';

/** Launch radar response shapes (src/api/routes/launches.routes.ts), parsed at the edge. */
const decimal = z.string().check(z.regex(/^-?\d+(\.\d+)?$/));
const integer = z.string().check(z.regex(/^-?\d+$/));

export const curveView = z.looseObject({
  slot: z.string(),
  tEventMs: integer,
  complete: z.boolean(),
  impliedPriceSol: decimal,
  soldPct: decimal,
  marketCapSol: decimal,
});
export type CurveView = z.infer<typeof curveView>;

export const featureView = z.looseObject({
  venue: z.string(),
  minuteStartMs: integer,
  trades: z.number(),
  uniqueSigners: z.number(),
  uniqueBuyers: z.number(),
  solIn: integer,
  solOut: integer,
  netInflow: integer,
  meanTradeSol: decimal,
  top5WhaleShare: decimal,
});
export type FeatureView = z.infer<typeof featureView>;

export const flagView = z.looseObject({
  flag: z.string(),
  severity: z.string(),
  value: z.string(),
  threshold: z.string(),
  tEventMs: integer,
});
export type FlagView = z.infer<typeof flagView>;

export const launchSummary = z.looseObject({
  mint: z.string(),
  creator: z.string(),
  name: z.string(),
  symbol: z.string(),
  status: z.enum(['CURVE', 'MIGRATED']),
  createdSignature: z.string(),
  createdAt: z.string(),
  migration: z.nullable(z.looseObject({ venue: z.string(), pool: z.string() })),
  curve: z.nullable(curveView),
  latestFeature: z.nullable(featureView),
  flags: z.array(flagView),
});
export type LaunchSummary = z.infer<typeof launchSummary>;

export const launchesPage = z.object({ launches: z.array(launchSummary), next: z.nullable(z.string()) });

export const intentView = z.looseObject({
  intentId: z.string(),
  strategyId: z.string(),
  side: z.enum(['buy', 'sell']),
  venue: z.string(),
  size: integer,
  maxSlippageBps: z.number(),
  reasonCodes: z.array(z.string()),
  tDecisionMs: integer,
  status: z.string(),
  errorCode: z.nullable(z.string()),
});
export type IntentView = z.infer<typeof intentView>;

export const launchDetail = z.looseObject({
  launch: launchSummary,
  intents: z.array(intentView),
  curveSnapshots: z.array(curveView),
  features: z.array(featureView),
  flags: z.array(flagView),
  trades: z.array(
    z.looseObject({
      signature: z.string(),
      eventIndex: z.number(),
      signer: z.string(),
      side: z.string(),
      venue: z.string(),
      solAmount: integer,
      tokenAmount: integer,
      tEventMs: integer,
    }),
  ),
});
