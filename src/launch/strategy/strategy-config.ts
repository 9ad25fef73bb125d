import { z } from 'zod';
import { isDecimalString } from '../../domain/decimal.ts';

/**
 * Thresholds of the flow strategy, versioned: an intent's strategy id names the config that produced it
 * (`flow-v1`), so a changed threshold is a new version, never a silent change of an old run's meaning.
 * Lamport amounts are decimal strings of integers (exact), ratios are basis points or decimal strings.
 */
const lamports = z
  .string()
  .regex(/^-?\d+$/, 'expected an integer amount of lamports')
  .transform((v) => BigInt(v));
const count = z.number().int().min(0);
const bps = z.number().int().min(0).max(1_000_000);
const durationMs = z.number().int().min(0);
const severity = z.enum(['info', 'warn', 'critical']);

export const flowStrategyConfigSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'a strategy id is lowercase letters, digits and dashes'),
    // Entry signals on the minute bucket just closed (compared with the minute before it).
    minNetInflowLamports: lamports,
    minInflowAccelLamports: lamports,
    minUniqueBuyers: count,
    buyerGrowthPct: count,
    minPriceSlopeBps: bps,
    /** POST_MIGRATION_REGIME: within this long after migration, this many consecutive positive-inflow minutes. */
    regimeWindowMs: durationMs,
    regimeMinPositiveMinutes: count,
    // Safety filters.
    blockSeverities: z.array(severity),
    maxTop5WhaleShare: z.string().refine(isDecimalString, 'expected a decimal share like "0.6"'),
    /** No entry on a curve this close to completion (real SOL reserves, lamports). */
    maxCurveRealSolLamports: lamports,
    maxOpenPositions: count,
    maxEntriesPerMint: count,
    reentryCooldownMs: durationMs,
    // Sizes.
    baseBuyLamports: lamports,
    /** Added per optional signal that also fired (PRICE_CONVEX, or the curve signals after migration). */
    bonusBuyLamports: lamports,
    /** A buy spends at most this share of the SOL side of the curve or pool (bps). */
    maxLiquidityShareBps: bps,
    minBuyLamports: lamports,
    curveMaxSlippageBps: bps,
    ammMaxSlippageBps: bps,
    ttlMs: durationMs,
    // Exits.
    exitSeverities: z.array(severity),
    reversalLamports: lamports,
    reversalMinutes: count,
    takeProfitBps: bps,
    stopLossBps: bps,
    maxHoldMs: durationMs,
    /** State of a mint without a position and without events for this long is dropped (memory bound). */
    evictAfterMs: durationMs,
  })
  .strict();

export type FlowStrategyConfig = z.output<typeof flowStrategyConfigSchema>;
export type FlowStrategyConfigInput = z.input<typeof flowStrategyConfigSchema>;

/** Version 1 of the flow strategy: the thresholds `oof strategy` and `oof backtest` use by default. */
export const FLOW_V1: FlowStrategyConfigInput = {
  id: 'flow-v1',
  minNetInflowLamports: '2000000000',
  minInflowAccelLamports: '1000000000',
  minUniqueBuyers: 4,
  buyerGrowthPct: 50,
  minPriceSlopeBps: 300,
  regimeWindowMs: 30 * 60_000,
  regimeMinPositiveMinutes: 2,
  blockSeverities: ['warn', 'critical'],
  maxTop5WhaleShare: '0.9',
  maxCurveRealSolLamports: '70000000000',
  maxOpenPositions: 5,
  maxEntriesPerMint: 2,
  reentryCooldownMs: 10 * 60_000,
  baseBuyLamports: '200000000',
  bonusBuyLamports: '100000000',
  maxLiquidityShareBps: 200,
  minBuyLamports: '10000000',
  curveMaxSlippageBps: 500,
  ammMaxSlippageBps: 300,
  ttlMs: 15_000,
  exitSeverities: ['warn', 'critical'],
  reversalLamports: '1000000000',
  reversalMinutes: 2,
  takeProfitBps: 5000,
  stopLossBps: 2500,
  maxHoldMs: 30 * 60_000,
  evictAfterMs: 2 * 60 * 60_000,
};

export function parseFlowStrategyConfig(input: unknown): FlowStrategyConfig {
  return flowStrategyConfigSchema.parse(input);
}
