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
import { buildLedger } from '../ledger/build-ledger.ts';
import type { LedgerFlag, LedgerResult } from '../ledger/ledger-records.ts';
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
  readonly counts: Readonly<Record<MomentKind, number>>;
}

/** At most this many passes to settle basis that travels between linked wallets and back. */
const LINKED_PASSES = 4;

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
    linkedBasisUsd: (mint: string, signature: string) => carried.get(`${mint}:${signature}`),
  });

  // Basis moved between linked wallets: a `linked_out` flag of one wallet is the cost the other receives.
  // Each pass recomputes every wallet with the basis the previous pass found; a round trip needs two.
  let carried = new Map<string, string | null>();
  let ledger = buildLedger(wallet, input.actions, options(carried));
  if (linked.size > 0) {
    for (let pass = 0; pass < LINKED_PASSES; pass++) {
      const flags: LedgerFlag[] = [...ledger.flags];
      for (const [other, acts] of linked) flags.push(...buildLedger(other, acts, options(carried)).flags);
      const next = new Map<string, string | null>();
      for (const f of flags) if (f.code === 'linked_out') next.set(`${f.mint}:${f.at.signature}`, f.costUsd);
      const settled = next.size === carried.size && [...next].every(([k, v]) => carried.get(k) === v);
      carried = next;
      ledger = buildLedger(wallet, input.actions, options(carried));
      if (settled) break;
    }
  }

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
