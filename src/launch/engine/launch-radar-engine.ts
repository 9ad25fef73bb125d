import { curveMarketCapSol, curvePriceSol, curveSoldPct, priceSol } from '../curve/curve-quote.ts';
import type {
  AmmSnapshot,
  CurveSnapshot,
  FeatureBucket,
  LaunchEventBody,
  NewLaunchEvent,
  TradeVenue,
} from '../events/launch-event.ts';
import { FeatureAggregator, type FeatureAggregatorOptions } from '../features/feature-aggregator.ts';
import type { FeatureTrade } from '../features/feature-bucket.ts';
import {
  DEFAULT_FLAG_THRESHOLDS,
  RiskFlagDetector,
  type FlagThresholds,
} from '../flags/risk-flag-detector.ts';
import type { HolderSnapshot, RiskFlag } from '../flags/risk-flag-detector.ts';
import type { LaunchFact, MigrationFact, PoolFact, TradeFact } from '../pipeline/launch-facts.ts';

/** Where a fact sits in chain time: its transaction, slot and block time (Unix ms). */
export interface FactPosition {
  readonly signature: string;
  readonly slot: bigint;
  readonly tEventMs: bigint;
}

export interface CurveRow extends CurveSnapshot {
  readonly slot: bigint;
  readonly tEventMs: bigint;
}

export interface AmmRow extends AmmSnapshot {
  readonly slot: bigint;
  readonly tEventMs: bigint;
}

/** Everything one step produced, in the order it happened: events for the log, rows for the tables. */
export interface EngineOutput {
  readonly events: NewLaunchEvent[];
  readonly curveRows: CurveRow[];
  readonly ammRows: AmmRow[];
  readonly buckets: FeatureBucket[];
  readonly flags: RiskFlag[];
  readonly holderSnapshots: HolderSnapshot[];
  /** Late trades whose minute left memory: fold them in from the store (`LaunchRadarEngine.refold`). */
  readonly evicted: { mint: string; venue: TradeVenue; minuteStartMs: bigint }[];
}

export const emptyOutput = (): EngineOutput => ({
  events: [],
  curveRows: [],
  ammRows: [],
  buckets: [],
  flags: [],
  holderSnapshots: [],
  evicted: [],
});

interface MintView {
  readonly bondingCurve: string;
  readonly supply: bigint;
  curve: CurveRow | null;
  curveDirty: boolean;
  amm: AmmRow | null;
  ammDirty: boolean;
}

const str = (v: bigint): string => v.toString();

/**
 * The launch radar's one kernel: launches and trades in, events and derived rows out — live (the executor),
 * and in replay over stored facts. Pure and deterministic: the same facts in the same order give the same
 * output, byte for byte. Curve and AMM snapshots are kept per slot in the tables and streamed once per closed
 * minute of their mint (the trades stream carries every reserve change already).
 */
export class LaunchRadarEngine {
  private readonly features: FeatureAggregator;
  private readonly flags: RiskFlagDetector;
  private readonly mints = new Map<string, MintView>();

  constructor(options: { features?: FeatureAggregatorOptions; thresholds?: FlagThresholds } = {}) {
    this.features = new FeatureAggregator(options.features ?? {});
    this.flags = new RiskFlagDetector(options.thresholds ?? DEFAULT_FLAG_THRESHOLDS);
  }

  /** Whether the engine has seen this launch (trades of other mints are ignored). */
  knows(mint: string): boolean {
    return this.mints.has(mint);
  }

  launch(fact: LaunchFact, at: FactPosition, out: EngineOutput): void {
    if (this.mints.has(fact.mint)) return;
    const flags = this.adoptLaunch(fact, at);
    this.emit(out, at, `launch:${fact.mint}`, {
      kind: 'tokenLaunched',
      tokenLaunched: {
        mint: fact.mint,
        creator: fact.creator,
        name: fact.name,
        symbol: fact.symbol,
        uri: fact.uri,
        bondingCurve: fact.bondingCurve,
        signature: at.signature,
        instruction: fact.instruction,
        tokenProgram: fact.tokenProgram,
      },
    });
    this.raise(out, flags);
  }

  /**
   * A launch streamed before (e.g. by this executor before a restart): followed from now on without emitting
   * it again. Returns the flags its launch raises, for `launch` to stream.
   */
  adoptLaunch(fact: LaunchFact, at: FactPosition): RiskFlag[] {
    if (this.mints.has(fact.mint)) return [];
    this.mints.set(fact.mint, {
      bondingCurve: fact.bondingCurve,
      supply: fact.tokenTotalSupply,
      curve: null,
      curveDirty: false,
      amm: null,
      ammDirty: false,
    });
    return this.flags.onLaunch({
      mint: fact.mint,
      creator: fact.creator,
      slot: at.slot,
      tEventMs: at.tEventMs,
      supply: fact.tokenTotalSupply,
    });
  }

