/**
 * Incremental ledger of one wallet: apply actions in ledger order, take snapshots, resume from one.
 * `buildLedger` (build-ledger.ts) is the one-shot form.
 */
import type { Action } from '../../decoder/action.ts';
import { compareTx, groupTransactions } from './action-order.ts';
import { consumeLots, openLot } from './mint-book.ts';
import type { EventRef, LedgerFlag, LedgerResult } from './ledger-records.ts';
import { SNAPSHOT_EVERY_EVENTS, type LedgerOptions } from './ledger-options.ts';
import { ledgerResult } from './ledger-result.ts';
import {
  type EpisodeState,
  type LedgerSnapshot,
  type LedgerState,
  type LotState,
  cloneLedgerState,
  emptyLedgerState,
} from './ledger-state.ts';
import { transactionLegs, marketValue, type Leg } from './transaction-legs.ts';

function refOf(a: Action): EventRef {
  return { slot: a.slot, signature: a.signature, index: a.index, blockTime: a.blockTime };
}

export class LedgerBuilder {
  readonly #state: LedgerState;
  readonly #options: LedgerOptions;
  readonly #snapshots: LedgerSnapshot[] = [];

  private constructor(state: LedgerState, options: LedgerOptions) {
    this.#state = state;
    this.#options = options;
  }

  static create(wallet: string, options: LedgerOptions): LedgerBuilder {
    return new LedgerBuilder(emptyLedgerState(wallet), options);
  }

  /** Continue from a snapshot; the snapshot itself is not modified. */
  static fromSnapshot(snapshot: LedgerSnapshot, options: LedgerOptions): LedgerBuilder {
    return new LedgerBuilder(cloneLedgerState(snapshot), options);
  }

  get wallet(): string {
    return this.#state.wallet;
  }

  /**
   * Apply actions of this wallet. Actions at or before the cursor (already applied) are skipped, which makes
   * replaying a batch a no-op; the rest are applied in `(slot, signature, index)` order. A batch must hold
   * whole transactions: the actions of a transaction are interpreted together (fees attach to its trade).
   */
  apply(actions: readonly Action[]): this {
    const state = this.#state;
    const mine = actions.filter((a) => a.owner === null || a.owner === state.wallet);
    for (const tx of groupTransactions(mine)) {
      const first = tx[0];
      if (first === undefined) continue;
      if (state.cursor !== null && compareTx(first, state.cursor) <= 0) continue;
      this.#applyTransaction(tx);
      state.cursor = { slot: first.slot, signature: first.signature };
      state.eventsApplied += tx.length;
      state.eventsSinceSnapshot += tx.length;
      const every = this.#options.snapshotEvery ?? SNAPSHOT_EVERY_EVENTS;
      if (every > 0 && state.eventsSinceSnapshot >= every) {
        state.eventsSinceSnapshot = 0;
        this.#snapshots.push(cloneLedgerState(state));
      }
    }
    return this;
  }

  /** `linked_out` flags the last applied transaction `signature` wrote (they are appended in order). */
  linkedOutOf(signature: string): LedgerFlag[] {
    const out: LedgerFlag[] = [];
    const flags = this.#state.flags;
    for (let i = flags.length - 1; i >= 0; i--) {
      const f = flags[i];
      if (f === undefined || f.at.signature !== signature) break;
      if (f.code === 'linked_out') out.push(f);
    }
    return out.reverse();
  }

