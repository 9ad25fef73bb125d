import { fromScaled } from '../../domain/decimal.ts';
import type { TradeVenue } from '../events/launch-event.ts';
import type { TradeIntent } from '../strategy/trade-intent.ts';
import type { FeePolicy } from './fee-schedule.ts';
import { simulateFill, type Fill, type MarketState } from './fill-simulator.ts';

/** SOL amounts in reports: lamports as exact decimal strings. */
export const sol = (lamports: bigint): string => fromScaled(lamports, 9);
const pct = (part: bigint, whole: bigint): string =>
  whole === 0n ? '0' : fromScaled((part * 10_000n) / whole, 2);

export interface RoundTrip {
  readonly mint: string;
  readonly entryMs: string;
  readonly exitMs: string;
  readonly entryReasons: readonly string[];
  readonly exitReasons: readonly string[];
  readonly costSol: string;
  readonly proceedsSol: string;
  readonly pnlSol: string;
}

export interface ReasonStats {
  readonly reason: string;
  readonly intents: number;
  readonly trades: number;
  readonly wins: number;
  readonly pnlSol: string;
}

export interface BacktestReport {
  readonly from: string;
  readonly to: string;
  readonly intents: number;
  readonly outcomes: Readonly<Record<string, number>>;
  readonly roundTrips: number;
  readonly wins: number;
  readonly winRatePct: string;
  readonly realizedPnlSol: string;
  readonly unrealizedPnlSol: string;
  readonly totalPnlSol: string;
  readonly tradeFeesSol: string;
  readonly networkFeesSol: string;
  readonly maxDrawdownSol: string;
  readonly maxExposureSol: string;
  readonly avgExposureSol: string;
  readonly timeInMarketPct: string;
  readonly openPositions: number;
  readonly byReason: readonly ReasonStats[];
  readonly trades: readonly RoundTrip[];
}

interface OpenPosition {
  tokens: bigint;
  /** Lamports still invested (cost of the tokens held). */
  cost: bigint;
  /** Totals of the round trip so far. */
  spent: bigint;
  received: bigint;
  readonly entryMs: bigint;
  readonly entryReasons: readonly string[];
  exitReasons: string[];
}

type FeesAt = (venue: TradeVenue, tMs: bigint) => FeePolicy;

/** Cash, positions and statistics of a backtest; every amount in lamports (bigint). */
export class BacktestLedger {
  private readonly positions = new Map<string, OpenPosition>();
  private readonly trips: RoundTrip[] = [];
  private readonly reasons = new Map<
    string,
    { intents: number; trades: number; wins: number; pnl: bigint }
  >();
  private realized = 0n;
  private wins = 0;
  private tradeFees = 0n;
  private networkFees = 0n;
  private peakEquity = 0n;
  private maxDrawdown = 0n;
  private maxExposure = 0n;
  private exposureArea = 0n;
  private inMarketMs = 0n;
  private lastMs: bigint;

  constructor(
    private readonly fromMs: bigint,
    private readonly toMs: bigint,
  ) {
    this.lastMs = fromMs;
  }

  held(mint: string): bigint {
    return this.positions.get(mint)?.tokens ?? 0n;
  }

  private reason(code: string) {
    let r = this.reasons.get(code);
    if (r === undefined) {
      r = { intents: 0, trades: 0, wins: 0, pnl: 0n };
      this.reasons.set(code, r);
    }
    return r;
  }

  apply(intent: TradeIntent, side: 'buy' | 'sell', fill: Fill, atMs: bigint): void {
    for (const code of intent.reasonCodes) this.reason(code).intents += 1;
    if (fill.status === 'no_market') return;
    this.networkFees += fill.networkFee;
    if (fill.status === 'slippage_exceeded') {
      // A failed transaction still pays its fee: a loss of the open position, or of cash.
      this.realized -= fill.networkFee;
      return;
    }
    this.tradeFees += fill.tradeFees;
    const open = this.positions.get(intent.mint);
    if (side === 'buy') {
      if (open === undefined) {
        this.positions.set(intent.mint, {
          tokens: fill.tokens,
          cost: fill.lamports,
          spent: fill.lamports,
          received: 0n,
          entryMs: atMs,
          entryReasons: intent.reasonCodes,
          exitReasons: [],
        });
      } else {
        open.tokens += fill.tokens;
        open.cost += fill.lamports;
        open.spent += fill.lamports;
      }
      return;
    }
    if (open === undefined) return;
    // Cost leaves pro rata to the tokens sold; what stays is the cost of what is still held.
    const costPart = fill.tokens >= open.tokens ? open.cost : (open.cost * fill.tokens) / open.tokens;
    this.realized += fill.lamports - costPart;
    open.tokens -= fill.tokens;
    open.cost -= costPart;
    open.received += fill.lamports;
    for (const code of intent.reasonCodes) if (!open.exitReasons.includes(code)) open.exitReasons.push(code);
    if (open.tokens > 0n) return;
    this.positions.delete(intent.mint);
    const pnl = open.received - open.spent;
    if (pnl > 0n) this.wins += 1;
    this.trips.push({
      mint: intent.mint,
      entryMs: open.entryMs.toString(),
      exitMs: atMs.toString(),
      entryReasons: open.entryReasons,
      exitReasons: open.exitReasons,
      costSol: sol(open.spent),
      proceedsSol: sol(open.received),
      pnlSol: sol(pnl),
    });
    for (const code of new Set([...open.entryReasons, ...open.exitReasons])) {
      const r = this.reason(code);
      r.trades += 1;
      if (pnl > 0n) r.wins += 1;
      r.pnl += pnl;
    }
  }

