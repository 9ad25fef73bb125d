/**
 * Holdings of one wallet: per mint, the balance after every transaction that changed it, and the continuous
 * holding windows — maximal stretches where the balance stays above a dust bound — with the minimum balance held
 * throughout each (what sat idle the whole window). The windows are `HoldingWindow`s: they feed
 * `detectIdleYield` directly.
 *
 * Balance changes come from every action of the wallet (owner = wallet, or null like the ledger): `mintOut`
 * arrived, `mintIn` left — swaps, transfers, mints, burns, LP legs, stake/unstake, rent and fees alike. Native SOL
 * is the SOL mint (the decoder merges WSOL into it): swap legs are net of the network fee, which is its own `fee`
 * action, so the sum over all actions is the wallet's real lamport change. Program `event`s carry no amounts.
 *
 * Order is the ledger's `(slot, signature, index)`, actions deduplicated by `(signature, index)`; a transaction is
 * applied as one net change per mint, so the order of legs inside it (fee at index 9, rent first, ...) never makes
 * a window flicker.
 *
 * History before the first action is unknown: every balance starts at 0 there. A transaction that would take a
 * balance below 0 (tokens that arrived before the history we have) clamps it to 0 and is reported in
 * `negativeBalances`. Times are block times; a transaction without one takes the previous one's (the first
 * known one for leading transactions); a mint whose transactions have no time at all gets no windows.
 *
 * The walk is incremental (`HoldingsTracker`): one transaction at a time, with a plain-data `HoldingsState`
 * (balances, LIFO layers, last time) that can be saved and resumed, so a later run only applies the newer
 * transactions. `computeHoldings` is the tracker over every transaction, then `finish`.
 */
import type { Action } from '../../decoder/action.ts';
import { SOL_DECIMALS, SOL_MINT } from '../../domain/mints.ts';
import type { HoldingWindow } from '../detectors/idle-yield.detector.ts';
import { type TxCursor, compareTx, groupTransactions } from '../ledger/action-order.ts';
import type { EventRef } from '../ledger/ledger-records.ts';

export interface BalancePoint {
  /** The action of the transaction that moved the mint (the first that brought it in, else the first out). */
  readonly at: EventRef;
  /** Unix seconds the window maths uses (block time, carried over when the node gave none); null if none known. */
  readonly t: number | null;
  /** Net change of the transaction, base units. */
  readonly deltaRaw: bigint;
  /** Balance after the transaction, ≥ 0. */
  readonly balanceRaw: bigint;
  /** What was added back to keep the balance at 0 (history incomplete); 0 normally. */
  readonly clampedRaw: bigint;
}

export interface NegativeBalance {
  readonly mint: string;
  readonly at: EventRef;
  /** How far below 0 the balance would have gone, base units. */
  readonly shortfallRaw: bigint;
}

export interface MintHoldings {
  readonly mint: string;
  readonly decimals: number | null;
  readonly timeline: readonly BalancePoint[];
  readonly windows: readonly HoldingWindow[];
}

export interface Holdings {
  readonly wallet: string;
  /** Sorted by mint. */
  readonly mints: readonly MintHoldings[];
  /** Every window, sorted by start, then mint. */
  readonly windows: readonly HoldingWindow[];
  readonly negativeBalances: readonly NegativeBalance[];
  /** Mints that get no windows: no action gave their decimals, or none of their transactions had a time. */
  readonly unwindowedMints: readonly string[];
}

export interface HoldingsOptions {
  /** A window lasts while the balance is above this many base units. Default 0. */
  readonly dustRaw?: bigint | ((mint: string, decimals: number | null) => bigint);
}

interface Change {
  readonly at: EventRef;
  readonly deltaRaw: bigint;
}

/** One layer of a mint's balance: `qtyRaw` units that arrived at `start` (null: no time known at all). */
export interface HoldingLayerState {
  readonly start: number | null;
  readonly opened: EventRef;
  readonly qtyRaw: bigint;
}

/** A window that closed while the mint's decimals were still unknown: emitted once an action gives them. */
export interface UndecidedWindowState {
  readonly qtyRaw: bigint;
  readonly start: number;
  readonly end: number | null;
  readonly opened: EventRef;
  readonly closed: EventRef;
}

export interface MintHoldingsState {
  readonly mint: string;
  /** First decimals an action gave (SOL: 9); null while none did. */
  readonly decimals: number | null;
  /** Some transaction changed the balance (a mint only touched with net 0 is not in the report). */
  readonly changed: boolean;
  readonly balanceRaw: bigint;
  /** Oldest first; they sum to `balanceRaw`. */
  readonly layers: readonly HoldingLayerState[];
  /** A window had no time (the mint is reported in `unwindowedMints`). */
  readonly windowless: boolean;
  readonly undecided: readonly UndecidedWindowState[];
}

