import type { TradeVenue } from '../events/launch-event.ts';

/** Fees of one venue from a time on (a `fee_policies` row): basis points of the SOL side, lamports per tx. */
export interface FeePolicy {
  readonly venue: TradeVenue;
  readonly effectiveFromMs: bigint;
  readonly protocolFeeBps: bigint;
  readonly creatorFeeBps: bigint;
  readonly lpFeeBps: bigint;
  /** Base fee + priority fee a transaction is assumed to pay, whether it fills or fails. */
  readonly networkFeeLamports: bigint;
}

export interface FeeSchedule {
  /** The policy in force for a venue at a time. */
  at(venue: TradeVenue, tMs: bigint): FeePolicy;
}

/**
 * The documented fees, for a backtest on a database without `fee_policies` rows: pump.fun 1 % through April 2025
 * then 0.95 % + 0.05 % creator (May 2025 upgrade); PumpSwap 0.20 % LP + 0.05 % protocol, + 0.05 % creator since
 * the same upgrade; Raydium AMM v4 0.25 %; 5,000 lamports base + 100,000 priority per transaction.
 */
const UPGRADE_MS = 1_747_008_000_000n;
export const DOCUMENTED_FEES: readonly FeePolicy[] = [
  policy('pumpfun', 0n, 100n, 0n, 0n),
  policy('pumpfun', UPGRADE_MS, 95n, 5n, 0n),
  policy('pumpswap', 0n, 5n, 0n, 20n),
  policy('pumpswap', UPGRADE_MS, 5n, 5n, 20n),
  policy('raydium', 0n, 3n, 0n, 22n),
];

function policy(venue: TradeVenue, from: bigint, protocol: bigint, creator: bigint, lp: bigint): FeePolicy {
  return {
    venue,
    effectiveFromMs: from,
    protocolFeeBps: protocol,
    creatorFeeBps: creator,
    lpFeeBps: lp,
    networkFeeLamports: 105_000n,
  };
}

/** A schedule over policy rows: the latest row of the venue effective at the time; zero fees when none is. */
export function feeSchedule(policies: readonly FeePolicy[]): FeeSchedule {
  const byVenue = new Map<TradeVenue, FeePolicy[]>();
  for (const p of policies) byVenue.set(p.venue, [...(byVenue.get(p.venue) ?? []), p]);
  for (const list of byVenue.values()) list.sort((a, b) => (a.effectiveFromMs < b.effectiveFromMs ? -1 : 1));
  return {
    at(venue, tMs) {
      let found: FeePolicy | undefined;
      for (const p of byVenue.get(venue) ?? []) if (p.effectiveFromMs <= tMs) found = p;
      return found ?? policy(venue, 0n, 0n, 0n, 0n);
    },
  };
}

/** The same schedule without any fee (to measure what fees cost). */
export function withoutFees(schedule: FeeSchedule): FeeSchedule {
  return {
    at(venue, tMs) {
      return {
        ...schedule.at(venue, tMs),
        protocolFeeBps: 0n,
        creatorFeeBps: 0n,
        lpFeeBps: 0n,
        networkFeeLamports: 0n,
      };
    },
  };
}
