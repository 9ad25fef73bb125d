import { quoteCurveBuy, quoteAmmBuy } from '../curve/curve-quote.ts';
import { launchEventMint, type FeatureBucket, type StoredLaunchEvent } from '../events/launch-event.ts';
import {
  bucketAt,
  closeAt,
  flowReversed,
  flowSignals,
  whaleShareOk,
  type BucketFacts,
} from './flow-signals.ts';
import { observeMarket, observedPrice } from './market-observation.ts';
import { ENTRY_REASONS, type EntryReason, type ExitReason } from './reason-codes.ts';
import type { FlowStrategyConfig } from './strategy-config.ts';
import { emptyStrategyState, type MintState, type Position, type StrategyState } from './strategy-state.ts';
import type { TradeIntent } from './trade-intent.ts';

/**
 * The strategy kernel: a pure function of the event stream. Every decision reads only the events seen so far
 * (their block times, never the wall clock, no randomness), so live, replay and backtest emit the same intents,
 * byte for byte, from the same events.
 */
export interface Strategy {
  readonly id: string;
  onEvent(event: StoredLaunchEvent): TradeIntent[];
  /** The state to persist for a restart (the kernel keeps using it: do not mutate). */
  state(): StrategyState;
}

const MINUTE_MS = 60_000n;
const KEPT_MINUTES = 6;
const EVICTION_EVERY_MS = 10n * MINUTE_MS;
/** Quotes for expected fills without fees: the most a buy can get, so a full exit never sells too little. */
const NO_FEES = { protocolFeeBps: 0n, creatorFeeBps: 0n, lpFeeBps: 0n } as const;
const CURVE_REQUIRED: readonly EntryReason[] = ['NET_INFLOW_ACCEL', 'BUYER_GROWTH', 'PRICE_SLOPE_UP'];
const AMM_REQUIRED: readonly EntryReason[] = ['POST_MIGRATION_REGIME', 'PRICE_SLOPE_UP'];

const minuteOf = (tMs: bigint): bigint => tMs - (((tMs % MINUTE_MS) + MINUTE_MS) % MINUTE_MS);

const bucketFacts = (b: FeatureBucket): BucketFacts => ({
  minuteStartMs: BigInt(b.minuteStartMs),
  netInflow: BigInt(b.netInflow),
  uniqueBuyers: b.uniqueBuyers,
  uniqueSigners: b.uniqueSigners,
  top5WhaleShare: b.top5WhaleShare,
});