  trade(t: TradeFact, at: FactPosition, out: EngineOutput): void {
    const view = this.mints.get(t.mint);
    if (view === undefined) return;
    this.emit(out, at, `trade:${at.signature}:${t.eventIndex}`, {
      kind: 'tradeObserved',
      tradeObserved: {
        mint: t.mint,
        signature: at.signature,
        signer: t.signer,
        side: t.side === 'buy' ? 'SIDE_BUY' : 'SIDE_SELL',
        venue: t.venue,
        solAmount: str(t.solAmount),
        tokenAmount: str(t.tokenAmount),
        feeLamports: str(t.feeLamports),
        creatorFeeLamports: str(t.creatorFeeLamports),
        virtualSolReserves: str(t.virtualSolReserves),
        virtualTokenReserves: str(t.virtualTokenReserves),
        realSolReserves: str(t.realSolReserves),
        realTokenReserves: str(t.realTokenReserves),
        eventIndex: t.eventIndex,
      },
    });
    if (t.venue === 'pumpfun') {
      this.setCurve(view, t.mint, at, {
        virtualSol: t.virtualSolReserves,
        virtualToken: t.virtualTokenReserves,
        realSol: t.realSolReserves,
        realToken: t.realTokenReserves,
        complete: t.realTokenReserves === 0n,
      });
      if (view.curve !== null) out.curveRows.push(view.curve);
    } else if (t.pool !== null) {
      this.setAmm(view, t.mint, t.pool, t.venue === 'raydium' ? 'raydium' : 'pumpswap', at, {
        base: t.realTokenReserves,
        quote: t.realSolReserves,
        lpSupply: view.amm?.pool === t.pool ? BigInt(view.amm.lpSupply) : 0n,
      });
      if (view.amm !== null) out.ammRows.push(view.amm);
    }
    this.raise(
      out,
      this.flags.onTrade({
        mint: t.mint,
        signer: t.signer,
        side: t.side,
        tokenAmount: t.tokenAmount,
        slot: at.slot,
        tEventMs: at.tEventMs,
      }),
    );
    const added = this.features.add({
      mint: t.mint,
      venue: t.venue,
      tEventMs: at.tEventMs,
      signer: t.signer,
      side: t.side,
      solAmount: t.solAmount,
    });
    if (added.evicted !== null) out.evicted.push(added.evicted);
    this.closeBuckets(out, added.buckets, at);
  }

  /** The curve completed (CompleteEvent): stream its final state now. */
  complete(mint: string, at: FactPosition, out: EngineOutput): void {
    const view = this.mints.get(mint);
    if (view?.curve == null) return;
    view.curve = { ...view.curve, complete: true, slot: at.slot, tEventMs: at.tEventMs };
    out.curveRows.push(view.curve);
    this.streamCurve(view, out);
  }

  migrate(m: MigrationFact, at: FactPosition, out: EngineOutput): void {
    if (!this.mints.has(m.mint)) return;
    this.emit(out, at, `migrated:${m.mint}`, {
      kind: 'tokenMigrated',
      tokenMigrated: { mint: m.mint, venue: m.venue, pool: m.pool, signature: at.signature },
    });
  }

  pool(p: PoolFact, at: FactPosition, out: EngineOutput): void {
    const view = this.mints.get(p.mint);
    if (view === undefined) return;
    this.setAmm(view, p.mint, p.pool, p.venue, at, {
      base: p.baseReserve,
      quote: p.quoteReserve,
      lpSupply: p.lpSupply,
    });
    if (view.amm !== null) {
      out.ammRows.push(view.amm);
      this.streamAmm(view, out);
    }
  }

  /** A bonding-curve account state (accountSubscribe): stored, and streamed when it differs from the last. */
  curveState(
    mint: string,
    at: Omit<FactPosition, 'signature'>,
    state: {
      virtualSol: bigint;
      virtualToken: bigint;
      realSol: bigint;
      realToken: bigint;
      complete: boolean;
    },
    out: EngineOutput,
  ): void {
    const view = this.mints.get(mint);
    if (view === undefined) return;
    this.setCurve(view, mint, { ...at, signature: '' }, state);
    if (view.curve !== null) out.curveRows.push(view.curve);
    this.streamCurve(view, out);
  }

  /** Moves the clock of the features (a block time without trades of ours) and closes the minutes it passes. */
  advance(tEventMs: bigint, out: EngineOutput): void {
    this.closeBuckets(out, this.features.advance(tEventMs), null);
  }

  /** Emits every open minute (end of a replay, shutdown). */
  flush(out: EngineOutput): void {
    this.closeBuckets(out, this.features.flush(), null);
  }

  /** A late trade's minute recomputed from every stored trade of it (see EngineOutput.evicted). */
  refold(
    key: { mint: string; venue: TradeVenue; minuteStartMs: bigint },
    storedTrades: readonly FeatureTrade[],
    lastRevision: number,
    at: FactPosition,
    out: EngineOutput,
  ): void {
    const bucket = this.features.refold(key.mint, key.venue, key.minuteStartMs, storedTrades, lastRevision);
    this.pushBucket(out, bucket, at);
  }

