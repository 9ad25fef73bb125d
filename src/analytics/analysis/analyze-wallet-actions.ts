/**
 * The whole OOF analysis of one wallet from its stored actions (SPEC §3), as one pure function: ledger (with
 * linked wallets' basis carried over), detectors, extremes, realized PnL. No IO: the caller loads the actions,
 * the fills of the same minutes and the prices, and persists the result.
 *
 * Incremental (analysis-checkpoint.ts): given `settleAt`, the run also returns the state just before that time;
 * a later run given it as `resume` replays only what follows and returns the same result a full run would —
 * the settled moments as they were, the tail recomputed (property-tested in analyze-incremental.property.test.ts).
 */
import { DEFAULT_QUOTE_MINTS } from '../../domain/mints.ts';
import { HoldingsTracker, type HoldingsState } from '../holdings/holdings.ts';
import type { Action } from '../../decoder/action.ts';
import { detectBadRoute } from '../detectors/bad-route.detector.ts';
import { detectBagHolderDrawdown } from '../detectors/bag-holder-drawdown.detector.ts';
import type { DetectorConfig } from '../detectors/detector-config.ts';
import {
  detectIdleYield,
  sampleKey,
  sampleWindow,
  type IdleSamples,
} from '../detectors/idle-yield.detector.ts';
import { MOMENT_KINDS, type Moment, type MomentKind } from '../detectors/moment.ts';
import type { PriceWindow } from '../detectors/price-window.ts';
import { bucketOf, scanRugs, type RugMintState, type TokenAth } from '../detectors/rug.detector.ts';
import { decimalsByMint, detectSoldTooEarly } from '../detectors/sold-too-early.detector.ts';
import { walletExtremes, type WalletExtremes } from '../extremes/wallet-extremes.ts';
import { groupTransactions } from '../ledger/action-order.ts';
import { LedgerBuilder } from '../ledger/ledger-builder.ts';
import type { LedgerResult } from '../ledger/ledger-records.ts';
import type { LedgerState } from '../ledger/ledger-state.ts';
import type { RealizedTrade } from '../ledger/ledger-records.ts';
import { unrealizedPnl, type UnrealizedReport } from '../ledger/unrealized-pnl.ts';
import { usdOrNull } from '../ledger/usd-amount.ts';
import {
  ANALYSIS_ALGORITHM_VERSION,
  type AnalysisCheckpoint,
  type RugOrigin,
  type SettledTotals,
} from './analysis-checkpoint.ts';
import type { PriceAt } from '../ledger/ledger-options.ts';
import { fromScaled, toScaled, USD_SCALE } from '../../domain/decimal.ts';
import { historyRouteBenchmark } from './route-benchmark.ts';

export interface WalletAnalysisInput {
  readonly wallet: string;
  /** The wallet's actions in the window (any order); when resuming, only those at or after the settle time. */
  readonly actions: readonly Action[];
  /** Stored actions of the user's other wallets (their transfers with this one carry the basis). */
  readonly linkedActions?: ReadonlyMap<string, readonly Action[]>;
  /** Priced swaps of the wallet's tokens in the minutes the wallet swapped (BadRoute benchmark). */
  readonly minuteFills: readonly Action[];
  readonly prices: PriceWindow;
  /** Unix seconds: moments whose window is still open are provisional. */
  readonly now: number;
  readonly config: DetectorConfig;
  readonly quoteMints?: readonly string[];
  readonly exchangeDeposits?: ReadonlySet<string>;
  /** All-time highs from token facts (the candles may not reach back to them). No checkpoint is taken with them. */
  readonly ath?: ReadonlyMap<string, TokenAth>;
  /**
   * Go on from a checkpoint instead of replaying the whole history: `actions` (and the linked wallets') are then
   * the transactions at or after `checkpoint.settleAt`, prices are needed from 6 h before it, and
   * `settledMoments` are the stored moments whose subject lies before it (they are part of the result as is).
   */
  readonly resume?: {
    readonly checkpoint: AnalysisCheckpoint;
    readonly settledMoments: readonly Moment[];
  };
  /** Take a checkpoint at this settle time (`settleTimeAt(now)`); without it none is taken. */
  readonly settleAt?: number;
}

