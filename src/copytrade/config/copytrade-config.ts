/**
 * The copy-trading configuration hierarchy (SPEC §4 "Config"): system defaults → wallet → position. The system
 * document holds every setting; a wallet may override its allocation, its breaker equity base, its safety
 * threshold and its exit-strategy (the watchlist row's template + overrides); a position carries its own
 * strategy overrides. Every document is validated with zod (ranges included) before it is stored, and read on
 * each engine round, so a change applies without a restart.
 */
import { z } from 'zod';
import { DEFAULT_BREAKER_SETTINGS, parseBreakerSettings } from '../strategy/breaker-settings.ts';
import { isDecimal, ONE, parseFixed } from '../strategy/fixed-point.ts';
import type { BreakerSettings } from '../strategy/breaker-settings.ts';
import type { PaperFillConfig } from '../positions/paper-fill.ts';
import type { SizingSettings } from '../positions/entry-sizing.ts';

const decimalIn = (min: bigint, max: bigint | null, what: string, minExclusive = false) =>
  z.string().superRefine((s, ctx) => {
    if (!isDecimal(s)) {
      ctx.addIssue({ code: 'custom', message: `${what}: expected a decimal string like "0.25"` });
      return;
    }
    const v = parseFixed(s);
    if ((minExclusive ? v <= min : v < min) || (max !== null && v > max)) {
      const lo = minExclusive ? '>' : '≥';
      ctx.addIssue({
        code: 'custom',
        message: `${what}: must be ${lo} ${fmt(min)}${max === null ? '' : ` and ≤ ${fmt(max)}`}`,
      });
    }
  });
const fmt = (v: bigint): string => (v % ONE === 0n ? (v / ONE).toString() : `${Number(v) / 1e18}`);
const bps = (max: number) => z.number().int().min(0).max(max);
const ms = (min: number, max: number) => z.number().int().min(min).max(max);

const fraction01 = (what: string) => decimalIn(0n, ONE, what, true);

export const systemConfigSchema = z.strictObject({
  /** Master switch for new entries (exits always run). */
  entriesEnabled: z.boolean(),
  sizing: z.strictObject({
    capitalUsd: decimalIn(0n, null, 'capitalUsd', true),
    defaultAllocation: fraction01('defaultAllocation'),
    minEntryUsd: decimalIn(0n, null, 'minEntryUsd'),
  }),
  paperFill: z.strictObject({
    slippageBps: bps(5_000),
    /** Size impact factor (slippage += factor × notional / liquidity), null: off. */
    sizeImpactFactor: decimalIn(0n, 100n * ONE, 'sizeImpactFactor').nullable(),
    maxSlippageBps: bps(9_999),
    feeBps: bps(1_000),
    networkFeeLamports: z.string().regex(/^\d{1,12}$/, 'networkFeeLamports: an integer string'),
  }),
  safety: z.strictObject({
    /** Tradable when the score is at least this (SPEC §4 default 0.60). */
    threshold: fraction01('safety.threshold'),
  }),
  breakers: z.unknown(),
  priceMonitor: z.strictObject({
    /** Poll interval of a mint whose positions are near a trigger. */
    urgentIntervalMs: ms(250, 60_000),
    /** Poll interval in normal conditions. */
    baseIntervalMs: ms(500, 300_000),
    /** Poll interval of a mint that has been stable (no trigger within the band for a while). */
    slowIntervalMs: ms(1_000, 3_600_000),
    /** "Near a trigger": the price is within this fraction of a trigger level. */
    urgencyBand: fraction01('priceMonitor.urgencyBand'),
    /** A price older than this is not acted on (no exit decided on it). */
    maxStalenessMs: ms(1_000, 3_600_000),
  }),
  swaps: z.strictObject({
    /** At least this long between two live swaps (the aggregator's rate limit). */
    spacingMs: ms(0, 60_000),
    /** Live sends of one order before it fails (each 429/5xx waits with backoff). */
    maxAttempts: z.number().int().min(1).max(20),
  }),
});

export interface SystemConfig {
  readonly entriesEnabled: boolean;
  readonly sizing: SizingSettings;
  readonly paperFill: {
    readonly slippageBps: number;
    readonly sizeImpactFactor: string | null;
    readonly maxSlippageBps: number;
    readonly feeBps: number;
    readonly networkFeeLamports: string;
  };
  readonly safety: { readonly threshold: string };
  readonly breakers: BreakerSettings;
  readonly priceMonitor: {
    readonly urgentIntervalMs: number;
    readonly baseIntervalMs: number;
    readonly slowIntervalMs: number;
    readonly urgencyBand: string;
    readonly maxStalenessMs: number;
  };
  readonly swaps: { readonly spacingMs: number; readonly maxAttempts: number };
}