  private closeBuckets(out: EngineOutput, buckets: readonly FeatureBucket[], at: FactPosition | null): void {
    for (const b of buckets) {
      this.pushBucket(out, b, at);
      // A first emission closes the minute: stream the mint's latest curve/AMM state and holders with it.
      if (b.revision !== 0) continue;
      const view = this.mints.get(b.mint);
      if (view !== undefined) {
        if (b.venue === 'pumpfun') this.streamCurve(view, out);
        else this.streamAmm(view, out);
      }
      const { snapshot, flags } = this.flags.snapshot(b.mint);
      if (snapshot !== null) out.holderSnapshots.push(snapshot);
      this.raise(out, flags);
    }
  }

  private pushBucket(out: EngineOutput, b: FeatureBucket, at: FactPosition | null): void {
    out.buckets.push(b);
    const minuteEnd = BigInt(b.minuteStartMs) + 60_000n;
    // A bucket's place in chain time: its minute's end, or the late trade that revised it.
    const tEventMs = b.revision === 0 || at === null ? minuteEnd - 1n : at.tEventMs;
    const slot = at?.slot ?? this.lastSlotOf(b.mint);
    this.emit(
      out,
      { signature: '', slot, tEventMs },
      `feature:${b.mint}:${b.venue}:${b.minuteStartMs}:${b.revision}`,
      { kind: 'featureBucket', featureBucket: b },
    );
  }

  /** Block time of the mint's latest curve or pool state (0 when none). */
  lastTimeOf(mint: string): bigint {
    const v = this.mints.get(mint);
    const a = v?.curve?.tEventMs ?? 0n;
    const b = v?.amm?.tEventMs ?? 0n;
    return a > b ? a : b;
  }

  private lastSlotOf(mint: string): bigint {
    const v = this.mints.get(mint);
    const a = v?.curve?.slot ?? 0n;
    const b = v?.amm?.slot ?? 0n;
    return a > b ? a : b;
  }

  private raise(out: EngineOutput, flags: readonly RiskFlag[]): void {
    for (const f of flags) {
      out.flags.push(f);
      this.emit(
        out,
        { signature: '', slot: f.slot, tEventMs: f.tEventMs },
        `flag:${f.mint}:${f.flag}:${f.observation}`,
        {
          kind: 'riskFlag',
          riskFlag: {
            mint: f.mint,
            flag: f.flag,
            severity: f.severity,
            value: f.value,
            threshold: f.threshold,
            detailsJson: JSON.stringify(f.details),
          },
        },
      );
    }
  }

  private setCurve(
    view: MintView,
    mint: string,
    at: FactPosition,
    s: { virtualSol: bigint; virtualToken: bigint; realSol: bigint; realToken: bigint; complete: boolean },
  ): void {
    view.curve = {
      mint,
      bondingCurve: view.bondingCurve,
      virtualSolReserves: str(s.virtualSol),
      virtualTokenReserves: str(s.virtualToken),
      realSolReserves: str(s.realSol),
      realTokenReserves: str(s.realToken),
      tokenTotalSupply: str(view.supply),
      complete: s.complete,
      impliedPriceSol: curvePriceSol(s),
      soldPct: curveSoldPct(s),
      marketCapSol: curveMarketCapSol(s, view.supply),
      slot: at.slot,
      tEventMs: at.tEventMs,
    };
    view.curveDirty = true;
  }

  private setAmm(
    view: MintView,
    mint: string,
    pool: string,
    venue: 'pumpswap' | 'raydium',
    at: FactPosition,
    s: { base: bigint; quote: bigint; lpSupply: bigint },
  ): void {
    view.amm = {
      mint,
      pool,
      venue,
      baseReserve: str(s.base),
      quoteReserve: str(s.quote),
      impliedPriceSol: priceSol(s.quote, s.base),
      lpSupply: str(s.lpSupply),
      slot: at.slot,
      tEventMs: at.tEventMs,
    };
    view.ammDirty = true;
  }

  private streamCurve(view: MintView, out: EngineOutput): void {
    const c = view.curve;
    if (c === null || !view.curveDirty) return;
    view.curveDirty = false;
    const { slot, tEventMs, ...snapshot } = c;
    this.emit(out, { signature: '', slot, tEventMs }, `curve:${c.mint}:${slot}:${c.complete ? 1 : 0}`, {
      kind: 'curveSnapshot',
      curveSnapshot: snapshot,
    });
  }

  private streamAmm(view: MintView, out: EngineOutput): void {
    const a = view.amm;
    if (a === null || !view.ammDirty) return;
    view.ammDirty = false;
    const { slot, tEventMs, ...snapshot } = a;
    this.emit(out, { signature: '', slot, tEventMs }, `amm:${a.pool}:${slot}`, {
      kind: 'ammSnapshot',
      ammSnapshot: snapshot,
    });
  }

  private emit(out: EngineOutput, at: FactPosition, dedupeKey: string, event: LaunchEventBody): void {
    out.events.push({ slot: at.slot, tEventMs: at.tEventMs, dedupeKey, event });
  }
}
