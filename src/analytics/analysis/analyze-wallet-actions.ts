/**
 * The whole OOF analysis of one wallet from its stored actions (SPEC §3), as one pure function: ledger (with
 * linked wallets' basis carried over), detectors, extremes, realized PnL. No IO: the caller loads the actions,
 * the fills of the same minutes and the prices, and persists the result.
 */
import { DEFAULT_QUOTE_MINTS } from '../../domain/mints.ts';
import { computeHoldings } from '../holdings/holdings.ts';
import type { Action } from '../../decoder/action.ts';
import { detectBadRoute } from '../detectors/bad-route.detector.ts';
import { detectBagHolderDrawdown } from '../detectors/bag-holder-drawdown.detector.ts';
import type { DetectorConfig } from '../detectors/detector-config.ts';
import { detectIdleYield } from '../detectors/idle-yield.detector.ts';
import { MOMENT_KINDS, type Moment, type MomentKind } from '../detectors/moment.ts';
import type { PriceWindow } from '../detectors/price-window.ts';
import { detectRug, type TokenAth } from '../detectors/rug.detector.ts';
import { detectSoldTooEarly } from '../detectors/sold-too-early.detector.ts';
import { walletExtremes, type WalletExtremes } from '../extremes/wallet-extremes.ts';
import { groupTransactions } from '../ledger/action-order.ts';
import { LedgerBuilder } from '../ledger/ledger-builder.ts';
import type { LedgerResult } from '../ledger/ledger-records.ts';
import { unrealizedPnl, type UnrealizedReport } from '../ledger/unrealized-pnl.ts';
import type { PriceAt } from '../ledger/ledger-options.ts';
import { fromScaled, toScaled, USD_SCALE } from '../../domain/decimal.ts';
import { historyRouteBenchmark } from './route-benchmark.ts';

export interface WalletAnalysisInput {
  readonly wallet: string;
  /** The wallet's actions in the window (any order). */
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
  /** All-time highs from token facts (the candles may not reach back to them). */
  readonly ath?: ReadonlyMap<string, TokenAth>;
}

export interface WalletAnalysis {
  readonly ledger: LedgerResult;
  /** Every trigger, ranked: USD descending, then time, then id. */
  readonly moments: readonly Moment[];
  readonly extremes: WalletExtremes;
  /** Sum of the known realized PnL of every trade, decimal string. */
  readonly realizedPnlUsd: string;
  /** What the wallet still holds at `now`, marked at the latest price of the window (SPEC §3 ledger). */
  readonly unrealized: UnrealizedReport;
  readonly counts: Readonly<Record<MomentKind, number>>;
}

export function analyzeWalletActions(input: WalletAnalysisInput): WalletAnalysis {
  const { wallet, prices, now, config } = input;
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
    // A one-shot recompute: nothing resumes from its snapshots.
    snapshotEvery: 0,
    linkedBasisUsd: (mint: string, signature: string) => carried.get(`${mint}:${signature}`),
  });

  // Basis moved between linked wallets: the user's wallets are replayed together, transaction by transaction in
  // chain order, so when one sends a token to another the cost of the lots that left (its `linked_out` flag) is
  // the basis the other receives in the same transaction — at any depth of back-and-forth, in one pass.
  const carried = new Map<string, string | null>();
  const builders = new Map<string, LedgerBuilder>([[wallet, LedgerBuilder.create(wallet, options(carried))]]);
  for (const other of linked.keys()) builders.set(other, LedgerBuilder.create(other, options(carried)));
  const all = [...input.actions, ...[...linked.values()].flat()];
  for (const tx of groupTransactions(all)) {
    const first = tx[0];
    if (first === undefined) continue;
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
  const ledger = (builders.get(wallet) as LedgerBuilder).result();

  const moments: Moment[] = [
    ...detectSoldTooEarly({
      wallet,
      trades: ledger.realizedTrades,
      lots: ledger.lots,
      prices,
      now,
      config: config.s2e,
    }),
    ...detectBagHolderDrawdown({ wallet, lots: ledger.lots, prices, now, config: config.bhd }),
    ...detectBadRoute({
      wallet,
      actions: input.actions,
      benchmark: historyRouteBenchmark(input.minuteFills, prices),
      now,
      config: config.badRoute,
    }),
  ];
  moments.push(
    ...detectIdleYield({
      wallet,
      windows: computeHoldings(wallet, input.actions).windows,
      prices,
      now,
      config: config.idleYield,
    }),
    ...detectRug({
      wallet,
      ledger,
      prices,
      ...(input.ath === undefined ? {} : { ath: input.ath }),
      now,
      config: config.rug,
    }),
  );

  const ranked = rankMoments(moments);
  const counts = Object.fromEntries(MOMENT_KINDS.map((k) => [k, 0])) as Record<MomentKind, number>;
  for (const m of ranked) counts[m.kind]++;
  let pnl = 0n;
  for (const t of ledger.realizedTrades) if (t.pnlUsd !== null) pnl += toScaled(t.pnlUsd, USD_SCALE);
  return {
    ledger: {
      lots: ledger.lots,
      realizedTrades: ledger.realizedTrades,
      episodes: ledger.episodes,
      flags: ledger.flags,
    },
    moments: ranked,
    extremes: walletExtremes(ledger.realizedTrades, ranked),
    realizedPnlUsd: fromScaled(pnl, USD_SCALE),
    unrealized: unrealizedPnl(ledger, now, (mint, t) => prices.at(mint, t)?.priceUsd ?? null),
    counts,
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
