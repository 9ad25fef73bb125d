import { OofError } from '../../core/errors/oof-error.ts';

/**
 * Staking boost rule (SPEC §3 "staking boosts"): staking OOF raises the daily quota of new wallets analysed, on
 * top of the plan, by tier of the staked amount (whole OOF tokens):
 *
 * | staked OOF   | extra wallets/day |
 * |--------------|-------------------|
 * | < 1,000      | 0                 |
 * | ≥ 1,000      | +1                |
 * | ≥ 10,000     | +3                |
 * | ≥ 100,000    | +10               |
 *
 * Only the quota moves: backfill depth and per-run ceilings stay those of the plan, since they bound the cost of
 * one analysis rather than how many a holder may run. The boost is stored per subject in `user_plans` when the
 * stake is recorded, so a request never recomputes it.
 */
export const STAKING_TIERS: readonly {
  readonly minStakedOof: bigint;
  readonly extraWalletsPerDay: number;
}[] = [
  { minStakedOof: 100_000n, extraWalletsPerDay: 10 },
  { minStakedOof: 10_000n, extraWalletsPerDay: 3 },
  { minStakedOof: 1_000n, extraWalletsPerDay: 1 },
];

/** Extra wallets/day for a staked amount given as a non-negative decimal string of OOF (fractions ignored). */
export function stakingBoostFor(stakedOof: string): number {
  if (!/^\d+(\.\d+)?$/.test(stakedOof)) {
    throw new OofError(
      'AMOUNT_INVALID',
      `staked OOF must be a non-negative decimal string, got "${stakedOof}"`,
      {
        stakedOof,
      },
    );
  }
  const whole = BigInt(stakedOof.split('.')[0] ?? '0');
  return STAKING_TIERS.find((t) => whole >= t.minStakedOof)?.extraWalletsPerDay ?? 0;
}
