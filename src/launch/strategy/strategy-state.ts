import type { CurveReserves } from '../curve/bonding-curve-math.ts';
import type { PoolReserves } from '../curve/curve-quote.ts';
import type { TradeVenue } from '../events/launch-event.ts';
import type { BucketFacts, MinuteClose } from './flow-signals.ts';
import type { EntryReason, ExitReason } from './reason-codes.ts';

/** What the strategy knows about one mint, built only from the events it has seen. */
export interface MintState {
  readonly mint: string;
  /** Where it trades now: the curve until its migration, then the AMM. */
  venue: TradeVenue;
  migratedAtMs: bigint | null;
  curve: CurveReserves | null;
  pool: PoolReserves | null;
  /** Buckets of the current venue, the last few minutes, latest revision. */
  buckets: BucketFacts[];
  closes: MinuteClose[];
  /** A risk flag of blocking severity was seen: no entry, ever. */
  blocked: boolean;
  entries: number;
  lastExitMs: bigint | null;
  lastEventMs: bigint;
}

/** A paper position: the strategy's own expectation of what its buy got (the executor never trades). */
export interface Position {
  readonly mint: string;
  readonly entryCursor: bigint;
  readonly entryMs: bigint;
  /** Implied price at the decision, lamports per base unit × 10^18. */
  readonly entryPrice: bigint;
  readonly spentLamports: bigint;
  /** Tokens the buy is expected to get at the decision's state (fees at their lowest, so never too few). */
  readonly tokens: bigint;
  readonly reasons: readonly EntryReason[];
  /** Exit decided while the curve was complete and the pool not yet known: sent on the migration. */
  pendingExit: ExitReason[] | null;
}

export interface StrategyState {
  readonly mints: Map<string, MintState>;
  readonly positions: Map<string, Position>;
  /** Event time of the last eviction pass. */
  lastEvictionMs: bigint;
  lastCursor: bigint;
}

export const emptyStrategyState = (): StrategyState => ({
  mints: new Map(),
  positions: new Map(),
  lastEvictionMs: 0n,
  lastCursor: 0n,
});

/**
 * JSON of a state (bigints tagged), maps as entry arrays in insertion order, so a restored state iterates
 * exactly as the original: a process restarted from its state file emits the same intents as one that ran on.
 */
export function encodeStrategyState(state: StrategyState): string {
  return JSON.stringify(
    {
      mints: [...state.mints.values()],
      positions: [...state.positions.values()],
      lastEvictionMs: state.lastEvictionMs,
      lastCursor: state.lastCursor,
    },
    (_key, value: unknown) => (typeof value === 'bigint' ? { $bigint: value.toString() } : value),
  );
}

export function decodeStrategyState(text: string): StrategyState {
  const raw = JSON.parse(text, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && '$bigint' in value) {
      return BigInt((value as { $bigint: string }).$bigint);
    }
    return value;
  }) as { mints: MintState[]; positions: Position[]; lastEvictionMs: bigint; lastCursor: bigint };
  return {
    mints: new Map(raw.mints.map((m) => [m.mint, m])),
    positions: new Map(raw.positions.map((p) => [p.mint, p])),
    lastEvictionMs: raw.lastEvictionMs,
    lastCursor: raw.lastCursor,
  };
}
