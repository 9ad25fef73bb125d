/**
 * What to do with one signal (a swap of a watched wallet), as a value. Pure: the safety result, the breaker
 * state, the wallet config, the open positions, prices and the id of a new position all come in the context.
 *
 * A BUY is checked in this order, the first failing check deciding:
 * 1. the wallet is not active → `ignored_inactive`;
 * 2. duplicate → `duplicate`. The rule: one position per (source wallet, mint) while it still holds tokens (open,
 *    exiting, or error with tokens left), and one position per signal (a re-delivered signal opens nothing).
 *    A wallet buying more of a token we already copy is averaging in, which we do not mirror; another wallet
 *    buying the same mint opens its own position (performance and breakers are per source wallet);
 * 3. an active global breaker or one of this wallet's → `filtered_breaker` (with the active readings);
 * 4. not tradable per the safety result, or no result (fail closed) → `filtered_safety` (the failed checks);
 * 5. entry below the minimum → `filtered_size`;
 * 6. simulation: the paper fill at the quote → `position_opened` (or `filtered_fill` when it would not fill);
 *    live: `entry_queued` with the swap for the queue and the paper fill as the shadow for paper-vs-live
 *    slippage; the position opens when the swap's fill arrives (`openCopyPosition`).
 *
 * A SELL of a mint the wallet's copy holds → `mirror_exit`, one decision per position, from the strategy
 * module's `evaluateExits` given the source sell (mirror-exit is its most urgent rule). Breakers are never read
 * for a sell and an inactive wallet's copies still follow it: pausing a wallet stops new copies, not exits.
 * A position with a sell in flight is listed in `deferred` (one sell in flight per position).
 */
import type { SafetyCheck, SafetyResult } from '../safety/safety-score.ts';
import { blockingBreakers, type BreakerReading, type BreakerState } from '../strategy/circuit-breakers.ts';
import { evaluateExits } from '../strategy/evaluate-exits.ts';
import type { MirrorExitDecision } from '../strategy/exit-decision.ts';
import type { ExitStrategy } from '../strategy/exit-strategy.ts';
import type { ExitStrategyOverrides } from '../strategy/merge-strategy.ts';
import type { SourceSell } from '../strategy/mirror-exit.ts';
import { holdsTokens, openCopyPosition, type CopyPosition, type TradingMode } from './copy-position.ts';
import { sizeEntry, type EntrySize, type SizingSettings } from './entry-sizing.ts';
import type { Fill } from './fill.ts';
import { paperFill, type PaperFillConfig } from './paper-fill.ts';
import { PositionError } from './position-error.ts';
import type { SwapRequest } from './swap-queue.ts';

export interface CopySignal {
  /** Unique per source swap (its signature, plus the leg when a transaction has several). */
  readonly id: string;
  /** Source wallet. */
  readonly wallet: string;
  readonly mint: string;
  readonly side: 'buy' | 'sell';
  readonly atMs: number;
  /** Quote at the signal, USD per whole token. */
  readonly priceUsd: string;
  readonly decimals: number;
  /** For a sell: what the source sold and held before; null for a buy. */
  readonly sourceSell: SourceSell | null;
}

export interface WalletCopyConfig {
  readonly address: string;
  readonly active: boolean;
  readonly mode: TradingMode;
  /** The wallet's share of capital per entry (0 < x ≤ 1), null for the system default. */
  readonly allocation: string | null;
  /** The wallet's exit strategy: its template with the wallet's overrides merged. */
  readonly strategy: ExitStrategy;
}

export interface SignalContext {
  readonly wallet: WalletCopyConfig;
  /** Safety of the signal's mint (safety module); null when none could be had: fail closed. */
  readonly safety: SafetyResult | null;
  readonly breakers: BreakerState;
  /** Every position not closed (others may be given; closed ones are ignored). */
  readonly positions: readonly CopyPosition[];
  readonly sizing: SizingSettings;
  readonly paperFill: PaperFillConfig;
  readonly solPriceUsd: string;
  /** Pool liquidity of the mint, USD, for the paper fill's size impact. */
  readonly liquidityUsd: string | null;
  /** Id for the position an entry would open (ids are made outside: no randomness here). */
  readonly newPositionId: string;
  /** Overrides for the new position, merged over the wallet's strategy. */
  readonly strategyOverrides?: ExitStrategyOverrides;
}

/** What the live executor needs to send an entry and to open its position from the fill. */
export interface EntryOrder {
  readonly positionId: string;
  readonly signalId: string;
  readonly wallet: string;
  readonly mint: string;
  readonly decimals: number;
  readonly qtyRaw: bigint;
  readonly quotePriceUsd: string;
  readonly walletStrategy: ExitStrategy;
  readonly strategyOverrides: ExitStrategyOverrides;
}

export type OkEntrySize = Extract<EntrySize, { ok: true }>;

