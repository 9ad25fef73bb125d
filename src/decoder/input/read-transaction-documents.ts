import { OofError } from '../../core/errors/oof-error.ts';
import { parseJsonExact } from './parse-json-exact.ts';

/**
 * Splits what a user hands to `oof decode` / `oof ingest` into individual `getTransaction` results:
 * one result object, a JSON array of them, JSON Lines, a JSON-RPC response wrapper (`{"jsonrpc","result"}`)
 * or an array of wrappers, and a `getBlock` result (its transactions inherit the block's slot and time).
 * Nothing is validated beyond the envelope here; each item is parsed by the decoder's schema.
 */
export interface TransactionDocument {
  /** Where it came from, for error messages: `item 3`, `line 12`, `block 250000000 tx 4`. */
  readonly origin: string;
  readonly value: unknown;
}

export const DEFAULT_MAX_INPUT_BYTES = 32 * 1024 * 1024;

export function readTransactionDocuments(
  text: string,
  maxBytes: number = DEFAULT_MAX_INPUT_BYTES,
): TransactionDocument[] {
  const size = Buffer.byteLength(text, 'utf8');
  if (size > maxBytes) {
    throw new OofError(
      'INPUT_TOO_LARGE',
      `Input is ${(size / 1024 / 1024).toFixed(1)} MiB, above the ${(maxBytes / 1024 / 1024).toFixed(0)} MiB limit. ` +
        'Split it into smaller files, or raise the limit with --max-bytes.',
      { size, maxBytes },
    );
  }
  const trimmed = text.trim();
  if (trimmed.length === 0) {
    throw new OofError(
      'INPUT_EMPTY',
      'Input is empty: pass a getTransaction result as JSON, a JSON array or JSON Lines.',
    );
  }
  let whole: unknown;
  let wholeError: Error | null = null;
  try {
    whole = parseJsonExact(trimmed);
  } catch (e) {
    wholeError = e as Error;
  }
  if (wholeError === null) return unwrap(whole, 'input');
  // Not one JSON document: JSON Lines, one document per non-empty line.
  const lines = trimmed.split(/\r?\n/);
  if (lines.length < 2) throw notJson('input', wholeError);
  const docs: TransactionDocument[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = parseJsonExact(line);
    } catch (e) {
      throw notJson(`line ${i + 1}`, e as Error);
    }
    docs.push(...unwrap(value, `line ${i + 1}`));
  });
  return docs;
}

function notJson(origin: string, e: Error): OofError {
  return new OofError(
    'INPUT_NOT_JSON',
    `${origin} is not valid JSON (${e.message}). Expected a getTransaction result, a JSON array of them, or JSON Lines; ` +
      'a truncated download is the usual cause.',
    { origin },
  );
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function unwrap(value: unknown, origin: string): TransactionDocument[] {
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => unwrap(v, value.length === 1 ? origin : `${origin} item ${i + 1}`));
  }
  if (!isObject(value)) {
    throw new OofError(
      'TX_SHAPE_INVALID',
      `${origin} is a JSON ${value === null ? 'null' : typeof value}, not a transaction object.`,
      {
        origin,
      },
    );
  }
  if ('jsonrpc' in value) {
    if ('error' in value && value.error !== undefined) {
      throw new OofError(
        'TX_SHAPE_INVALID',
        `${origin} is a JSON-RPC error response: ${JSON.stringify(value.error)}`,
        {
          origin,
        },
      );
    }
    if (value.result === null) {
      throw new OofError(
        'TX_SHAPE_INVALID',
        `${origin}: the node returned null (transaction not found or not yet confirmed).`,
        {
          origin,
        },
      );
    }
    return unwrap(value.result, origin);
  }
  const geyser = yellowstoneUpdate(value);
  if (geyser !== null) return [{ origin, value: geyser }];
  if (Array.isArray(value.transactions) && 'blockhash' in value) {
    // getBlock does not repeat its own slot; parentSlot + 1 is its lower bound and keeps the order right.
    const slot = value.parentSlot === undefined ? undefined : Number(value.parentSlot) + 1;
    return value.transactions.map((t: unknown, i) => ({
      origin: `${origin} block tx ${i + 1}`,
      value: isObject(t) ? { slot: t.slot ?? slot, blockTime: value.blockTime ?? null, ...t } : t,
    }));
  }
  return [{ origin, value }];
}

/**
 * A Yellowstone gRPC (Geyser) `SubscribeUpdate` rendered as JSON: `{transaction: {slot, transaction: {signature,
 * transaction, meta, index}}}`. Its message and meta match the RPC `json` encoding closely enough to decode; it has
 * no block time, and protobuf omits `err` on success.
 */
function yellowstoneUpdate(value: Record<string, unknown>): Record<string, unknown> | null {
  const outer = value.transaction;
  if (!isObject(outer) || !isObject(outer.transaction) || outer.slot === undefined) return null;
  const inner = outer.transaction;
  if (!isObject(inner.transaction) || !isObject(inner.meta)) return null;
  const { loadedWritableAddresses, loadedReadonlyAddresses, ...meta } = inner.meta;
  const loaded =
    Array.isArray(loadedWritableAddresses) || Array.isArray(loadedReadonlyAddresses)
      ? {
          loadedAddresses: {
            writable: loadedWritableAddresses ?? [],
            readonly: loadedReadonlyAddresses ?? [],
          },
        }
      : {};
  return {
    slot: outer.slot,
    blockTime: null,
    transaction: canonicalKeys(inner.transaction),
    meta: { err: null, ...meta, ...loaded },
  };
}

const SYSTEM_PROGRAM = '11111111111111111111111111111111';
/**
 * Some Geyser-to-JSON renderers write the all-zero key (the System Program) as 33 '1's instead of 32; left as
 * is, no system transfer would be recognised.
 */
function canonicalKeys(transaction: Record<string, unknown>): Record<string, unknown> {
  const message = transaction.message;
  if (!isObject(message) || !Array.isArray(message.accountKeys)) return transaction;
  const accountKeys = message.accountKeys.map((k: unknown) =>
    typeof k === 'string' && /^1+$/.test(k) ? SYSTEM_PROGRAM : k,
  );
  return { ...transaction, message: { ...message, accountKeys } };
}
