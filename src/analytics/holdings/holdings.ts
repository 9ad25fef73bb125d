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
 */
import type { Action } from '../../decoder/action.ts';
import { SOL_DECIMALS, SOL_MINT } from '../../domain/mints.ts';
import type { HoldingWindow } from '../detectors/idle-yield.detector.ts';
import { groupTransactions } from '../ledger/action-order.ts';
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
  readonly time: number | null;
  readonly deltaRaw: bigint;
}

function refOf(a: Action): EventRef {
  return { slot: a.slot, signature: a.signature, index: a.index, blockTime: a.blockTime };
}

/** Net change per mint of one transaction, with the action that stands for it. */
function transactionChanges(
  tx: readonly Action[],
  decimals: Map<string, number | null>,
): Map<string, Change> {
  const deltas = new Map<string, { delta: bigint; firstIn: Action | null; first: Action }>();
  const touch = (a: Action, mint: string, delta: bigint, dec: number | null): void => {
    if (!decimals.has(mint) || decimals.get(mint) === null)
      decimals.set(mint, dec ?? (mint === SOL_MINT ? SOL_DECIMALS : null));
    const d = deltas.get(mint) ?? { delta: 0n, firstIn: null, first: a };
    d.delta += delta;
    if (delta > 0n) d.firstIn ??= a;
    deltas.set(mint, d);
  };
  for (const a of tx) {
    if (a.kind === 'event') continue;
    if (a.mintOut !== null && a.amountOut !== null && a.amountOut !== 0n)
      touch(a, a.mintOut, a.amountOut, a.decimalsOut);
    if (a.mintIn !== null && a.amountIn !== null && a.amountIn !== 0n)
      touch(a, a.mintIn, -a.amountIn, a.decimalsIn);
  }
  const out = new Map<string, Change>();
  for (const [mint, d] of deltas) {
    if (d.delta === 0n) continue;
    const rep = d.delta > 0n ? (d.firstIn ?? d.first) : d.first;
    out.set(mint, { at: refOf(rep), time: rep.blockTime, deltaRaw: d.delta });
  }
  return out;
}

export function computeHoldings(
  wallet: string,
  actions: readonly Action[],
  options: HoldingsOptions = {},
): Holdings {
  const mine = actions.filter((a) => a.owner === null || a.owner === wallet);
  const decimals = new Map<string, number | null>();
  const changes = new Map<string, Change[]>();
  let lastTime: number | null = null;
  const pending: Array<{ list: Change[]; i: number }> = [];
  for (const tx of groupTransactions(mine)) {
    const txTime = tx.find((a) => a.blockTime !== null)?.blockTime ?? null;
    if (txTime !== null) {
      // Leading transactions without a time take the first known one.
      for (const p of pending) {
        const c = p.list[p.i];
        if (c !== undefined) p.list[p.i] = { ...c, time: txTime };
      }
      pending.length = 0;
      lastTime = txTime;
    }
    for (const [mint, change] of transactionChanges(tx, decimals)) {
      const list = changes.get(mint) ?? [];
      list.push({ ...change, time: txTime ?? lastTime });
      changes.set(mint, list);
      if (txTime === null && lastTime === null) pending.push({ list, i: list.length - 1 });
    }
  }

  const mints: MintHoldings[] = [];
  const negativeBalances: NegativeBalance[] = [];
  const unwindowedMints: string[] = [];
  for (const mint of [...changes.keys()].sort()) {
    const dec = decimals.get(mint) ?? null;
    const dust =
      options.dustRaw === undefined
        ? 0n
        : typeof options.dustRaw === 'bigint'
          ? options.dustRaw
          : options.dustRaw(mint, dec);
    const timeline: BalancePoint[] = [];
    const windows: HoldingWindow[] = [];
    let balance = 0n;
    // Layers of the balance, oldest at the bottom: what arrives is put on top, what leaves is taken from the
    // top (LIFO), so the units held longest stay in their window while the recent ones come and go.
    const layers: { start: number | null; opened: EventRef; qtyRaw: bigint }[] = [];
    let windowless = dec === null;
    const emit = (
      layer: (typeof layers)[number],
      qtyRaw: bigint,
      end: number | null,
      closedBy: EventRef | null,
    ): void => {
      if (dec === null || layer.start === null) {
        windowless = true;
        return;
      }
      if (qtyRaw <= dust) return;
      const { signature, index, slot } = layer.opened;
      windows.push({
        mint,
        decimals: dec,
        balanceRaw: qtyRaw,
        start: layer.start,
        end,
        opened: { signature, index, slot },
        closed:
          closedBy === null
            ? null
            : { signature: closedBy.signature, index: closedBy.index, slot: closedBy.slot },
      });
    };
    for (const c of changes.get(mint) ?? []) {
      let next = balance + c.deltaRaw;
      let clamped = 0n;
      if (next < 0n) {
        clamped = -next;
        negativeBalances.push({ mint, at: c.at, shortfallRaw: clamped });
        next = 0n;
      }
      balance = next;
      timeline.push({ at: c.at, t: c.time, deltaRaw: c.deltaRaw, balanceRaw: balance, clampedRaw: clamped });
      if (c.deltaRaw > 0n) {
        layers.push({ start: c.time, opened: c.at, qtyRaw: c.deltaRaw });
        continue;
      }
      let leaving = -c.deltaRaw - clamped;
      while (leaving > 0n) {
        const top = layers[layers.length - 1];
        if (top === undefined) break;
        const take = top.qtyRaw < leaving ? top.qtyRaw : leaving;
        emit(top, take, c.time, c.at);
        top.qtyRaw -= take;
        leaving -= take;
        if (top.qtyRaw === 0n) layers.pop();
      }
    }
    for (const layer of layers) emit(layer, layer.qtyRaw, null, null);
    if (windowless) unwindowedMints.push(mint);
    mints.push({ mint, decimals: dec, timeline, windows });
  }
  const windows = mints
    .flatMap((m) => m.windows)
    .sort((a, b) => a.start - b.start || (a.mint < b.mint ? -1 : a.mint > b.mint ? 1 : 0));
  return { wallet, mints, windows, negativeBalances, unwindowedMints };
}