/** Everything the tracker needs to go on: plain data (bigint included), no outputs. */
export interface HoldingsState {
  readonly version: 1;
  readonly wallet: string;
  /** Block time of the last transaction that had one. */
  readonly lastTime: number | null;
  /** The last transaction applied, to refuse one out of ledger order. */
  readonly lastTx: TxCursor | null;
  /** Sorted by mint. */
  readonly mints: readonly MintHoldingsState[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
interface Layer {
  readonly start: number | null;
  readonly opened: EventRef;
  qtyRaw: bigint;
}
interface Slot extends Mutable<Omit<MintHoldingsState, 'layers' | 'undecided'>> {
  layers: Layer[];
  undecided: UndecidedWindowState[];
}

function refOf(a: Action): EventRef {
  return { slot: a.slot, signature: a.signature, index: a.index, blockTime: a.blockTime };
}

function copyRef(r: EventRef): EventRef {
  return { slot: r.slot, signature: r.signature, index: r.index, blockTime: r.blockTime };
}

function copySlot(s: MintHoldingsState): Slot {
  return {
    mint: s.mint,
    decimals: s.decimals,
    changed: s.changed,
    balanceRaw: s.balanceRaw,
    layers: s.layers.map((l) => ({ start: l.start, opened: copyRef(l.opened), qtyRaw: l.qtyRaw })),
    windowless: s.windowless,
    undecided: s.undecided.map((w) => ({ ...w, opened: copyRef(w.opened), closed: copyRef(w.closed) })),
  };
}

function source(r: EventRef): { signature: string; index: number; slot: bigint | null } {
  return { signature: r.signature, index: r.index, slot: r.slot };
}

function byMint(a: { mint: string }, b: { mint: string }): number {
  return a.mint < b.mint ? -1 : a.mint > b.mint ? 1 : 0;
}

export class HoldingsTracker {
  private readonly slots = new Map<string, Slot>();
  private readonly dust = new Map<string, bigint>();
  /** Changes of leading transactions without a time, waiting for the first known one. Never in a snapshot. */
  private readonly pending: Array<{ slot: Slot; change: Change }> = [];
  private readonly timelines = new Map<string, BalancePoint[]>();
  private readonly closed: HoldingWindow[] = [];
  private readonly negatives: NegativeBalance[] = [];

  private constructor(
    private readonly wallet: string,
    private readonly options: HoldingsOptions,
    private lastTime: number | null,
    private lastTx: TxCursor | null,
    slots: readonly Slot[],
  ) {
    for (const s of slots) this.slots.set(s.mint, s);
  }

  static create(wallet: string, options: HoldingsOptions = {}): HoldingsTracker {
    return new HoldingsTracker(wallet, options, null, null, []);
  }

  /** Continue from a snapshot (not modified). */
  static resume(state: HoldingsState, options: HoldingsOptions = {}): HoldingsTracker {
    if (state.version !== 1) throw new Error(`holdings state version ${String(state.version)} is not 1`);
    const lastTx =
      state.lastTx === null ? null : { slot: state.lastTx.slot, signature: state.lastTx.signature };
    return new HoldingsTracker(state.wallet, options, state.lastTime, lastTx, state.mints.map(copySlot));
  }

  /**
   * Apply one transaction (all its actions, one signature, deduplicated and in index order — `groupTransactions`
   * gives that); transactions come in ledger order. Actions of other owners are ignored.
   */
  applyTransaction(tx: readonly Action[]): void {
    const first = tx[0];
    if (first === undefined) return;
    if (this.lastTx !== null && compareTx(this.lastTx, first) >= 0)
      throw new Error(`holdings: transaction ${first.signature} is not after ${this.lastTx.signature}`);
    this.lastTx = { slot: first.slot, signature: first.signature };
    const mine = tx.filter((a) => a.owner === null || a.owner === this.wallet);
    if (mine.length === 0) return;
    const txTime = mine.find((a) => a.blockTime !== null)?.blockTime ?? null;
    const changes = this.transactionChanges(mine);
    if (txTime !== null) {
      // Leading transactions without a time take the first known one.
      for (const p of this.pending) this.applyChange(p.slot, p.change, txTime);
      this.pending.length = 0;
      this.lastTime = txTime;
    }
    for (const [slot, change] of changes) {
      if (this.lastTime === null) this.pending.push({ slot, change });
      else this.applyChange(slot, change, this.lastTime);
    }
  }

  /** Deep copy of the state now; throws while a leading transaction without a time waits for one. */
  snapshot(): HoldingsState {
    if (this.pending.length > 0)
      throw new Error('holdings: cannot snapshot while transactions without a block time wait for one');
    return this.state();
  }

  private state(): HoldingsState {
    return {
      version: 1,
      wallet: this.wallet,
      lastTime: this.lastTime,
      lastTx: this.lastTx === null ? null : { slot: this.lastTx.slot, signature: this.lastTx.signature },
      mints: [...this.slots.values()].sort(byMint).map(copySlot),
    };
  }

  /** Windows closed since this tracker was created or resumed, in emission order. */
  closedWindows(): readonly HoldingWindow[] {
    return this.closed;
  }

  /** Windows still open now (end null): one per remaining layer above dust, per mint oldest first. */
  openWindows(): HoldingWindow[] {
    // Pending changes only exist while no time is known: their layers would have no start, hence no window.
    return [...this.slots.values()].sort(byMint).flatMap((s) => this.openOf(s).windows);
  }

  /**
   * The report for the transactions applied by this tracker: timelines and negative balances of those; closed
   * windows of those plus the windows still open; `mints` lists every mint whose balance ever changed (resumed
   * history included). Does not change the tracker.
   */
  finish(): Holdings {
    if (this.pending.length > 0) {
      // No time ever came: apply the leading changes without one, on a copy.
      const copy = HoldingsTracker.resume(this.state(), this.options);
      copy.timelines.clear();
      for (const [mint, points] of this.timelines) copy.timelines.set(mint, [...points]);
      copy.closed.push(...this.closed);
      copy.negatives.push(...this.negatives);
      for (const p of this.pending) {
        const slot = copy.slots.get(p.slot.mint);
        if (slot !== undefined) copy.applyChange(slot, p.change, null);
      }
      return copy.finish();
    }
    const closedByMint = new Map<string, HoldingWindow[]>();
    for (const w of this.closed) closedByMint.set(w.mint, [...(closedByMint.get(w.mint) ?? []), w]);
    const mints: MintHoldings[] = [];
    const unwindowedMints: string[] = [];
    for (const slot of [...this.slots.values()].sort(byMint)) {
      if (!slot.changed) continue;
      const open = this.openOf(slot);
      if (slot.decimals === null || slot.windowless || open.windowless) unwindowedMints.push(slot.mint);
      mints.push({
        mint: slot.mint,
        decimals: slot.decimals,
        timeline: this.timelines.get(slot.mint) ?? [],
        windows: [...(closedByMint.get(slot.mint) ?? []), ...open.windows],
      });
    }
    const windows = mints
      .flatMap((m) => m.windows)
      .sort((a, b) => a.start - b.start || (a.mint < b.mint ? -1 : a.mint > b.mint ? 1 : 0));
    // Per mint, in ledger order (a stable sort keeps it).
    const negativeBalances = [...this.negatives].sort(byMint);
    return { wallet: this.wallet, mints, windows, negativeBalances, unwindowedMints };
  }

  private slotOf(mint: string): Slot {
    let slot = this.slots.get(mint);
    if (slot === undefined) {
      slot = {
        mint,
        decimals: null,
        changed: false,
        balanceRaw: 0n,
        layers: [],
        windowless: false,
        undecided: [],
      };
      this.slots.set(mint, slot);
    }
    return slot;
  }

  private dustOf(mint: string, decimals: number): bigint {
    let dust = this.dust.get(mint);
    if (dust === undefined) {
      const d = this.options.dustRaw;
      dust = d === undefined ? 0n : typeof d === 'bigint' ? d : d(mint, decimals);
      this.dust.set(mint, dust);
    }
    return dust;
  }

  /** Net change per mint of one transaction, with the action that stands for it; records decimals. */
  private transactionChanges(tx: readonly Action[]): Map<Slot, Change> {
    const deltas = new Map<Slot, { delta: bigint; firstIn: Action | null; first: Action }>();
    const touch = (a: Action, mint: string, delta: bigint, dec: number | null): void => {
      const slot = this.slotOf(mint);
      slot.decimals ??= dec ?? (mint === SOL_MINT ? SOL_DECIMALS : null);
      const d = deltas.get(slot) ?? { delta: 0n, firstIn: null, first: a };
      d.delta += delta;
      if (delta > 0n) d.firstIn ??= a;
      deltas.set(slot, d);
    };
    for (const a of tx) {
      if (a.kind === 'event') continue;
      if (a.mintOut !== null && a.amountOut !== null && a.amountOut !== 0n)
        touch(a, a.mintOut, a.amountOut, a.decimalsOut);
      if (a.mintIn !== null && a.amountIn !== null && a.amountIn !== 0n)
        touch(a, a.mintIn, -a.amountIn, a.decimalsIn);
    }
    const out = new Map<Slot, Change>();
    for (const [slot, d] of deltas) {
      // Windows that closed before the decimals were known come out now, before any of this transaction's.
      if (slot.decimals !== null && slot.undecided.length > 0) {
        for (const w of slot.undecided) this.emit(slot.mint, slot.decimals, w);
        slot.undecided = [];
      }
      if (d.delta === 0n) continue;
      const rep = d.delta > 0n ? (d.firstIn ?? d.first) : d.first;
      out.set(slot, { at: refOf(rep), deltaRaw: d.delta });
    }
    return out;
  }

  private applyChange(slot: Slot, c: Change, time: number | null): void {
    let next = slot.balanceRaw + c.deltaRaw;
    let clamped = 0n;
    if (next < 0n) {
      clamped = -next;
      this.negatives.push({ mint: slot.mint, at: c.at, shortfallRaw: clamped });
      next = 0n;
    }
    slot.balanceRaw = next;
    slot.changed = true;
    const timeline = this.timelines.get(slot.mint) ?? [];
    timeline.push({ at: c.at, t: time, deltaRaw: c.deltaRaw, balanceRaw: next, clampedRaw: clamped });
    this.timelines.set(slot.mint, timeline);
    // Layers of the balance, oldest at the bottom: what arrives is put on top, what leaves is taken from the
    // top (LIFO), so the units held longest stay in their window while the recent ones come and go.
    if (c.deltaRaw > 0n) {
      slot.layers.push({ start: time, opened: c.at, qtyRaw: c.deltaRaw });
      return;
    }
    let leaving = -c.deltaRaw - clamped;
    while (leaving > 0n) {
      const top = slot.layers[slot.layers.length - 1];
      if (top === undefined) break;
      const take = top.qtyRaw < leaving ? top.qtyRaw : leaving;
      this.close(slot, top, take, time, c.at);
      top.qtyRaw -= take;
      leaving -= take;
      if (top.qtyRaw === 0n) slot.layers.pop();
    }
  }

  private close(slot: Slot, layer: Layer, qtyRaw: bigint, end: number | null, closedBy: EventRef): void {
    if (layer.start === null) {
      slot.windowless = true;
      return;
    }
    const w = { qtyRaw, start: layer.start, end, opened: layer.opened, closed: closedBy };
    if (slot.decimals === null) slot.undecided.push(w);
    else this.emit(slot.mint, slot.decimals, w);
  }

  private emit(mint: string, decimals: number, w: UndecidedWindowState): void {
    const window = this.windowOf(mint, decimals, w.qtyRaw, w.start, w.end, w.opened, w.closed);
    if (window !== null) this.closed.push(window);
  }

  /** The window of `qtyRaw` units, or null at or below dust. */
  private windowOf(
    mint: string,
    decimals: number,
    qtyRaw: bigint,
    start: number,
    end: number | null,
    opened: EventRef,
    closedBy: EventRef | null,
  ): HoldingWindow | null {
    if (qtyRaw <= this.dustOf(mint, decimals)) return null;
    return {
      mint,
      decimals,
      balanceRaw: qtyRaw,
      start,
      end,
      opened: source(opened),
      closed: closedBy === null ? null : source(closedBy),
    };
  }

  private openOf(slot: Slot): { windows: HoldingWindow[]; windowless: boolean } {
    const windows: HoldingWindow[] = [];
    let windowless = false;
    const { decimals } = slot;
    for (const layer of slot.layers) {
      if (layer.start === null) windowless = true;
      else if (decimals !== null) {
        const w = this.windowOf(slot.mint, decimals, layer.qtyRaw, layer.start, null, layer.opened, null);
        if (w !== null) windows.push(w);
      }
    }
    return { windows, windowless };
  }
}

export function computeHoldings(
  wallet: string,
  actions: readonly Action[],
  options: HoldingsOptions = {},
): Holdings {
  const tracker = HoldingsTracker.create(wallet, options);
  const mine = actions.filter((a) => a.owner === null || a.owner === wallet);
  for (const tx of groupTransactions(mine)) tracker.applyTransaction(tx);
  return tracker.finish();
}
