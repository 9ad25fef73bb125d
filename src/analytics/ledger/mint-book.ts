/**
 * FIFO book of one (wallet, mint): open lots, consume them oldest first, keep episodes in step with exposure.
 * Operates on `LedgerState` in place; the builder decides what each action means.
 */
import type { BasisSource, EventRef, ExitKind, LedgerFlagCode } from './ledger-records.ts';
import type { EpisodeState, LedgerState, LotState, MintState } from './ledger-state.ts';
import { type UsdScaled, usdOrNull, usdShare } from './usd-amount.ts';

export interface OpenLotInput {
  readonly mint: string;
  readonly decimals: number | null;
  readonly qtyRaw: bigint;
  readonly cost: UsdScaled | null;
  readonly at: EventRef;
  readonly basisSource: BasisSource;
  readonly priceSource: string | null;
  readonly dustRaw: bigint;
}

/** Realize at `proceeds` (split over the lots) or remove without PnL, flagged. */
export type Disposal =
  | {
      readonly type: 'realize';
      readonly proceeds: UsdScaled | null;
      readonly exitKind: ExitKind;
      readonly priceSource: string | null;
    }
  | { readonly type: 'remove'; readonly flag: LedgerFlagCode; readonly counterparty: string | null };

export interface ConsumeInput {
  readonly mint: string;
  readonly decimals: number | null;
  readonly qtyRaw: bigint;
  readonly at: EventRef;
  readonly disposal: Disposal;
  readonly dustRaw: bigint;
}

function mintState(state: LedgerState, mint: string, decimals: number | null): MintState {
  let book = state.mints.get(mint);
  if (book === undefined) {
    book = {
      mint,
      decimals,
      exposureRaw: 0n,
      openLotIds: [],
      lotSeq: 0,
      tradeSeq: 0,
      episodeSeq: 0,
      currentEpisodeId: null,
    };
    state.mints.set(mint, book);
  }
  if (book.decimals === null && decimals !== null) book.decimals = decimals;
  return book;
}

function mustGet<K, V>(map: Map<K, V>, key: K): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`ledger invariant: missing ${String(key)}`);
  return value;
}

export function openLot(state: LedgerState, input: OpenLotInput): LotState {
  if (input.qtyRaw <= 0n) throw new RangeError('openLot: quantity must be positive');
  const book = mintState(state, input.mint, input.decimals);
  book.exposureRaw += input.qtyRaw;
  if (book.currentEpisodeId === null && book.exposureRaw > input.dustRaw) {
    book.episodeSeq += 1;
    const episode: EpisodeState = {
      id: `${state.wallet}:${input.mint}:episode:${book.episodeSeq}`,
      mint: input.mint,
      n: book.episodeSeq,
      openedAt: input.at,
      closedAt: null,
      qtyInRaw: 0n,
      qtyOutRaw: 0n,
      realizedCost: 0n,
      realizedProceeds: 0n,
      unpricedTrades: 0,
    };
    state.episodes.set(episode.id, episode);
    book.currentEpisodeId = episode.id;
  }
  if (book.currentEpisodeId !== null) mustGet(state.episodes, book.currentEpisodeId).qtyInRaw += input.qtyRaw;
  book.lotSeq += 1;
  const lot: LotState = {
    id: `${state.wallet}:${input.mint}:lot:${book.lotSeq}`,
    mint: input.mint,
    decimals: input.decimals ?? book.decimals,
    qtyRaw: input.qtyRaw,
    openQtyRaw: input.qtyRaw,
    cost: input.cost,
    openCost: input.cost,
    openedAt: input.at,
    basisSource: input.basisSource,
    priceSource: input.priceSource,
    episodeId: book.currentEpisodeId,
  };
  state.lots.set(lot.id, lot);
  book.openLotIds.push(lot.id);
  return lot;
}

