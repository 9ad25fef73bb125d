import { OofError } from '../core/errors/oof-error.ts';
import { ACTION_KINDS } from '../decoder/action.ts';
import type { DecodedTransaction } from '../decoder/decode-transaction.ts';
import type { TokenAccountRef, TransactionRecord } from '../store/transactions/transaction.repository.ts';

/**
 * Checks a decoded transaction against what the tables require and builds its record. A violation here is
 * reported for this transaction alone; left to the database, one bad row would roll back the whole batch.
 */
const INT8_MAX = 2n ** 63n - 1n;
// Year 5138: far past any real block, well inside what JS dates and timestamptz hold.
const MAX_UNIX_SECONDS = 1e11;

export function toTransactionRecord(
  decoded: DecodedTransaction,
  object: { key: string; sizeBytes: number; compressedBytes: number },
  decoderVersion: number,
): TransactionRecord {
  const { tx } = decoded;
  if (tx.slot === null) {
    throw new OofError(
      'TX_SLOT_MISSING',
      `Transaction ${tx.signature} has no slot, so it cannot be placed in a wallet's history. ` +
        'Store transactions as getTransaction returns them.',
      { signature: tx.signature },
    );
  }
  const outOfRange =
    tx.slot > INT8_MAX
      ? `slot ${tx.slot}`
      : tx.feeLamports > INT8_MAX
        ? `fee ${tx.feeLamports}`
        : tx.blockTime !== null &&
            !(Number.isInteger(tx.blockTime) && tx.blockTime >= 0 && tx.blockTime < MAX_UNIX_SECONDS)
          ? `blockTime ${tx.blockTime}`
          : null;
  if (outOfRange !== null) {
    throw new OofError(
      'TX_SHAPE_INVALID',
      `Transaction ${tx.signature} has an impossible ${outOfRange}; it was not stored.`,
      { signature: tx.signature },
    );
  }
  assertStorableActions(decoded);
  return {
    sig: tx.signature,
    slot: tx.slot,
    blockTime: tx.blockTime,
    failed: tx.failed,
    err: tx.err,
    feeLamports: tx.feeLamports,
    objectKey: object.key,
    sizeBytes: object.sizeBytes,
    compressedBytes: object.compressedBytes,
    decoderVersion,
    actions: decoded.actions,
    participants: decoded.participants,
    tokenAccounts: tokenAccountsOf(decoded),
  };
}

/** Token accounts whose owner the node reported (older nodes omit it: the account then stands in, skipped). */
export function tokenAccountsOf(decoded: DecodedTransaction): TokenAccountRef[] {
  const out = new Map<string, TokenAccountRef>();
  for (const b of [...decoded.tx.preTokenBalances, ...decoded.tx.postTokenBalances]) {
    if (b.owner !== b.account && !out.has(b.account))
      out.set(b.account, { account: b.account, owner: b.owner, mint: b.mint });
  }
  return [...out.values()];
}

const KINDS: ReadonlySet<string> = new Set(ACTION_KINDS);
const NEGATIVE = (v: bigint | null): boolean => v !== null && v < 0n;
const BAD_DECIMALS = (d: number | null): boolean => d !== null && (!Number.isInteger(d) || d < 0 || d > 255);

export function assertStorableActions(decoded: DecodedTransaction): void {
  const sig = decoded.tx.signature;
  const seen = new Set<number>();
  for (const a of decoded.actions) {
    const problem =
      a.signature !== sig
        ? `belongs to ${a.signature}`
        : !KINDS.has(a.kind)
          ? `has the unknown kind ${JSON.stringify(a.kind)}`
          : seen.has(a.index)
            ? 'repeats its index'
            : NEGATIVE(a.amountIn) || NEGATIVE(a.amountOut) || NEGATIVE(a.transferFeeRaw)
              ? 'has a negative amount'
              : BAD_DECIMALS(a.decimalsIn) || BAD_DECIMALS(a.decimalsOut)
                ? 'has decimals outside 0..255'
                : null;
    if (problem !== null) {
      throw new OofError(
        'INVARIANT_BROKEN',
        `Decoded action ${sig}#${a.index} ${problem}; nothing of this transaction was stored. ` +
          'This is a decoder bug: report the signature.',
        { signature: sig, index: a.index },
      );
    }
    seen.add(a.index);
  }
}