export const DEFAULT_SYSTEM_CONFIG: SystemConfig = {
  entriesEnabled: true,
  // A $10,000 paper book, 2 % per entry, nothing under $5 (the network fee alone is ~$0.02).
  sizing: { capitalUsd: '10000', defaultAllocation: '0.02', minEntryUsd: '5' },
  paperFill: {
    slippageBps: 100,
    sizeImpactFactor: '1',
    maxSlippageBps: 500,
    feeBps: 25,
    networkFeeLamports: '105000',
  },
  safety: { threshold: '0.6' },
  breakers: DEFAULT_BREAKER_SETTINGS,
  // Jupiter's free tier allows ~1 request/s: 2 s normally, 1 s near a trigger, 10 s when nothing is close.
  priceMonitor: {
    urgentIntervalMs: 1_000,
    baseIntervalMs: 2_000,
    slowIntervalMs: 10_000,
    urgencyBand: '0.05',
    maxStalenessMs: 30_000,
  },
  swaps: { spacingMs: 1_100, maxAttempts: 5 },
};

/** The wallet layer: absent = the system's value. */
export const walletConfigSchema = z.strictObject({
  /** The wallet's share of capital per entry. */
  allocation: fraction01('allocation').nullable().optional(),
  /** The wallet's equity base for its drawdown breaker (its allocation of the book), USD. */
  equityBaseUsd: decimalIn(0n, null, 'equityBaseUsd', true).nullable().optional(),
  /** A stricter or looser safety threshold for this wallet's copies. */
  safetyThreshold: fraction01('safetyThreshold').nullable().optional(),
});
export type WalletConfig = z.infer<typeof walletConfigSchema>;

export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
}

export class CopytradeConfigError extends Error {
  override readonly name = 'CopytradeConfigError';
  readonly code = 'COPYTRADE_CONFIG_INVALID';
  constructor(
    message: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(message);
  }
}

function fail(what: string, issues: ConfigIssue[]): never {
  const first = issues[0];
  throw new CopytradeConfigError(
    `invalid ${what}: ${first ? `${first.path || '(root)'}: ${first.message}` : 'invalid'}`,
    issues,
  );
}

const issuesOf = (e: z.ZodError, prefix = ''): ConfigIssue[] =>
  e.issues.map((i) => ({ path: prefix + i.path.map(String).join('.'), message: i.message }));

/** Untrusted system config (API body, stored row) → a valid one; throws `CopytradeConfigError`. */
export function parseSystemConfig(input: unknown): SystemConfig {
  const r = systemConfigSchema.safeParse(input);
  if (!r.success) fail('copy-trading config', issuesOf(r.error));
  let breakers: BreakerSettings;
  try {
    breakers = parseBreakerSettings(r.data.breakers);
  } catch (e) {
    const issues = (e as { issues?: readonly { path: string; message: string }[] }).issues ?? [];
    fail(
      'copy-trading config',
      issues.map((i) => ({ path: `breakers.${i.path}`, message: i.message })),
    );
  }
  if (r.data.paperFill.slippageBps > r.data.paperFill.maxSlippageBps) {
    fail('copy-trading config', [
      { path: 'paperFill.slippageBps', message: 'must not exceed paperFill.maxSlippageBps' },
    ]);
  }
  const m = r.data.priceMonitor;
  if (!(m.urgentIntervalMs <= m.baseIntervalMs && m.baseIntervalMs <= m.slowIntervalMs)) {
    fail('copy-trading config', [
      { path: 'priceMonitor', message: 'intervals must satisfy urgent ≤ base ≤ slow' },
    ]);
  }
  return { ...r.data, breakers };
}

/** A partial system config merged over `base` (objects field by field), then validated whole. */
export function mergeSystemConfig(base: SystemConfig, patch: unknown): SystemConfig {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
    fail('copy-trading config', [{ path: '', message: 'expected an object' }]);
  }
  return parseSystemConfig(deepMerge(base, patch as Record<string, unknown>));
}

function deepMerge(base: unknown, patch: unknown): unknown {
  if (
    base === null ||
    patch === null ||
    typeof base !== 'object' ||
    typeof patch !== 'object' ||
    Array.isArray(base) ||
    Array.isArray(patch)
  ) {
    return patch === undefined ? base : patch;
  }
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) out[k] = deepMerge(out[k], v);
  return out;
}

export function parseWalletConfig(input: unknown): WalletConfig {
  const r = walletConfigSchema.safeParse(input ?? {});
  if (!r.success) fail('wallet config', issuesOf(r.error));
  return r.data;
}

export function paperFillConfigOf(c: SystemConfig): PaperFillConfig {
  return {
    slippageBps: c.paperFill.slippageBps,
    sizeImpact: c.paperFill.sizeImpactFactor === null ? null : { factor: c.paperFill.sizeImpactFactor },
    maxSlippageBps: c.paperFill.maxSlippageBps,
    feeBps: c.paperFill.feeBps,
    networkFeeLamports: BigInt(c.paperFill.networkFeeLamports),
  };
}
