/**
 * The effect of a signal's decision, written in one transaction with its outcome: a paper position and its
 * entry fill, a live entry order, the exits a source's sell starts (mirror exit), or the outcome alone.
 */
import { sql } from 'drizzle-orm';
import { queryRows } from '../../store/query-rows.ts';
import { insertOrder } from '../../store/copytrade/copy-orders.repository.ts';
import { insertPosition, type StoredPosition } from '../../store/copytrade/copy-positions.repository.ts';
import type { PendingSignal } from '../../store/copytrade/copy-signals.repository.ts';
import type { CopyWallet } from '../../store/copytrade/copy-wallets.repository.ts';
import type { Db } from '../../store/database.ts';
import type { PriceQuote } from '../monitor/price-feed.ts';
import { holdsTokens } from '../positions/copy-position.ts';
import type { SignalDecision } from '../positions/decide-signal.ts';
import { swapPriority } from '../positions/swap-queue.ts';
import type { SafetyResult } from '../safety/safety-score.ts';
import type { BreakerState } from '../strategy/circuit-breakers.ts';
import { describeDecision, type RecordedOutcome } from './describe-decision.ts';
import type { EngineConfig } from './engine-config.ts';
import type { EngineDeps } from './engine-deps.ts';
import { notifyCopytrade } from './engine-notify.ts';
import { startExit } from './position-exits.ts';

/** What a batch of signals reads once. */
export interface Batch {
  readonly cfg: EngineConfig;
  readonly breakers: BreakerState;
  readonly wallets: ReadonlyMap<string, CopyWallet>;
  /** Positions not closed (by id): kept current as the batch opens and exits. */
  readonly positions: Map<string, StoredPosition>;
  readonly prices: ReadonlyMap<string, PriceQuote>;
  readonly safety: Map<string, SafetyResult>;
  readonly prepMs: number;
}

/** Records the outcome (once); `write` runs first in the same transaction and may replace the outcome. */
export type Recorder = (
  r: RecordedOutcome,
  write?: (tx: Db) => Promise<RecordedOutcome | undefined>,
) => Promise<string>;

/**
 * Under a transaction-scoped advisory lock on (wallet, mint): the position of this wallet that still holds the
 * mint, if any. Two workers deciding two buys of the same wallet and mint at once cannot both open.
 */
async function holdingUnderLock(tx: Db, wallet: string, mint: string): Promise<string | null> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`copytrade:${wallet}:${mint}`}))`);
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`SELECT id FROM copy_positions
         WHERE wallet = ${wallet} AND mint = ${mint} AND status <> 'closed' AND remaining_qty_raw > 0 LIMIT 1`,
  );
  if (rows[0] !== undefined) return rows[0].id;
  // A live entry still in flight holds the mint too (its position opens from the fill).
  const entries = await queryRows<{ position_id: string }>(
    tx,
    sql`SELECT position_id FROM copy_orders
         WHERE wallet = ${wallet} AND mint = ${mint} AND kind = 'ENTRY' AND status IN ('queued', 'sending') LIMIT 1`,
  );
  return entries[0]?.position_id ?? null;
}

export async function apply(
  deps: EngineDeps,
  batch: Batch,
  s: PendingSignal,
  decision: SignalDecision,
  record: Recorder,
  quote: PriceQuote,
  solPriceUsd: string,
): Promise<{ outcome: string; closed: boolean }> {
  const described = describeDecision(decision);
  switch (decision.kind) {
    case 'position_opened': {
      const p = decision.position;
      let inserted = false;
      const outcome = await record(described, async (tx) => {
        const holding = await holdingUnderLock(tx, p.wallet, p.mint);
        if (holding !== null && holding !== p.id) {
          return describeDecision({ kind: 'duplicate', positionId: holding });
        }
        inserted = await insertPosition(tx, p, s.signature, [
          {
            seq: 0,
            source: 'paper',
            signalSignature: s.signature,
            reason: 'ENTRY',
            fill: p.entry,
            realizedPnlUsd: null,
          },
        ]);
        if (inserted) await notifyCopytrade(tx, { type: 'position', positionId: p.id, status: p.status });
        return undefined;
      });
      if (inserted)
        batch.positions.set(p.id, {
          position: p,
          version: 1,
          lastPriceUsd: quote.priceUsd,
          lastPriceAt: null,
        });
      return { outcome, closed: false };
    }
    case 'entry_queued': {
      const o = decision.swap.payload;
      const outcome = await record(described, async (tx) => {
        const holding = await holdingUnderLock(tx, o.wallet, o.mint);
        if (holding !== null && holding !== o.positionId)
          return describeDecision({ kind: 'duplicate', positionId: holding });
        await insertOrder(tx, {
          id: decision.swap.id,
          positionId: o.positionId,
          wallet: o.wallet,
          mint: o.mint,
          kind: 'ENTRY',
          priority: swapPriority('ENTRY'),
          mode: 'live',
          status: 'queued',
          qtyRaw: o.qtyRaw,
          decision: { ...o, signalSignature: s.signature, paperFill: decision.paperFill },
          notBefore: deps.clock(),
          createdAt: deps.clock(),
        });
      });
      return { outcome, closed: false };
    }
    case 'mirror_exit': {
      let closed = false;
      const started: { positionId: string; kind: string }[] = [];
      for (const x of decision.exits) {
        const stored = batch.positions.get(x.positionId);
        if (stored === undefined) continue;
        const r = await startExit(deps, batch.cfg, stored, [], x.decision, {
          quote,
          solPriceUsd,
          signalSignature: s.signature,
          nowMs: deps.clock().getTime(),
        });
        batch.positions.set(x.positionId, { ...stored, position: r.position, version: r.version });
        if (!holdsTokens(r.position)) batch.positions.delete(x.positionId);
        started.push({ positionId: x.positionId, kind: r.kind });
        closed ||= r.closed;
      }
      const outcome = await record({ ...described, details: { ...(described.details as object), started } });
      return { outcome, closed };
    }
    default:
      return { outcome: await record(described), closed: false };
  }
}
