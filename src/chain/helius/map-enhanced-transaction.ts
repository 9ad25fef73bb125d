import type { Action } from '../../decoder/action.ts';
import {
  decodeTransaction,
  parseRpcTransaction,
  type DecodeOptions,
  type OwnerDelta,
} from '../../decoder/decode-transaction.ts';
import { OofError, isOofError } from '../../core/errors/oof-error.ts';
import { toRpcView } from './enhanced-rpc-view.ts';
import type { EnhancedTransaction } from './enhanced-transaction.schema.ts';
import { withSourceVenue } from './helius-source-venue.ts';

export interface DecodedEnhancedTransaction {
  readonly signature: string;
  readonly actions: Action[];
  /** Wallets whose balances changed, plus the fee payer (the only signer Helius reports); sorted, unique. */
  readonly participants: string[];
  /** Per-owner balance changes (SOL net of the fee, WSOL merged), wallets only. */
  readonly deltas: OwnerDelta[];
  readonly decoderVersion: number;
}

/**
 * Normalized actions of a Helius Enhanced Transaction: the same actions `decodeTransaction` makes from the
 * node's `getTransaction` result of the same transaction (fee, per-owner swaps from balance deltas with SOL
 * net of the fee and WSOL merged, rent, stake, LP legs, mints, burns, transfers with their counterparty;
 * a failed transaction gives the fee only), because it is that decoder, run on the RPC rendering of the
 * payload (see `enhanced-rpc-view.ts` for what Helius keeps and drops).
 *
 * One addition: a swap the decoder can only attribute to an `unknown` program takes the venue Helius named
 * in `source`, when that source is a trading venue.
 */
export function decodeEnhancedTransaction(
  tx: EnhancedTransaction,
  options: DecodeOptions = {},
): DecodedEnhancedTransaction {
  let decoded;
  try {
    decoded = decodeTransaction(parseRpcTransaction(toRpcView(tx)), options);
  } catch (e) {
    // The view is built from a schema-checked payload, so what the decoder rejects is the payload's content
    // (an instruction whose data is not base58, ...): bad input of this transaction, not our bug.
    if (isOofError(e, 'TX_SHAPE_INVALID') || isOofError(e, 'TX_ACCOUNT_INDEX_OUT_OF_RANGE')) {
      throw new OofError(
        'HELIUS_TX_INVALID',
        `Helius transaction ${tx.signature}: ${e.message}`,
        { signature: tx.signature },
        e,
      );
    }
    throw e;
  }
  return {
    signature: tx.signature,
    actions: withSourceVenue(decoded.actions, tx.source),
    participants: decoded.participants,
    deltas: decoded.deltas,
    decoderVersion: decoded.decoderVersion,
  };
}

/** The normalized actions of one Enhanced Transaction (see `decodeEnhancedTransaction`). */
export function mapEnhancedTransaction(tx: EnhancedTransaction, options: DecodeOptions = {}): Action[] {
  return decodeEnhancedTransaction(tx, options).actions;
}
