/**
 * The live swap queue's round: the most urgent queued order (priority, then FIFO — the order of copy_orders) is
 * claimed (`queued → sending`, attempts + 1: a claim another worker made first is skipped) and executed by the
 * `LiveExecutor`, no sooner than `swaps.spacingMs` after the previous send. Its result is applied with the
 * position's state machine: an entry fill opens the position (live fill + its paper shadow), an exit fill is
 * EXIT_FILLED; a rejection or too many rate-limited attempts abandons an exit (back to `open`, decided again)
 * or fails an entry (nothing opened); an executor error (no key, bad key) fails the position (`error`). A swap
 * the executor reports as sent but unconfirmed stays `sending` with its signature, and the next attempt looks
 * that signature up rather than sending again.
 */
import { SOL_MINT } from '../../domain/mints.ts';
import {
  listOpenOrders,
  transitionOrder,
  type CopyOrder,
} from '../../store/copytrade/copy-orders.repository.ts';
import {
  getPosition,
  insertPosition,
  savePosition,
} from '../../store/copytrade/copy-positions.repository.ts';
import { paperFillConfigOf } from '../config/copytrade-config.ts';
import { openCopyPosition } from '../positions/copy-position.ts';
import type { EntryOrder } from '../positions/decide-signal.ts';
import type { Fill } from '../positions/fill.ts';
import { paperFill } from '../positions/paper-fill.ts';
import { applyPositionEvent, type PositionEvent } from '../positions/position-events.ts';
import type { ExitDecision } from '../strategy/exit-decision.ts';
import { refreshBreakers, refreshPerformance } from './book-keeping.ts';
import { loadEngineConfig } from './engine-config.ts';
import type { EngineDeps } from './engine-deps.ts';
import { notifyCopytrade } from './engine-notify.ts';
import { lastExitFillRow } from './position-exits.ts';
import type { LiveSwapResult } from './live-executor.ts';

export interface LiveQueueState {
  lastSentAtMs: number | null;
}

export interface LiveRoundResult {
  readonly orderId: string | null;
  readonly result: LiveSwapResult['kind'] | 'error' | null;
}

type EntryPayload = EntryOrder & { readonly signalSignature: string; readonly paperFill: Fill };
type ExitPayload = ExitDecision & { readonly signalSignature: string | null };

export async function executeLiveOrders(deps: EngineDeps, state: LiveQueueState): Promise<LiveRoundResult> {
  const live = deps.live;
  if (live === null) return { orderId: null, result: null };
  const db = deps.database.db;
  const now = deps.clock();
  const nowMs = now.getTime();
  const cfg = await loadEngineConfig(db);
  if (state.lastSentAtMs !== null && nowMs < state.lastSentAtMs + cfg.system.swaps.spacingMs) {
    return { orderId: null, result: null };
  }
  const order = (await listOpenOrders(db, 50)).find((o) => o.notBefore.getTime() <= nowMs);
  if (order === undefined) return { orderId: null, result: null };
  const claimed = await transitionOrder(
    db,
    order.id,
    [order.status],
    { status: 'sending', attempts: order.attempts + 1 },
    now,
  );
  if (!claimed) return { orderId: order.id, result: null };
  state.lastSentAtMs = nowMs;
  const sol = (await deps.prices.read([SOL_MINT], nowMs)).prices.get(SOL_MINT);
  const entry = order.kind === 'ENTRY' ? (order.decision as EntryPayload) : null;
  const exit = order.kind === 'ENTRY' ? null : (order.decision as ExitPayload);
  const stored = exit === null ? null : await getPosition(db, order.positionId);
  let result: LiveSwapResult;
  try {
    if (sol === undefined) throw new Error('no SOL price: the swap fee cannot be valued');
    result = await live.execute({
      orderId: order.id,
      side: entry === null ? 'sell' : 'buy',
      mint: order.mint,
      decimals: entry?.decimals ?? stored?.position.decimals ?? 0,
      qtyRaw: order.qtyRaw,
      quotePriceUsd: entry?.quotePriceUsd ?? exit!.priceUsd,
      solPriceUsd: sol.priceUsd,
      maxSlippageBps: cfg.system.paperFill.maxSlippageBps,
      previousSignature: order.txSignature,
      atMs: nowMs,
      recordSignature: async (signature) => {
        await transitionOrder(
          db,
          order.id,
          ['sending'],
          { status: 'sending', txSignature: signature },
          deps.clock(),
        );
      },
    });
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    await failOrder(deps, order, reason, 'FAILED');
    return { orderId: order.id, result: 'error' };
  }
  switch (result.kind) {
    case 'pending':
      await transitionOrder(
        db,
        order.id,
        ['sending'],
        // Looked up again on a later round, never sent again.
        { status: 'sending', txSignature: result.signature, notBefore: new Date(nowMs + 2_000) },
        now,
      );
      break;
    case 'retry': {
      const exhausted = order.attempts + 1 >= cfg.system.swaps.maxAttempts;
      if (exhausted)
        await failOrder(
          deps,
          order,
          `gave up after ${order.attempts + 1} attempts: ${result.reason}`,
          'ABANDON',
        );
      else
        await transitionOrder(
          db,
          order.id,
          ['sending'],
          { status: 'queued', lastError: result.reason, notBefore: new Date(nowMs + result.retryAfterMs) },
          now,
        );
      break;
    }
    case 'rejected':
      await failOrder(deps, order, result.reason, 'ABANDON');
      break;
    case 'filled': {
      const closed = await applyFill(deps, order, entry, exit, result.fill, result.signature, sol.priceUsd);
      if (closed) {
        await refreshBreakers(deps, cfg, deps.clock());
        await refreshPerformance(deps, deps.clock(), new Set([order.wallet]));
      }
      break;
    }
  }
  return { orderId: order.id, result: result.kind };
}

