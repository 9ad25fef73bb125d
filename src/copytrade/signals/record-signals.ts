import { OofError } from '../../core/errors/oof-error.ts';
import type { Action } from '../../decoder/action.ts';
import {
  insertCopySignals,
  recordCopySignalOutcome,
  signalKey,
  type CopySignal,
  type DecidedOutcome,
  type StoredCopySignal,
} from '../../store/copytrade/copy-signals.repository.ts';
import { findCopyWallets } from '../../store/copytrade/copy-wallets.repository.ts';
import type { Db } from '../../store/database.ts';
import type { SignalSource } from '../../store/schema/copytrade-tables.ts';
import { swapSignalOf, type SwapSignalFields } from './swap-signal.ts';

/** What happened to one swap of a watched wallet. */
export interface RecordedSignal {
  readonly signature: string;
  readonly wallet: string;
  /** `pending`: new, for the decision engine; `ignored_inactive`: stored, not acted on; `duplicate`: already stored. */
  readonly outcome: 'pending' | 'ignored_inactive' | 'duplicate';
}

export interface RecordSignalsResult {
  /** Every swap of a watched wallet in the input, in input order. */
  readonly recorded: readonly RecordedSignal[];
  /** The signals stored by this call with outcome `pending`: the decision engine's work. */
  readonly pending: readonly CopySignal[];
}

const INACTIVE_REASON = 'the wallet is in the watchlist but not active';

/**
 * Stores a signal for every buy or sell of a watched wallet among `actions`, with the transaction's payload as
 * received (`rawByTx`, by signature). One signal per (transaction, wallet): a transaction whose decoded actions
 * hold several swaps of one wallet gives the first by index (the rest is in the payload). Swaps of wallets
 * that are not watched are skipped; of inactive watched wallets stored as `ignored_inactive` (decided at once,
 * 0 ms); a (signature, wallet) stored before is reported `duplicate` and not written again — webhooks
 * redeliver, and the WebSocket and the webhook can both deliver one transaction. The decision engine takes
 * signals in receipt order: a caller recording a batch passes each transaction's receipt time
 * (`receivedAtByTx`, strictly increasing in delivery order) so that a wallet's buy is not decided after its sell.
 * The first source to deliver a transaction is the one its signal records.
 */
export async function recordSignalsFromActions(
  db: Db,
  actions: readonly Action[],
  rawByTx: ReadonlyMap<string, unknown>,
  now: Date,
  options: {
    /** When each transaction was received, when not `now` (a batch keeps its delivery order this way). */
    readonly receivedAtByTx?: ReadonlyMap<string, Date>;
    /** Where the transactions came from (the desk shows it); null when the caller cannot say. */
    readonly source?: SignalSource | null;
  } = {},
): Promise<RecordSignalsResult> {
  const receivedAtByTx = options.receivedAtByTx ?? new Map<string, Date>();
  // Map order is first appearance; the lowest action index of a (transaction, wallet) wins.
  const swaps = new Map<string, SwapSignalFields>();
  for (const action of actions) {
    const swap = swapSignalOf(action);
    if (swap === null) continue;
    const key = signalKey(swap.signature, swap.wallet);
    const seen = swaps.get(key);
    if (seen === undefined || swap.actionIndex < seen.actionIndex) swaps.set(key, swap);
  }
  const ordered = [...swaps.values()];
  const watched = await findCopyWallets(
    db,
    ordered.map((s) => s.wallet),
  );
  const signals: CopySignal[] = [];
  for (const s of ordered) {
    const wallet = watched.get(s.wallet);
    if (wallet === undefined) continue;
    if (!rawByTx.has(s.signature)) {
      throw new OofError(
        'INVARIANT_BROKEN',
        `no payload for transaction ${s.signature} of watched ${s.wallet}`,
        {
          signature: s.signature,
        },
      );
    }
    signals.push({
      signature: s.signature,
      wallet: s.wallet,
      slot: s.slot,
      tEvent: s.tEvent,
      side: s.side,
      mint: s.mint,
      amountRaw: s.amountRaw,
      decimals: s.decimals,
      quoteMint: s.quoteMint,
      quoteAmountRaw: s.quoteAmountRaw,
      usd: s.usd,
      venue: s.venue,
      raw: rawByTx.get(s.signature),
      outcome: wallet.active ? 'pending' : 'ignored_inactive',
      reason: wallet.active ? null : INACTIVE_REASON,
      receivedAt: receivedAtByTx.get(s.signature) ?? now,
      decidedAt: wallet.active ? null : (receivedAtByTx.get(s.signature) ?? now),
      decisionMs: wallet.active ? null : 0,
      source: options.source ?? null,
    });
  }
  const inserted = await insertCopySignals(db, signals);
  const recorded: RecordedSignal[] = [];
  const pending: CopySignal[] = [];
  for (const s of signals) {
    const isNew = inserted.has(signalKey(s.signature, s.wallet));
    const outcome = !isNew ? 'duplicate' : s.outcome === 'pending' ? 'pending' : 'ignored_inactive';
    recorded.push({ signature: s.signature, wallet: s.wallet, outcome });
    if (outcome === 'pending') pending.push(s);
  }
  return { recorded, pending };
}

/**
 * The decision engine's verdict on a pending signal (`position_opened`, `filtered_safety`, ...), with its reason
 * and how long the decision took from receipt. Once per signal; the same verdict again is a no-op.
 */
export function recordSignalOutcome(
  db: Db,
  signature: string,
  wallet: string,
  outcome: DecidedOutcome,
  reason: string | null,
  decisionMs: number,
  extra: { readonly timings?: Readonly<Record<string, number>>; readonly details?: unknown } = {},
): Promise<StoredCopySignal> {
  return recordCopySignalOutcome(db, signature, wallet, outcome, reason, decisionMs, extra);
}