  /** A deep copy of the state now (at a transaction boundary). */
  snapshot(): LedgerSnapshot {
    return cloneLedgerState(this.#state);
  }

  /**
   * The part of the state a later run resumes from (an analysis checkpoint): every mint's book (FIFO queue,
   * counters, current episode), the lots still open and the episodes still open or named by an open lot — but
   * no realized trades, closed lots or flags: those are settled records. A builder resumed from it produces the
   * records of what follows with the same ids and values a full run gives them.
   */
  compactSnapshot(): LedgerSnapshot {
    const state = this.#state;
    const open = new Set<string>();
    const episodeIds = new Set<string>();
    for (const book of state.mints.values()) {
      if (book.currentEpisodeId !== null) episodeIds.add(book.currentEpisodeId);
      for (const id of book.openLotIds) open.add(id);
    }
    // Opening order is kept: the records come out in the order a full run lists them.
    const lots = new Map<string, LotState>();
    for (const [id, lot] of state.lots) {
      if (!open.has(id)) continue;
      lots.set(id, lot);
      if (lot.episodeId !== null) episodeIds.add(lot.episodeId);
    }
    const episodes = new Map<string, EpisodeState>();
    for (const [id, e] of state.episodes) if (episodeIds.has(id)) episodes.set(id, e);
    return cloneLedgerState({ ...state, lots, episodes, trades: [], flags: [] });
  }

  /** Episodes held in the state now (all of them, or the carried and new ones of a resumed builder). */
  get episodeCount(): number {
    return this.#state.episodes.size;
  }

  /** Flags written by this builder so far. */
  get flagCount(): number {
    return this.#state.flags.length;
  }

  /** Snapshots taken every `SNAPSHOT_EVERY_EVENTS` applied actions by this builder. */
  periodicSnapshots(): readonly LedgerSnapshot[] {
    return this.#snapshots;
  }

  result(): LedgerResult {
    return ledgerResult(this.#state);
  }

  #dust(mint: string, decimals: number | null): bigint {
    const dust = this.#options.dustRaw;
    if (dust === undefined) return 0n;
    return typeof dust === 'bigint' ? dust : dust(mint, decimals);
  }

  #applyTransaction(tx: readonly Action[]): void {
    const state = this.#state;
    const { legs, flags } = transactionLegs(this.#options, tx);
    state.flags.push(...flags);
    for (const leg of legs) this.#applyLeg(leg);
  }

  #applyLeg(leg: Leg): void {
    const state = this.#state;
    const at = refOf(leg.action);
    const decimals = leg.decimals ?? state.mints.get(leg.mint)?.decimals ?? null;
    const dustRaw = this.#dust(leg.mint, decimals);
    const base = { mint: leg.mint, decimals, qtyRaw: leg.qtyRaw, at, dustRaw };
    switch (leg.type) {
      case 'buy':
      case 'in': {
        const unknown = leg.value === null;
        if (unknown) {
          state.flags.push({
            code: leg.type === 'buy' ? 'swap_unpriced' : 'basis_unknown',
            mint: leg.mint,
            at,
            qtyRaw: leg.qtyRaw,
            costUsd: null,
            counterparty: leg.action.counterparty,
          });
        }
        openLot(state, {
          ...base,
          cost: leg.value?.usd ?? null,
          basisSource: unknown ? 'unknown' : leg.basisSource,
          priceSource: leg.value?.source ?? null,
        });
        return;
      }
      case 'sell':
        if (leg.value === null) {
          state.flags.push({
            code: 'swap_unpriced',
            mint: leg.mint,
            at,
            qtyRaw: leg.qtyRaw,
            costUsd: null,
            counterparty: null,
          });
        }
        consumeLots(state, {
          ...base,
          disposal: {
            type: 'realize',
            proceeds: leg.value?.usd ?? null,
            exitKind: 'swap',
            priceSource: leg.value?.source ?? null,
          },
        });
        return;
      case 'out': {
        const counterparty = leg.action.counterparty;
        if (leg.target === 'exchange') {
          const value = marketValue(this.#options, leg.mint, leg.qtyRaw, decimals, at.blockTime);
          if (value !== null) {
            consumeLots(state, {
              ...base,
              disposal: {
                type: 'realize',
                proceeds: value.usd,
                exitKind: 'exchange_deposit',
                priceSource: value.source,
              },
            });
            return;
          }
        }
        const flag =
          leg.target === 'linked'
            ? 'linked_out'
            : leg.target === 'exchange'
              ? 'exchange_deposit_unpriced'
              : leg.target === 'other'
                ? 'transfer_out_unpriced'
                : 'removed_without_pnl';
        consumeLots(state, { ...base, disposal: { type: 'remove', flag, counterparty } });
        return;
      }
    }
  }
}