/** Ends an order that did not fill: an exit is abandoned (ABANDON) or its position failed (FAILED). */
async function failOrder(
  deps: EngineDeps,
  order: CopyOrder,
  reason: string,
  onExit: 'ABANDON' | 'FAILED',
): Promise<void> {
  const now = deps.clock();
  await deps.database.transaction(async (tx) => {
    const moved = await transitionOrder(
      tx,
      order.id,
      ['sending'],
      { status: 'failed', lastError: reason },
      now,
    );
    if (!moved || order.kind === 'ENTRY') return;
    const stored = await getPosition(tx, order.positionId);
    if (stored === null || stored.position.status !== 'exiting') return;
    const event: PositionEvent =
      onExit === 'ABANDON'
        ? { type: 'EXIT_ABANDONED', reason, atMs: now.getTime() }
        : { type: 'FAILED', reason, atMs: now.getTime() };
    const next = applyPositionEvent(stored.position, event);
    await savePosition(tx, stored.version, next, [event]);
    await notifyCopytrade(tx, { type: 'position', positionId: next.id, status: next.status, reason });
  });
  deps.logger.warn({ orderId: order.id, reason }, 'copy trading: live swap not filled');
}

async function applyFill(
  deps: EngineDeps,
  order: CopyOrder,
  entry: EntryPayload | null,
  exit: ExitPayload | null,
  fill: Fill,
  signature: string,
  solPriceUsd: string,
): Promise<boolean> {
  const now = deps.clock();
  const cfg = await loadEngineConfig(deps.database.db);
  return deps.database.transaction(async (tx) => {
    const moved = await transitionOrder(
      tx,
      order.id,
      ['sending'],
      { status: 'filled', txSignature: signature },
      now,
    );
    if (!moved) return false;
    if (entry !== null) {
      const p = openCopyPosition({
        id: entry.positionId,
        signalId: entry.signalId,
        wallet: entry.wallet,
        mint: entry.mint,
        decimals: entry.decimals,
        mode: 'live',
        entry: fill,
        walletStrategy: entry.walletStrategy,
        strategyOverrides: entry.strategyOverrides,
      });
      await insertPosition(tx, p, entry.signalSignature, [
        {
          seq: 0,
          source: 'live',
          signalSignature: entry.signalSignature,
          reason: 'ENTRY',
          fill,
          realizedPnlUsd: null,
        },
        {
          seq: 0,
          source: 'paper',
          signalSignature: entry.signalSignature,
          reason: 'ENTRY',
          fill: entry.paperFill,
          realizedPnlUsd: null,
        },
      ]);
      await notifyCopytrade(tx, { type: 'position', positionId: p.id, status: p.status });
      return false;
    }
    const stored = await getPosition(tx, order.positionId);
    if (stored === null || stored.position.status !== 'exiting') return false;
    const event: PositionEvent = { type: 'EXIT_FILLED', fill, atMs: now.getTime() };
    const next = applyPositionEvent(stored.position, event);
    const live = lastExitFillRow(next, 'live', exit?.signalSignature ?? null);
    // The paper shadow of the same sell, for paper-vs-live slippage per signal.
    const shadow = paperFill(
      { ...paperFillConfigOf(cfg.system), sizeImpact: null },
      {
        side: 'sell',
        qtyRaw: fill.qtyRaw,
        decimals: next.decimals,
        quotePriceUsd: fill.quotePriceUsd,
        solPriceUsd,
        liquidityUsd: null,
        atMs: fill.atMs,
      },
    );
    const fills = shadow.ok
      ? [live, { ...live, source: 'paper' as const, fill: shadow.fill, realizedPnlUsd: null }]
      : [live];
    await savePosition(tx, stored.version, next, [event], fills, { priceUsd: fill.priceUsd, at: now });
    await notifyCopytrade(tx, {
      type: 'position',
      positionId: next.id,
      status: next.status,
      reason: order.kind,
    });
    return next.status === 'closed';
  });
}
