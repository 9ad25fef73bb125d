/**
 * The open lots of a ledger result as they stood at a past time `t` (unix seconds), rebuilt from the records
 * alone: lots open, realized trades consume the lot they name with the exact cost that left it, and the flags of
 * lots removed without PnL (`linked_out`, transfers out, burns, ...) consume the oldest open lots of their mint
 * with the ledger's own split rule (`floor(openCost × take / openQty)`, the emptying take gets the rest). So the
 * quantities and costs are those the ledger held at that moment, to the last base unit and 10^-18 USD
 * (checked against a prefix rebuild in the property tests).
 *
 * Events are replayed in ledger order `(slot, signature, index)` up to the first one whose block time is after
 * `t`; events without a block time ride along with their neighbours.
 */
import { compareTx } from './action-order.ts';
import type { EventRef, LedgerFlagCode, LedgerResult, Lot } from './ledger-records.ts';
import { type UsdScaled, usdFromString, usdOrNull, usdShare } from './usd-amount.ts';

export interface OpenLotAt {
  readonly lot: Lot;
  /** Quantity of the lot still held at `t`. */
  readonly openQtyRaw: bigint;
  /** Cost still attached to it at `t`; null when the lot's basis is unknown. */
  readonly openCostUsd: string | null;
}

/** Flags whose quantity left the FIFO book without a realized trade. */
const REMOVAL_FLAGS: ReadonlySet<LedgerFlagCode> = new Set<LedgerFlagCode>([
  'linked_out',
  'exchange_deposit_unpriced',
  'transfer_out_unpriced',
  'removed_without_pnl',
]);

type Replay =
  | { readonly at: EventRef; readonly type: 'open'; readonly lot: Lot }
  | {
      readonly at: EventRef;
      readonly type: 'trade';
      readonly lotId: string;
      readonly qtyRaw: bigint;
      readonly cost: UsdScaled | null;
    }
  | { readonly at: EventRef; readonly type: 'remove'; readonly mint: string; readonly qtyRaw: bigint };

interface Book {
  readonly lot: Lot;
  openQtyRaw: bigint;
  openCost: UsdScaled | null;
}

function compareRef(a: EventRef, b: EventRef): number {
  return compareTx(a, b) || a.index - b.index;
}

/** `mint`: only that mint's lots (each mint's book is independent, so this is the same answer, cheaper). */
export function openLotsAt(result: LedgerResult, t: number, mint?: string): OpenLotAt[] {
  const wanted = (m: string): boolean => mint === undefined || m === mint;
  const events: Replay[] = [
    ...result.lots.flatMap((lot): Replay[] =>
      wanted(lot.mint) ? [{ at: lot.openedAt, type: 'open', lot }] : [],
    ),
    ...result.realizedTrades.flatMap((tr): Replay[] =>
      tr.lotId === null || !wanted(tr.mint)
        ? []
        : [
            {
              at: tr.exit,
              type: 'trade',
              lotId: tr.lotId,
              qtyRaw: tr.qtyRaw,
              cost: tr.costUsd === null ? null : usdFromString(tr.costUsd),
            },
          ],
    ),
    ...result.flags.flatMap((f): Replay[] =>
      REMOVAL_FLAGS.has(f.code) && f.qtyRaw > 0n && wanted(f.mint)
        ? [{ at: f.at, type: 'remove', mint: f.mint, qtyRaw: f.qtyRaw }]
        : [],
    ),
  ];
  // Stable sort: at one event a lot opens before anything consumes (they never share a mint there anyway).
  events.sort(
    (a, b) => compareRef(a.at, b.at) || (a.type === 'open' ? -1 : 0) - (b.type === 'open' ? -1 : 0),
  );
  const books = new Map<string, Book>();
  const order: Book[] = [];
  for (const e of events) {
    if (e.at.blockTime !== null && e.at.blockTime > t) break;
    switch (e.type) {
      case 'open': {
        const book: Book = {
          lot: e.lot,
          openQtyRaw: e.lot.qtyRaw,
          openCost: e.lot.costUsd === null ? null : usdFromString(e.lot.costUsd),
        };
        books.set(e.lot.id, book);
        order.push(book);
        break;
      }
      case 'trade': {
        const book = books.get(e.lotId);
        if (book === undefined) throw new Error(`openLotsAt: trade of unknown lot ${e.lotId}`);
        book.openQtyRaw -= e.qtyRaw;
        if (book.openCost !== null && e.cost !== null) book.openCost -= e.cost;
        break;
      }
      case 'remove': {
        let remaining = e.qtyRaw;
        for (const book of order) {
          if (remaining === 0n) break;
          if (book.lot.mint !== e.mint || book.openQtyRaw === 0n) continue;
          const take = remaining < book.openQtyRaw ? remaining : book.openQtyRaw;
          if (book.openCost !== null) {
            book.openCost -=
              take === book.openQtyRaw ? book.openCost : usdShare(book.openCost, take, book.openQtyRaw);
          }
          book.openQtyRaw -= take;
          remaining -= take;
        }
        break;
      }
    }
  }
  return order
    .filter((b) => b.openQtyRaw > 0n)
    .map((b) => ({ lot: b.lot, openQtyRaw: b.openQtyRaw, openCostUsd: usdOrNull(b.openCost) }));
}
