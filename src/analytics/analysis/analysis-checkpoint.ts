/**
 * The state of a wallet's analysis just before a settle time `S` (unix seconds, aligned to the rug scan step):
 * what a later run needs to go on from `S` instead of replaying the whole history (SPEC §3 "cheap to
 * recompute"). Everything whose subject lies before `S` is settled — its moments were final when the checkpoint
 * was taken, its ledger records are stored — and a run resumed from the checkpoint recomputes only the tail:
 * the transactions at or after `S`, the holding windows still open at `S`, the rug scans from `S` on.
 *
 * A moment's subject is what it is about: the exit (S2E), the buy (BHD), the swap (BadRoute), the collapse
 * onset (Rug) — all at `tEvent` — and for idle yield the holding window, settled once it closed before `S`.
 *
 * Plain data (bigints included): the store serialises it with `encodeCheckpoint` / `decodeCheckpoint`.
 */
import type { HoldingsState } from '../holdings/holdings.ts';
import type { LedgerState } from '../ledger/ledger-state.ts';
import type { RealizedTrade } from '../ledger/ledger-records.ts';
import type { Moment } from '../detectors/moment.ts';
import { bucketOf, type RugMintState } from '../detectors/rug.detector.ts';
import type { DetectorConfig } from '../detectors/detector-config.ts';
import type { IdleSamples } from '../detectors/idle-yield.detector.ts';

/**
 * Bumped whenever the analysis of the same inputs would give a different result (a detector formula, the
 * ledger rules, this state's shape): checkpoints of another version are not resumed.
 */
export const ANALYSIS_ALGORITHM_VERSION = 2;

/** What the records and moments before the settle time add up to. */
export interface SettledTotals {
  /** Realized trades whose exit is before the settle time. */
  readonly trades: number;
  /** Episodes closed before it (not carried in the ledger books any more). */
  readonly episodes: number;
  /** Ledger flags written before it (the tail's flags are numbered after them). */
  readonly flags: number;
  /** Sum of the known realized PnL of those trades, decimal string. */
  readonly realizedPnlUsd: string;
  /** The best and worst of those trades (`walletExtremes` order): extremes are a max over the union. */
  readonly topWin: RealizedTrade | null;
  readonly topLoss: RealizedTrade | null;
}

export interface AnalysisCheckpoint {
  readonly version: typeof ANALYSIS_ALGORITHM_VERSION;
  /** Unix seconds: transactions before it are settled. */
  readonly settleAt: number;
  /** Compact ledger books of the wallet and of each linked wallet (`LedgerBuilder.compactSnapshot`). */
  readonly ledgers: readonly LedgerState[];
  readonly holdings: HoldingsState;
  readonly rugs: readonly RugMintState[];
  /** Price samples taken before the settle time of the idle-yield windows still open then. */
  readonly idleSamples: readonly IdleSamples[];
  /** Where each rug scan started, and what it read before its start (see `priceStartChange`). */
  readonly rugOrigins: readonly RugOrigin[];
  /** Mint decimals seen before the settle time (an exit in the tail may sell what an older lot brought). */
  readonly decimals: readonly (readonly [string, number])[];
  readonly totals: SettledTotals;
}

/**
 * The first bucket of a mint's rug scan and the time of the highest candle before it: the scan's first ATH is the
 * highest high of the price history read before that bucket, and its first "armed" test reads the price just
 * before it.
 */
export interface RugOrigin {
  readonly mint: string;
  readonly firstBucket: number;
  /** Unix seconds of that highest candle; null when the history held none. */
  readonly athAt: number | null;
}

/**
 * Whether the settled history still reads the same when the price history starts at `priceFrom` instead of
 * where the checkpoint's run started it (a plan window slides with the clock): null if so, else why not. Only
 * the rug scans read prices from before a wallet's first transaction — their first ATH and the price just
 * before their first bucket — so each must still lie inside the history (`lookbackS`: how far back a price
 * "at" a time may come from).
 */
export function priceStartChange(
  c: AnalysisCheckpoint,
  before: number,
  priceFrom: number,
  lookbackS: number,
): string | null {
  if (priceFrom < before) return 'the price history starts earlier than the checkpoint saw';
  if (priceFrom === before) return null;
  for (const o of c.rugOrigins) {
    if ((o.athAt !== null && o.athAt < priceFrom) || o.firstBucket - 1 - lookbackS < priceFrom)
      return `the price history of ${o.mint} before its first lot starts later than the checkpoint saw`;
  }
  return null;
}