export interface WalletAnalysis {
  /**
   * The ledger records this run derived: every record of the wallet, or — resumed — the tail's: the lots still
   * open at the settle time (with their whole history's quantities) and everything after it.
   */
  readonly ledger: LedgerResult;
  /** Set when resumed: the records before this time are the stored ones; flags are numbered after `flagsBefore`. */
  readonly resumedFrom: { readonly settleAt: number; readonly flagsBefore: number } | null;
  /** Every trigger, ranked: USD descending, then time, then id (settled ones included when resumed). */
  readonly moments: readonly Moment[];
  readonly extremes: WalletExtremes;
  /** Sum of the known realized PnL of every trade, decimal string. */
  readonly realizedPnlUsd: string;
  /** What the wallet still holds at `now`, marked at the latest price of the window (SPEC §3 ledger). */
  readonly unrealized: UnrealizedReport;
  readonly counts: Readonly<Record<MomentKind, number>>;
  /** Realized trades and episodes of the whole history. */
  readonly tradeCount: number;
  readonly episodeCount: number;
  /** The state at `settleAt` for the next run, or why none could be taken. */
  readonly checkpoint: AnalysisCheckpoint | null;
  readonly checkpointSkipped: string | null;
}

const NO_TOTALS: SettledTotals = {
  trades: 0,
  episodes: 0,
  flags: 0,
  realizedPnlUsd: '0',
  topWin: null,
  topLoss: null,
};

interface SettlePoint {
  readonly ledgers: LedgerState[];
  readonly episodesDropped: number;
  readonly flags: number;
}