/** Take `take` base units off the oldest lot; returns the cost that leaves with them (exact split rule). */
function takeFromLot(lot: LotState, take: bigint): UsdScaled | null {
  let cost: UsdScaled | null = null;
  if (lot.openCost !== null) {
    cost = take === lot.openQtyRaw ? lot.openCost : usdShare(lot.openCost, take, lot.openQtyRaw);
    lot.openCost -= cost;
  }
  lot.openQtyRaw -= take;
  return cost;
}

export function consumeLots(state: LedgerState, input: ConsumeInput): void {
  if (input.qtyRaw <= 0n) throw new RangeError('consumeLots: quantity must be positive');
  const book = mintState(state, input.mint, input.decimals);
  const episode = book.currentEpisodeId === null ? null : mustGet(state.episodes, book.currentEpisodeId);
  const { disposal } = input;
  let remaining = input.qtyRaw;
  let proceedsLeft = disposal.type === 'realize' ? disposal.proceeds : null;
  let removedCost: UsdScaled | null = null;
  let removedAll = true;

  const recordTrade = (lot: LotState | null, qty: bigint, cost: UsdScaled | null): void => {
    if (disposal.type !== 'realize') return;
    let proceeds: UsdScaled | null = null;
    if (proceedsLeft !== null && disposal.proceeds !== null) {
      // The piece that ends the sell takes what is left, so the pieces sum to the proceeds exactly.
      proceeds = qty === remaining ? proceedsLeft : usdShare(disposal.proceeds, qty, input.qtyRaw);
      proceedsLeft -= proceeds;
    }
    book.tradeSeq += 1;
    const episodeId = episode?.id ?? lot?.episodeId ?? null;
    state.trades.push({
      id: `${state.wallet}:${input.mint}:trade:${book.tradeSeq}`,
      mint: input.mint,
      lotId: lot?.id ?? null,
      episodeId,
      qtyRaw: qty,
      cost,
      proceeds,
      entry: lot?.openedAt ?? null,
      exit: input.at,
      exitKind: disposal.exitKind,
      priceSource: disposal.priceSource,
    });
    const target = episodeId === null ? undefined : state.episodes.get(episodeId);
    if (target === undefined) return;
    if (cost === null || proceeds === null) target.unpricedTrades += 1;
    else {
      target.realizedCost += cost;
      target.realizedProceeds += proceeds;
    }
  };

  while (remaining > 0n && book.openLotIds.length > 0) {
    const lot = mustGet(state.lots, book.openLotIds[0]);
    const take = remaining < lot.openQtyRaw ? remaining : lot.openQtyRaw;
    const cost = takeFromLot(lot, take);
    if (lot.openQtyRaw === 0n) book.openLotIds.shift();
    book.exposureRaw -= take;
    if (cost === null) removedAll = false;
    else removedCost = (removedCost ?? 0n) + cost;
    recordTrade(lot, take, cost);
    remaining -= take;
  }
  const oversoldRaw = remaining;
  if (oversoldRaw > 0n) {
    // Tokens we never saw arrive (history outside the window, or a decoder gap): no basis, no PnL.
    recordTrade(null, oversoldRaw, null);
    state.flags.push({
      code: 'oversold',
      mint: input.mint,
      at: input.at,
      qtyRaw: oversoldRaw,
      costUsd: null,
      counterparty: null,
    });
  }
  if (episode !== null) episode.qtyOutRaw += input.qtyRaw - oversoldRaw;
  if (disposal.type === 'remove') {
    state.flags.push({
      code: disposal.flag,
      mint: input.mint,
      at: input.at,
      qtyRaw: input.qtyRaw - oversoldRaw,
      costUsd: removedAll || removedCost !== null ? usdOrNull(removedCost ?? 0n) : null,
      counterparty: disposal.counterparty,
    });
  }
  if (episode !== null && book.exposureRaw <= input.dustRaw) {
    episode.closedAt = input.at;
    book.currentEpisodeId = null;
  }
}