export function createFlowStrategy(config: FlowStrategyConfig, initial?: StrategyState): Strategy {
  const state = initial ?? emptyStrategyState();
  const { mints, positions } = state;

  const mintState = (mint: string, tMs: bigint): MintState => {
    let ms = mints.get(mint);
    if (ms === undefined) {
      ms = {
        mint,
        venue: 'pumpfun',
        migratedAtMs: null,
        curve: null,
        pool: null,
        buckets: [],
        closes: [],
        blocked: false,
        entries: 0,
        lastExitMs: null,
        lastEventMs: tMs,
      };
      mints.set(mint, ms);
    }
    return ms;
  };

  const intent = (
    e: StoredLaunchEvent,
    ms: MintState,
    side: 'SIDE_BUY' | 'SIDE_SELL',
    size: bigint,
    reasons: readonly string[],
  ): TradeIntent => ({
    intentId: `${config.id}:${e.cursor}:${side === 'SIDE_BUY' ? 'buy' : 'sell'}:${ms.mint}`,
    strategyId: config.id,
    mint: ms.mint,
    venue: ms.venue,
    side,
    size: size.toString(),
    maxSlippageBps: ms.venue === 'pumpfun' ? config.curveMaxSlippageBps : config.ammMaxSlippageBps,
    ttlMs: config.ttlMs,
    reasonCodes: [...reasons],
    basedOnCursor: e.cursor.toString(),
    tDecisionMs: e.tEventMs.toString(),
  });

  const exit = (
    e: StoredLaunchEvent,
    ms: MintState,
    position: Position,
    reasons: ExitReason[],
  ): TradeIntent[] => {
    if (ms.venue === 'pumpfun' && ms.curve?.complete === true) {
      // A complete curve cannot be traded and the pool does not exist yet: exit on the migration.
      position.pendingExit ??= reasons;
      return [];
    }
    positions.delete(ms.mint);
    ms.lastExitMs = e.tEventMs;
    return [intent(e, ms, 'SIDE_SELL', position.tokens, reasons)];
  };

  const priceExit = (e: StoredLaunchEvent, ms: MintState, price: bigint): TradeIntent[] => {
    const position = positions.get(ms.mint);
    if (position === undefined || position.pendingExit !== null) return [];
    if (price * 10_000n >= position.entryPrice * (10_000n + BigInt(config.takeProfitBps))) {
      return exit(e, ms, position, ['EXIT_TAKE_PROFIT']);
    }
    if (price * 10_000n <= position.entryPrice * (10_000n - BigInt(config.stopLossBps))) {
      return exit(e, ms, position, ['EXIT_STOP_LOSS']);
    }
    return [];
  };

  const entry = (e: StoredLaunchEvent, ms: MintState, bucket: BucketFacts): TradeIntent[] => {
    if (positions.has(ms.mint) || ms.blocked || positions.size >= config.maxOpenPositions) return [];
    if (ms.entries >= config.maxEntriesPerMint) return [];
    if (ms.lastExitMs !== null && e.tEventMs - ms.lastExitMs < BigInt(config.reentryCooldownMs)) return [];
    if (!whaleShareOk(config, bucket)) return [];
    const onCurve = ms.venue === 'pumpfun';
    if (
      onCurve &&
      (ms.curve === null || ms.curve.complete || ms.curve.realSol > config.maxCurveRealSolLamports)
    ) {
      return [];
    }
    if (!onCurve && ms.pool === null) return [];
    const { fired } = flowSignals(config, bucket, ms.buckets, ms.closes, onCurve ? null : ms.migratedAtMs);
    const required = onCurve ? CURVE_REQUIRED : AMM_REQUIRED;
    if (!required.every((r) => fired.has(r))) return [];
    const optional = [...fired].filter((r) => !required.includes(r)).length;
    const liquidity = onCurve ? (ms.curve?.virtualSol ?? 0n) : (ms.pool?.quote ?? 0n);
    const cap = (liquidity * BigInt(config.maxLiquidityShareBps)) / 10_000n;
    const wanted = config.baseBuyLamports + config.bonusBuyLamports * BigInt(optional);
    const size = wanted < cap ? wanted : cap;
    if (size < config.minBuyLamports) return [];
    const tokens =
      ms.curve !== null && onCurve
        ? quoteCurveBuy(ms.curve, size, NO_FEES).tokensOut
        : ms.pool !== null
          ? quoteAmmBuy(ms.pool, size, NO_FEES).tokensOut
          : 0n;
    const price = closeAt(ms.closes, e.tEventMs);
    if (tokens === 0n || price === null) return [];
    const reasons = ENTRY_REASONS.filter((r) => fired.has(r));
    positions.set(ms.mint, {
      mint: ms.mint,
      entryCursor: e.cursor,
      entryMs: e.tEventMs,
      entryPrice: price,
      spentLamports: size,
      tokens,
      reasons,
      pendingExit: null,
    });
    ms.entries += 1;
    return [intent(e, ms, 'SIDE_BUY', size, reasons)];
  };

  const onBucket = (e: StoredLaunchEvent, ms: MintState, b: FeatureBucket): TradeIntent[] => {
    if (b.venue !== ms.venue) return [];
    const facts = bucketFacts(b);
    ms.buckets = [...ms.buckets.filter((x) => x.minuteStartMs !== facts.minuteStartMs), facts]
      .sort((x, y) => (x.minuteStartMs < y.minuteStartMs ? -1 : x.minuteStartMs > y.minuteStartMs ? 1 : 0))
      .slice(-KEPT_MINUTES);
    // A revision folds a late trade into a minute already decided on: history only, no second decision.
    if (b.revision > 0 || bucketAt(ms.buckets, facts.minuteStartMs) !== facts) return [];
    const position = positions.get(ms.mint);
    if (position !== undefined) {
      return position.pendingExit === null && flowReversed(config, facts, ms.buckets)
        ? exit(e, ms, position, ['EXIT_FLOW_REVERSAL'])
        : [];
    }
    return entry(e, ms, facts);
  };

  const onEvent = (e: StoredLaunchEvent): TradeIntent[] => {
    state.lastCursor = e.cursor;
    const body = e.event;
    const ms = mintState(launchEventMint(body), e.tEventMs);
    if (e.tEventMs > ms.lastEventMs) ms.lastEventMs = e.tEventMs;
    const out: TradeIntent[] = [];
    switch (body.kind) {
      case 'tokenLaunched':
        break;
      case 'tradeObserved':
      case 'curveSnapshot':
      case 'ammSnapshot': {
        const obs = observeMarket(body);
        if (obs === null) break;
        if ('curve' in obs) {
          if (ms.venue !== 'pumpfun') break; // the curve after its migration says nothing about the price
          ms.curve = obs.curve;
        } else {
          if (ms.venue === 'pumpfun') migrate(ms, obs.venue, e.tEventMs);
          ms.pool = obs.pool;
        }
        const price = observedPrice(obs);
        if (price === null) break;
        const minute = minuteOf(e.tEventMs);
        ms.closes = [
          ...ms.closes.filter((c) => c.minuteStartMs < minute),
          { minuteStartMs: minute, price },
        ].slice(-KEPT_MINUTES);
        out.push(...priceExit(e, ms, price));
        break;
      }
      case 'tokenMigrated': {
        if (ms.venue === 'pumpfun') migrate(ms, body.tokenMigrated.venue, e.tEventMs);
        const position = positions.get(ms.mint);
        if (position?.pendingExit != null) out.push(...exit(e, ms, position, position.pendingExit));
        break;
      }
      case 'featureBucket':
        out.push(...onBucket(e, ms, body.featureBucket));
        break;
      case 'riskFlag': {
        const { severity } = body.riskFlag;
        if (config.blockSeverities.includes(severity)) ms.blocked = true;
        const position = positions.get(ms.mint);
        if (
          position !== undefined &&
          position.pendingExit === null &&
          config.exitSeverities.includes(severity)
        ) {
          out.push(...exit(e, ms, position, ['EXIT_RISK_FLAG']));
        }
        break;
      }
    }
    for (const position of [...positions.values()]) {
      if (position.pendingExit !== null || e.tEventMs - position.entryMs < BigInt(config.maxHoldMs)) continue;
      const held = mints.get(position.mint);
      if (held !== undefined) out.push(...exit(e, held, position, ['EXIT_MAX_HOLD']));
    }
    if (e.tEventMs - state.lastEvictionMs >= EVICTION_EVERY_MS) evict(e.tEventMs);
    return out;
  };

  const migrate = (ms: MintState, venue: 'pumpswap' | 'raydium', tMs: bigint): void => {
    ms.venue = venue;
    ms.migratedAtMs = tMs;
    ms.buckets = [];
  };

  const evict = (tMs: bigint): void => {
    state.lastEvictionMs = tMs;
    for (const [mint, ms] of mints) {
      if (!positions.has(mint) && tMs - ms.lastEventMs > BigInt(config.evictAfterMs)) mints.delete(mint);
    }
  };

  return { id: config.id, onEvent, state: () => state };
}