export function analyzeWalletActions(input: WalletAnalysisInput): WalletAnalysis {
  const { wallet, prices, now, config } = input;
  const resume = input.resume?.checkpoint ?? null;
  const resumedFrom = resume?.settleAt ?? null;
  const base = resume?.totals ?? NO_TOTALS;
  // A checkpoint at or before the one resumed from would settle nothing new: the resumed one is kept.
  const settleAt =
    input.settleAt === undefined
      ? null
      : resumedFrom === null
        ? input.settleAt
        : Math.max(input.settleAt, resumedFrom);
  let skipped: string | null = settleAt === null ? 'no settle time asked for' : null;
  if (input.ath !== undefined && settleAt !== null) skipped = 'token-facts ATHs are not checkpointed';

  const quoteMints = input.quoteMints ?? DEFAULT_QUOTE_MINTS;
  const priceAt: PriceAt = (mint, t) => {
    const p = prices.at(mint, t);
    return p === null ? null : { priceUsd: p.priceUsd, source: p.source };
  };
  const linked = input.linkedActions ?? new Map<string, readonly Action[]>();
  // The whole group: each wallet's ledger sees the others (its own address never appears as a counterparty).
  const linkedWallets = new Set([wallet, ...linked.keys()]);
  const options = (carried: ReadonlyMap<string, string | null>) => ({
    quoteMints,
    linkedWallets,
    ...(input.exchangeDeposits === undefined ? {} : { exchangeDeposits: input.exchangeDeposits }),
    priceAt,
    // Resuming goes through analysis checkpoints, not the periodic snapshots.
    snapshotEvery: 0,
    linkedBasisUsd: (mint: string, signature: string) => carried.get(`${mint}:${signature}`),
  });

  // Basis moved between linked wallets: the user's wallets are replayed together, transaction by transaction in
  // chain order, so when one sends a token to another the cost of the lots that left (its `linked_out` flag) is
  // the basis the other receives in the same transaction — at any depth of back-and-forth, in one pass.
  const carried = new Map<string, string | null>();
  const resumedBooks = new Map((resume?.ledgers ?? []).map((l) => [l.wallet, l]));
  const builderOf = (w: string): LedgerBuilder => {
    const saved = resumedBooks.get(w);
    return saved === undefined
      ? LedgerBuilder.create(w, options(carried))
      : LedgerBuilder.fromSnapshot(saved, options(carried));
  };
  const builders = new Map<string, LedgerBuilder>([[wallet, builderOf(wallet)]]);
  for (const other of linked.keys()) builders.set(other, builderOf(other));
  const main = builders.get(wallet) as LedgerBuilder;

  let settled: SettlePoint | null = null;
  const settle = (): SettlePoint => {
    const ledgers = [...builders.values()].map((b) => b.compactSnapshot());
    const own = ledgers.find((l) => l.wallet === wallet);
    return {
      ledgers,
      episodesDropped: main.episodeCount - (own?.episodes.size ?? 0),
      flags: main.flagCount,
    };
  };
  const all = [...input.actions, ...[...linked.values()].flat()];
  for (const tx of groupTransactions(all)) {
    const first = tx[0];
    if (first === undefined) continue;
    if (settleAt !== null && skipped === null) {
      const t = first.blockTime;
      if (t === null) skipped = `transaction ${first.signature} has no block time`;
      else if (settled === null && t >= settleAt) settled = settle();
      else if (settled !== null && t < settleAt)
        skipped = `transaction ${first.signature} is out of time order around the settle time`;
    }
    // Senders first: their lots leave before the receiver opens the carried lot.
    const owners = [
      ...new Set(tx.map((a) => a.owner).filter((o): o is string => o !== null && builders.has(o))),
    ];
    const sends = (o: string) =>
      tx.some(
        (a) =>
          a.owner === o &&
          a.kind === 'transfer_out' &&
          a.counterparty !== null &&
          linkedWallets.has(a.counterparty),
      );
    owners.sort((a, b) => Number(sends(b)) - Number(sends(a)) || (a === wallet ? -1 : b === wallet ? 1 : 0));
    for (const o of owners) {
      const builder = builders.get(o);
      if (builder === undefined) continue;
      builder.apply(tx.filter((a) => a.owner === o || (a.owner === null && o === wallet)));
      for (const f of builder.linkedOutOf(first.signature))
        carried.set(`${f.mint}:${f.at.signature}`, f.costUsd);
    }
  }
  if (settleAt !== null && skipped === null && settled === null) settled = settle();
  const ledger = main.result();

  // Holding windows of the wallet's own actions (idle yield), tracked the same way.
  const holdings = resume === null ? HoldingsTracker.create(wallet) : HoldingsTracker.resume(resume.holdings);
  let holdingsAt: HoldingsState | null = null;
  for (const tx of groupTransactions(input.actions)) {
    const t = tx[0]?.blockTime ?? null;
    if (settleAt !== null && skipped === null && holdingsAt === null && t !== null && t >= settleAt)
      holdingsAt = holdings.snapshot();
    holdings.applyTransaction(tx);
  }
  if (settleAt !== null && skipped === null && holdingsAt === null) holdingsAt = holdings.snapshot();

  // What the detectors look at: resumed, the lots open at the settle time stand as opened then, with what was
  // left of them (the rug and the unrealized PnL rebuild open lots from the records).
  const view = resume === null ? ledger : resumedView(resume, wallet, ledger);
  const decimals = new Map<string, number>(resume?.decimals ?? []);
  for (const [mint, d] of decimalsByMint(ledger.lots)) decimals.set(mint, d);
  const fresh = (t: number | null): boolean => resumedFrom === null || (t !== null && t >= resumedFrom);

  const rugs = scanRugs({
    wallet,
    ledger: view,
    prices,
    ...(input.ath === undefined ? {} : { ath: input.ath }),
    now,
    config: config.rug,
    ...(resume === null ? {} : { resume: resume.rugs }),
    ...(settleAt === null || skipped !== null ? {} : { settleAt }),
  });
  const tail: Moment[] = [
    ...detectSoldTooEarly({
      wallet,
      trades: ledger.realizedTrades,
      lots: ledger.lots,
      decimals,
      prices,
      now,
      config: config.s2e,
    }),
    ...detectBagHolderDrawdown({
      wallet,
      lots: ledger.lots.filter((l) => fresh(l.openedAt.blockTime)),
      prices,
      now,
      config: config.bhd,
    }),
    ...detectBadRoute({
      wallet,
      actions: input.actions,
      benchmark: historyRouteBenchmark(input.minuteFills, prices),
      now,
      config: config.badRoute,
    }),
    ...detectIdleYield({
      wallet,
      windows: [...holdings.closedWindows(), ...holdings.openWindows()],
      ...(resume === null ? {} : { presampled: resume.idleSamples }),
      prices,
      now,
      config: config.idleYield,
    }),
    ...rugs.moments,
  ];

  const ranked = rankMoments([...(input.resume?.settledMoments ?? []), ...tail]);
  const counts = Object.fromEntries(MOMENT_KINDS.map((k) => [k, 0])) as Record<MomentKind, number>;
  for (const m of ranked) counts[m.kind]++;
  let pnl = toScaled(base.realizedPnlUsd, USD_SCALE);
  for (const t of ledger.realizedTrades) if (t.pnlUsd !== null) pnl += toScaled(t.pnlUsd, USD_SCALE);
  const settledTop = [base.topWin, base.topLoss].filter((t): t is RealizedTrade => t !== null);

  let checkpoint: AnalysisCheckpoint | null = null;
  if (settleAt !== null && skipped === null && settled !== null && holdingsAt !== null) {
    const point = settled;
    if (resumedFrom !== null && settleAt === resumedFrom) {
      checkpoint = resume;
    } else {
      const before = ledger.realizedTrades.filter(
        (t) => t.exit.blockTime !== null && t.exit.blockTime < settleAt,
      );
      let settledPnl = toScaled(base.realizedPnlUsd, USD_SCALE);
      for (const t of before) if (t.pnlUsd !== null) settledPnl += toScaled(t.pnlUsd, USD_SCALE);
      const top = walletExtremes([...settledTop, ...before], []);
      const seen = new Map<string, number>(resume?.decimals ?? []);
      for (const l of ledger.lots)
        if (
          l.decimals !== null &&
          l.openedAt.blockTime !== null &&
          l.openedAt.blockTime < settleAt &&
          !seen.has(l.mint)
        )
          seen.set(l.mint, l.decimals);
      checkpoint = {
        version: ANALYSIS_ALGORITHM_VERSION,
        settleAt,
        ledgers: point.ledgers,
        holdings: holdingsAt,
        rugs: rugs.states,
        idleSamples: idleSamplesAt(holdingsAt, settleAt, prices, config, resume),
        rugOrigins: rugOriginsOf(rugs.states, ledger, prices, config, resume),
        decimals: [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        totals: {
          trades: base.trades + before.length,
          episodes: base.episodes + point.episodesDropped,
          flags: base.flags + point.flags,
          realizedPnlUsd: fromScaled(settledPnl, USD_SCALE),
          topWin: top.topWin,
          topLoss: top.topLoss,
        },
      };
    }
  }

  return {
    ledger: {
      lots: ledger.lots,
      realizedTrades: ledger.realizedTrades,
      episodes: ledger.episodes,
      flags: ledger.flags,
    },
    resumedFrom: resume === null ? null : { settleAt: resume.settleAt, flagsBefore: base.flags },
    moments: ranked,
    extremes: walletExtremes([...settledTop, ...ledger.realizedTrades], ranked),
    realizedPnlUsd: fromScaled(pnl, USD_SCALE),
    unrealized: unrealizedPnl(view, now, (mint, t) => prices.at(mint, t)?.priceUsd ?? null),
    counts,
    tradeCount: base.trades + ledger.realizedTrades.length,
    episodeCount: base.episodes + ledger.episodes.length,
    checkpoint,
    checkpointSkipped: checkpoint === null ? (skipped ?? 'the settle time is not reached') : null,
  };
}

/** The start of every checkpointed rug scan (carried over when resumed), as `RugOrigin`s. */
function rugOriginsOf(
  states: readonly RugMintState[],
  ledger: LedgerResult,
  prices: PriceWindow,
  config: DetectorConfig,
  resume: AnalysisCheckpoint | null,
): RugOrigin[] {
  const carried = new Map((resume?.rugOrigins ?? []).map((o) => [o.mint, o]));
  const step = config.rug.scanStepHours * 3_600;
  // The same lots the rug scan starts from: known decimals and block time.
  const first = new Map<string, number>();
  for (const l of ledger.lots) {
    const t = l.openedAt.blockTime;
    if (l.decimals === null || t === null) continue;
    if (t < (first.get(l.mint) ?? Number.POSITIVE_INFINITY)) first.set(l.mint, t);
  }
  const out: RugOrigin[] = [];
  for (const s of states) {
    const known = carried.get(s.mint);
    const t = first.get(s.mint);
    if (known !== undefined) out.push(known);
    else if (t !== undefined) {
      const firstBucket = bucketOf(t, step);
      out.push({ mint: s.mint, firstBucket, athAt: prices.maxIn(s.mint, 0, firstBucket - 1)?.at ?? null });
    }
  }
  return out;
}

/** The price samples before `settleAt` of the idle-yield layers still held then (carried over when resumed). */
function idleSamplesAt(
  holdings: HoldingsState,
  settleAt: number,
  prices: PriceWindow,
  config: DetectorConfig,
  resume: AnalysisCheckpoint | null,
): IdleSamples[] {
  const idle = new Set(config.idleYield.assets.map((a) => a.mint));
  const step = config.idleYield.sampleEveryHours * 3_600;
  const carried = new Map((resume?.idleSamples ?? []).map((p) => [sampleKey(p.mint, p.opened), p]));
  const out: IdleSamples[] = [];
  for (const m of holdings.mints) {
    if (!idle.has(m.mint)) continue;
    for (const layer of m.layers) {
      if (layer.start === null || layer.start >= settleAt) continue;
      const before = carried.get(sampleKey(m.mint, layer.opened));
      const from = before?.until ?? layer.start;
      const samples = sampleWindow(prices, m.mint, layer.start, from, settleAt, step);
      const count = (before?.count ?? 0) + samples.length;
      // Nothing sampled yet: a resumed run samples nothing before the settle time either (same candles).
      if (count === 0) continue;
      let sum = before === undefined ? 0n : toScaled(before.sumUsd, USD_SCALE);
      for (const p of samples) sum += toScaled(p.priceUsd, USD_SCALE);
      out.push({
        mint: m.mint,
        opened: { signature: layer.opened.signature, index: layer.opened.index },
        until: settleAt,
        sumUsd: fromScaled(sum, USD_SCALE),
        count,
        minConfidence: Math.min(before?.minConfidence ?? Infinity, ...samples.map((p) => p.confidence)),
        sources: [...new Set([...(before?.sources ?? []), ...samples.map((p) => p.source)])].sort(),
      });
    }
  }
  return out;
}

/**
 * The records as the detectors of a resumed run read them: each lot open at the settle time as if opened then
 * with what was left of it (quantity and cost), then the tail's own records.
 */
function resumedView(resume: AnalysisCheckpoint, wallet: string, tail: LedgerResult): LedgerResult {
  const carried = resume.ledgers.find((l) => l.wallet === wallet);
  const atSettle = new Map(
    [...(carried?.lots.values() ?? [])].map((l) => [l.id, { qtyRaw: l.openQtyRaw, cost: l.openCost }]),
  );
  return {
    ...tail,
    lots: tail.lots.map((l) => {
      const then = atSettle.get(l.id);
      return then === undefined ? l : { ...l, qtyRaw: then.qtyRaw, costUsd: usdOrNull(then.cost) };
    }),
  };
}

/** USD descending, then earlier, then id: the order a wallet page lists its moments in. */
export function rankMoments(moments: readonly Moment[]): Moment[] {
  return [...moments].sort((a, b) => {
    const ua = toScaled(a.usd, USD_SCALE);
    const ub = toScaled(b.usd, USD_SCALE);
    return ua > ub ? -1 : ua < ub ? 1 : a.tEvent - b.tEvent || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  });
}