/**
 * How long after its subject a moment can still change: the longest detector window (S2E, BHD, Rug stay) plus
 * one rug scan step and one hour of slack (BadRoute's minute, a candle still filling). A checkpoint is taken at
 * `now − settleMargin`, so every settled moment was already final then.
 */
export function settleMarginSeconds(config: DetectorConfig): number {
  const days = Math.max(config.s2e.windowDays, config.bhd.windowDays, config.rug.stayDays);
  return Math.ceil(days * 86_400) + config.rug.scanStepHours * 3_600 + 3_600;
}

/** The settle time of an analysis at `now`: `now − margin`, down to the rug scan grid. */
export function settleTimeAt(now: number, config: DetectorConfig): number {
  const step = config.rug.scanStepHours * 3_600;
  const t = now - settleMarginSeconds(config);
  return bucketOf(t, step);
}

/**
 * Unix seconds of a moment's subject; null while it is open (an idle window still held). The store selects the
 * settled moments with the same rule in SQL (`loadSettledMoments`).
 */
export function momentSubjectAt(m: Moment): number | null {
  if (m.kind !== 'idle_yield') return m.tEvent;
  const { open, end } = m.explain;
  return open === false && typeof end === 'number' ? end : null;
}

/** Whether a moment is settled at `settleAt` (its subject lies before it). */
export function isSettledMoment(m: Moment, settleAt: number): boolean {
  const t = momentSubjectAt(m);
  return t !== null && t < settleAt;
}

const BIGINT_TAG = '$bigint';

/** JSON with bigints kept exact (`{"$bigint":"123"}`). */
export function encodeCheckpoint(c: AnalysisCheckpoint): string {
  return JSON.stringify(withEntryLists(c), (_k, v: unknown) =>
    typeof v === 'bigint' ? { [BIGINT_TAG]: v.toString() } : v,
  );
}

export function decodeCheckpoint(text: string): AnalysisCheckpoint {
  const parsed = JSON.parse(text, (_k, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      const tagged = o[BIGINT_TAG];
      if (typeof tagged === 'string' && Object.keys(o).length === 1) return BigInt(tagged);
    }
    return v;
  }) as Omit<AnalysisCheckpoint, 'version'> & { version: unknown; ledgers: unknown[] };
  if (parsed.version !== ANALYSIS_ALGORITHM_VERSION) {
    throw new Error(
      `analysis checkpoint version ${String(parsed.version)} is not ${String(ANALYSIS_ALGORITHM_VERSION)}`,
    );
  }
  return { ...parsed, version: ANALYSIS_ALGORITHM_VERSION, ledgers: parsed.ledgers.map(reviveLedgerState) };
}

/** The ledger state keeps Maps (books, lots, episodes); JSON carries them as entry lists. */
function reviveLedgerState(raw: unknown): LedgerState {
  const s = raw as Omit<LedgerState, 'mints' | 'lots' | 'episodes'> & {
    mints: [string, unknown][];
    lots: [string, unknown][];
    episodes: [string, unknown][];
  };
  return {
    ...s,
    mints: new Map(s.mints) as LedgerState['mints'],
    lots: new Map(s.lots) as LedgerState['lots'],
    episodes: new Map(s.episodes) as LedgerState['episodes'],
  };
}

function withEntryLists(c: AnalysisCheckpoint): unknown {
  return {
    ...c,
    ledgers: c.ledgers.map((l) => ({
      ...l,
      mints: [...l.mints.entries()],
      lots: [...l.lots.entries()],
      episodes: [...l.episodes.entries()],
    })),
  };
}

/**
 * The mints a checkpoint carries state of: a run resumed from it reads their candles only from a little before
 * the settle time (a price "at" a time may come from a candle that closed up to the staleness limit before it;
 * the idle-yield windows still open carry their earlier samples in `idleSamples`). Other mints — first seen
 * after the settle time — need their whole history.
 */
export function checkpointMints(c: AnalysisCheckpoint): Set<string> {
  return new Set([
    ...c.decimals.map(([mint]) => mint),
    ...c.rugs.map((r) => r.mint),
    ...c.ledgers.flatMap((l) => [...l.mints.keys()]),
    ...c.holdings.mints.map((m) => m.mint),
  ]);
}
