/**
 * The ledger's whole mutable state. A snapshot is a deep copy of it (plain data with bigints), so resuming
 * from a snapshot continues exactly where a full run would be.
 */
import type { TxCursor } from './action-order.ts';
import type { BasisSource, EventRef, ExitKind, LedgerFlag } from './ledger-records.ts';
import type { UsdScaled } from './usd-amount.ts';

export interface LotState {
  readonly id: string;
  readonly mint: string;
  readonly decimals: number | null;
  readonly qtyRaw: bigint;
  openQtyRaw: bigint;
  readonly cost: UsdScaled | null;
  openCost: UsdScaled | null;
  readonly openedAt: EventRef;
  readonly basisSource: BasisSource;
  readonly priceSource: string | null;
  readonly episodeId: string | null;
}

export interface TradeState {
  readonly id: string;
  readonly mint: string;
  readonly lotId: string | null;
  readonly episodeId: string | null;
  readonly qtyRaw: bigint;
  readonly cost: UsdScaled | null;
  readonly proceeds: UsdScaled | null;
  readonly entry: EventRef | null;
  readonly exit: EventRef;
  readonly exitKind: ExitKind;
  readonly priceSource: string | null;
}

export interface EpisodeState {
  readonly id: string;
  readonly mint: string;
  readonly n: number;
  readonly openedAt: EventRef;
  closedAt: EventRef | null;
  qtyInRaw: bigint;
  qtyOutRaw: bigint;
  realizedCost: UsdScaled;
  realizedProceeds: UsdScaled;
  unpricedTrades: number;
}

export interface MintState {
  readonly mint: string;
  decimals: number | null;
  exposureRaw: bigint;
  /** Ids of lots with open quantity, oldest first (FIFO queue). */
  openLotIds: string[];
  lotSeq: number;
  tradeSeq: number;
  episodeSeq: number;
  currentEpisodeId: string | null;
}

export interface LedgerState {
  readonly version: 1;
  readonly wallet: string;
  /** Last transaction applied; actions at or before it are skipped on resume. */
  cursor: TxCursor | null;
  eventsApplied: number;
  eventsSinceSnapshot: number;
  readonly mints: Map<string, MintState>;
  /** Every lot ever opened, in opening order. */
  readonly lots: Map<string, LotState>;
  readonly trades: TradeState[];
  readonly episodes: Map<string, EpisodeState>;
  readonly flags: LedgerFlag[];
}

/** A frozen copy of the state at a transaction boundary. */
export type LedgerSnapshot = LedgerState;

export function emptyLedgerState(wallet: string): LedgerState {
  return {
    version: 1,
    wallet,
    cursor: null,
    eventsApplied: 0,
    eventsSinceSnapshot: 0,
    mints: new Map(),
    lots: new Map(),
    trades: [],
    episodes: new Map(),
    flags: [],
  };
}

export function cloneLedgerState(state: LedgerState): LedgerState {
  return structuredClone(state);
}
