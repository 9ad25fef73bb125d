import type { ArchiveReader } from '../../archive/archive-reader.ts';
import { toJsonParsed } from '../json-parsed/to-json-parsed.ts';
import { RawJson } from '../raw-json.ts';
import { invalidParams, RpcError, UNSUPPORTED_TRANSACTION_VERSION } from '../rpc-error.ts';
import { checkCommitment, configParam, signatureParam, typeName, unknownVariant } from '../rpc-params.ts';

const ENCODINGS = ['binary', 'base64', 'base58', 'json', 'jsonParsed'] as const;
type Encoding = (typeof ENCODINGS)[number];

/**
 * getTransaction(signature, { encoding, maxSupportedTransactionVersion, commitment }).
 *
 * - The recorded encoding is served byte for byte as recorded.
 * - `jsonParsed` of a transaction recorded as `json` is rendered from it (toJsonParsed).
 * - `json` of a transaction recorded as `jsonParsed`, and the binary encodings (`base58`, `base64`,
 *   `binary`) of any transaction, cannot be rebuilt from the archive (parsed instructions and JSON lost
 *   the wire bytes): the answer is JSON-RPC error -32602 (Invalid params) whose `data.recordedEncoding`
 *   names what to ask for instead.
 * - A v0 transaction without `maxSupportedTransactionVersion` (or above it) gets the node's -32015, and a
 *   client that did not opt in to versions gets no `version` field, as from the node.
 * - An unknown signature is `null`, as the node answers for transactions it does not have.
 */
export function getTransactionMethod(archive: ArchiveReader) {
  return async (params: readonly unknown[]): Promise<Record<string, unknown> | RawJson | null> => {
    const signature = signatureParam(params[0]);
    // Old clients pass the encoding itself as the second parameter.
    const config = typeof params[1] === 'string' ? { encoding: params[1] } : configParam(params[1]);
    checkCommitment(config, true);
    const encoding = encodingOf(config.encoding);
    const max = maxVersionOf(config.maxSupportedTransactionVersion);
    const ordinal = archive.ordinalOf(signature);
    if (ordinal === undefined) return null;
    const indexed = archive.indexed(ordinal);
    const version = indexed.version;
    if (typeof version === 'number' && (max === undefined || version > max)) {
      throw new RpcError(
        UNSUPPORTED_TRANSACTION_VERSION,
        `Transaction version (${version}) is not supported by the requesting client. Please try the request again ` +
          `with the following configuration parameter: "maxSupportedTransactionVersion": ${version}`,
      );
    }
    // A client that did not opt in to versions gets no `version` field, as from the node.
    const dropVersion = max === undefined && version !== null;
    if (encoding === indexed.encoding && !dropVersion && indexed.resultStart > 0) {
      return new RawJson((await archive.transactionText(ordinal)).slice(indexed.resultStart, -1));
    }
    const line = await archive.transaction(ordinal);
    let result = line.result;
    if (dropVersion) {
      const rest = { ...result };
      delete rest.version;
      result = rest;
    }
    if (encoding === line.encoding) return result;
    if (encoding === 'jsonParsed' && line.encoding === 'json') return toJsonParsed(result);
    throw invalidParams(
      `Invalid params: the replay archive holds ${signature} in ${line.encoding} only and cannot render it as ` +
        `${encoding}; ask for encoding ${line.encoding}.`,
      { recordedEncoding: line.encoding },
    );
  };
}

function encodingOf(value: unknown): Encoding {
  if (value === undefined || value === null) return 'json';
  if (typeof value === 'string' && (ENCODINGS as readonly string[]).includes(value)) return value as Encoding;
  throw unknownVariant(value, ENCODINGS);
}

function maxVersionOf(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 255) {
    throw invalidParams(`Invalid params: invalid type: ${typeName(value)}, expected u8.`);
  }
  return value;
}