export type SignalDecision =
  | { readonly kind: 'position_opened'; readonly position: CopyPosition; readonly size: OkEntrySize }
  | {
      readonly kind: 'entry_queued';
      readonly swap: SwapRequest<EntryOrder>;
      readonly size: OkEntrySize;
      readonly paperFill: Fill;
    }
  | {
      readonly kind: 'filtered_safety';
      readonly failedChecks: readonly SafetyCheck[];
      readonly score: string | null;
      readonly warnings: readonly string[];
    }
  | { readonly kind: 'filtered_breaker'; readonly breakers: readonly BreakerReading[] }
  | { readonly kind: 'filtered_size'; readonly size: Extract<EntrySize, { ok: false }> }
  | {
      readonly kind: 'filtered_fill';
      readonly reason: 'SLIPPAGE_EXCEEDED' | 'LIQUIDITY_UNKNOWN';
      readonly slippageBps: string | null;
    }
  | { readonly kind: 'duplicate'; readonly positionId: string }
  | { readonly kind: 'ignored_inactive' }
  | {
      readonly kind: 'mirror_exit';
      readonly exits: readonly { readonly positionId: string; readonly decision: MirrorExitDecision }[];
      readonly deferred: readonly string[];
    }
  /** A sell of a mint the wallet's copy does not hold, or one too small / mirror off: nothing to do. */
  | { readonly kind: 'ignored_no_exit'; readonly reason: 'NOT_HELD' | 'NO_MIRROR_EXIT' };

function decideSell(signal: CopySignal, ctx: SignalContext): SignalDecision {
  const held = ctx.positions.filter(
    (p) =>
      p.wallet === signal.wallet && p.mint === signal.mint && (p.status === 'open' || p.status === 'exiting'),
  );
  if (held.length === 0) return { kind: 'ignored_no_exit', reason: 'NOT_HELD' };
  const exits: { positionId: string; decision: MirrorExitDecision }[] = [];
  const deferred: string[] = [];
  for (const p of held) {
    if (p.status === 'exiting') {
      deferred.push(p.id);
      continue;
    }
    const d = evaluateExits(p.exitState, signal.priceUsd, signal.atMs, signal.sourceSell);
    // Other rules are the price monitor's, on its own prices: the source's fill price is not a market mark.
    if (d?.reason === 'MIRROR_EXIT') exits.push({ positionId: p.id, decision: d });
  }
  if (exits.length === 0 && deferred.length === 0)
    return { kind: 'ignored_no_exit', reason: 'NO_MIRROR_EXIT' };
  return { kind: 'mirror_exit', exits, deferred };
}

function decideBuy(signal: CopySignal, ctx: SignalContext): SignalDecision {
  const { wallet } = ctx;
  if (!wallet.active) return { kind: 'ignored_inactive' };
  const dup = ctx.positions.find(
    (p) =>
      p.signalId === signal.id || (p.wallet === signal.wallet && p.mint === signal.mint && holdsTokens(p)),
  );
  if (dup) return { kind: 'duplicate', positionId: dup.id };
  const breakers = blockingBreakers(ctx.breakers, signal.wallet);
  if (breakers.length > 0) return { kind: 'filtered_breaker', breakers };
  const safety = ctx.safety;
  if (safety === null || !safety.tradable) {
    return {
      kind: 'filtered_safety',
      failedChecks: safety ? safety.checks.filter((c) => !c.passed) : [],
      score: safety ? safety.score : null,
      warnings: safety ? safety.warnings : ['no safety result for this mint: fail closed'],
    };
  }
  const size = sizeEntry(ctx.sizing, {
    walletAllocation: wallet.allocation,
    quotePriceUsd: signal.priceUsd,
    decimals: signal.decimals,
  });
  if (!size.ok) return { kind: 'filtered_size', size };
  const paper = paperFill(ctx.paperFill, {
    side: 'buy',
    qtyRaw: size.qtyRaw,
    decimals: signal.decimals,
    quotePriceUsd: signal.priceUsd,
    solPriceUsd: ctx.solPriceUsd,
    liquidityUsd: ctx.liquidityUsd,
    atMs: signal.atMs,
  });
  if (!paper.ok) return { kind: 'filtered_fill', reason: paper.reason, slippageBps: paper.slippageBps };
  const overrides = ctx.strategyOverrides ?? {};
  const opening = {
    id: ctx.newPositionId,
    signalId: signal.id,
    wallet: signal.wallet,
    mint: signal.mint,
    decimals: signal.decimals,
    mode: wallet.mode,
    entry: paper.fill,
    walletStrategy: wallet.strategy,
    strategyOverrides: overrides,
  };
  if (wallet.mode === 'simulation') {
    return { kind: 'position_opened', position: openCopyPosition(opening), size };
  }
  // Opening the position on the paper fill validates the merged strategy now, before anything is sent.
  openCopyPosition(opening);
  return {
    kind: 'entry_queued',
    size,
    paperFill: paper.fill,
    swap: {
      id: `entry:${ctx.newPositionId}`,
      kind: 'ENTRY',
      payload: {
        positionId: ctx.newPositionId,
        signalId: signal.id,
        wallet: signal.wallet,
        mint: signal.mint,
        decimals: signal.decimals,
        qtyRaw: size.qtyRaw,
        quotePriceUsd: paper.fill.quotePriceUsd,
        walletStrategy: wallet.strategy,
        strategyOverrides: overrides,
      },
    },
  };
}

export function decideSignal(signal: CopySignal, ctx: SignalContext): SignalDecision {
  if (ctx.wallet.address !== signal.wallet) {
    throw new PositionError('SIGNAL_CONTEXT_INVALID', 'the wallet config is not the signal wallet’s', {
      signalWallet: signal.wallet,
      configWallet: ctx.wallet.address,
    });
  }
  if (ctx.safety !== null && ctx.safety.mint !== signal.mint) {
    throw new PositionError('SIGNAL_CONTEXT_INVALID', 'the safety result is for another mint', {
      signalMint: signal.mint,
      safetyMint: ctx.safety.mint,
    });
  }
  return signal.side === 'sell' ? decideSell(signal, ctx) : decideBuy(signal, ctx);
}