  /** What the open positions would fetch now (sell quotes with fees), minus what is invested in them. */
  private unrealized(markets: ReadonlyMap<string, MarketState>, feesAt: FeesAt, atMs: bigint): bigint {
    let total = 0n;
    for (const [mint, p] of this.positions) {
      const market = markets.get(mint);
      let value = 0n;
      if (market !== undefined) {
        const fill = simulateFill(
          market,
          market,
          { side: 'sell', size: p.tokens, maxSlippageBps: 10_000n },
          feesAt(market.venue, atMs),
          0n,
        );
        value = fill.status === 'filled' && fill.lamports > 0n ? fill.lamports : 0n;
      }
      total += value - p.cost;
    }
    return total;
  }

  /** Advances time to `atMs` with the positions held until then: exposure over the elapsed time. */
  advance(atMs: bigint): void {
    if (atMs <= this.lastMs) return;
    const deployed = [...this.positions.values()].reduce((s, p) => s + p.cost, 0n);
    this.exposureArea += deployed * (atMs - this.lastMs);
    if (deployed > 0n) this.inMarketMs += atMs - this.lastMs;
    this.lastMs = atMs;
  }

  /** Equity now (realized + open positions at their sell quotes), its peak and the deepest fall from it. */
  mark(atMs: bigint, markets: ReadonlyMap<string, MarketState>, feesAt: FeesAt): void {
    const deployed = [...this.positions.values()].reduce((s, p) => s + p.cost, 0n);
    if (deployed > this.maxExposure) this.maxExposure = deployed;
    const equity = this.realized + (this.positions.size === 0 ? 0n : this.unrealized(markets, feesAt, atMs));
    if (equity > this.peakEquity) this.peakEquity = equity;
    if (this.peakEquity - equity > this.maxDrawdown) this.maxDrawdown = this.peakEquity - equity;
  }

  report(
    markets: ReadonlyMap<string, MarketState>,
    feesAt: FeesAt,
    outcomes: readonly { readonly status: string }[],
  ): BacktestReport {
    this.advance(this.toMs);
    this.mark(this.toMs, markets, feesAt);
    const unrealized = this.unrealized(markets, feesAt, this.toMs);
    const wins = this.wins;
    const counts: Record<string, number> = {};
    for (const o of outcomes) counts[o.status] = (counts[o.status] ?? 0) + 1;
    const span = this.toMs - this.fromMs;
    return {
      from: new Date(Number(this.fromMs)).toISOString(),
      to: new Date(Number(this.toMs)).toISOString(),
      intents: outcomes.length,
      outcomes: Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1))),
      roundTrips: this.trips.length,
      wins,
      winRatePct: pct(BigInt(wins), BigInt(this.trips.length)),
      realizedPnlSol: sol(this.realized),
      unrealizedPnlSol: sol(unrealized),
      totalPnlSol: sol(this.realized + unrealized),
      tradeFeesSol: sol(this.tradeFees),
      networkFeesSol: sol(this.networkFees),
      maxDrawdownSol: sol(this.maxDrawdown),
      maxExposureSol: sol(this.maxExposure),
      avgExposureSol: sol(span > 0n ? this.exposureArea / span : 0n),
      timeInMarketPct: pct(this.inMarketMs, span),
      openPositions: this.positions.size,
      byReason: [...this.reasons.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([reason, r]) => ({
          reason,
          intents: r.intents,
          trades: r.trades,
          wins: r.wins,
          pnlSol: sol(r.pnl),
        })),
      trades: this.trips,
    };
  }
}
