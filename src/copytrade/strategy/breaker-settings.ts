/**
 * Circuit-breaker thresholds, one set for the whole book and one applied to each source wallet. Ratios are
 * decimal strings (no floats); counts and durations are plain integers.
 */
import { z } from 'zod';
import { ONE, isDecimal, parseFixed } from './fixed-point.ts';
import { StrategyError, type StrategyIssue } from './strategy-error.ts';

export interface BreakerLimits {
  /** Active while equity is at least `fraction` below its peak: 0 < fraction ≤ 1. */
  readonly maxDrawdown: { readonly fraction: string } | null;
  /** Active while fewer than `rate` of the last `lastN` closed positions won (needs `lastN` of them). */
  readonly minWinRate: { readonly lastN: number; readonly rate: string } | null;
  /** Active after `count` losing closes in a row. */
  readonly maxConsecutiveLosses: { readonly count: number } | null;
  /**
   * Only positions closed in `(now − lookbackMs, now]` count, null for all history. Breakers block entries, so
   * few new closes arrive while one is active; the lookback is what lets a breaker release on its own.
   */
  readonly lookbackMs: number | null;
}

export interface BreakerSettings {
  readonly global: BreakerLimits;
  readonly perWallet: BreakerLimits;
}

const DAY_MS = 86_400_000;

/**
 * Defaults: the book stops entries after a 20 % drawdown, a win rate under 30 % over 20 closes or 5 losses in a
 * row; one source wallet after 10 % of its equity base, under 30 % over 10 closes or 3 losses in a row; both
 * over the last 24 hours.
 */
export const DEFAULT_BREAKER_SETTINGS: BreakerSettings = {
  global: {
    maxDrawdown: { fraction: '0.2' },
    minWinRate: { lastN: 20, rate: '0.3' },
    maxConsecutiveLosses: { count: 5 },
    lookbackMs: DAY_MS,
  },
  perWallet: {
    maxDrawdown: { fraction: '0.1' },
    minWinRate: { lastN: 10, rate: '0.3' },
    maxConsecutiveLosses: { count: 3 },
    lookbackMs: DAY_MS,
  },
};

const ratio = z.string().superRefine((s, ctx) => {
  if (!isDecimal(s)) ctx.addIssue({ code: 'custom', message: 'expected a decimal string like "0.25"' });
  else if (parseFixed(s) <= 0n || parseFixed(s) > ONE)
    ctx.addIssue({ code: 'custom', message: 'must be > 0 and ≤ 1' });
});
const count = z.number().int().min(1).max(1_000_000);

const limitsSchema = z.strictObject({
  maxDrawdown: z.strictObject({ fraction: ratio }).nullable(),
  minWinRate: z.strictObject({ lastN: count, rate: ratio }).nullable(),
  maxConsecutiveLosses: z.strictObject({ count }).nullable(),
  lookbackMs: z.number().int().positive().nullable(),
});

const settingsSchema = z.strictObject({ global: limitsSchema, perWallet: limitsSchema });

/** Parse untrusted settings; throws `StrategyError` `BREAKER_SETTINGS_INVALID` listing every problem. */
export function parseBreakerSettings(input: unknown): BreakerSettings {
  const r = settingsSchema.safeParse(input);
  if (r.success) return r.data;
  const issues: StrategyIssue[] = r.error.issues.map((i) => ({
    code: 'BREAKER_SETTINGS_INVALID',
    path: i.path.map(String).join('.'),
    message: i.message,
  }));
  const first = issues[0];
  throw new StrategyError(
    'BREAKER_SETTINGS_INVALID',
    `invalid breaker settings: ${first ? `${first.path}: ${first.message}` : 'invalid'}`,
    issues,
  );
}
