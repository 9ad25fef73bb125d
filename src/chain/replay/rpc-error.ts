/**
 * A JSON-RPC error the replay server answers with, using the codes and messages of the Agave node
 * (`solana-rpc` custom errors and jsonrpc-core standard ones), so clients meet the same failures offline.
 */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
export const METHOD_NOT_FOUND = -32601;
export const INVALID_PARAMS = -32602;
/** Agave JSON_RPC_SERVER_ERROR_BLOCK_NOT_AVAILABLE. */
export const BLOCK_NOT_AVAILABLE = -32004;
/** Agave JSON_RPC_SERVER_ERROR_UNSUPPORTED_TRANSACTION_VERSION. */
export const UNSUPPORTED_TRANSACTION_VERSION = -32015;
/** Agave JSON_RPC_SERVER_ERROR_MIN_CONTEXT_SLOT_NOT_REACHED. */
export const MIN_CONTEXT_SLOT_NOT_REACHED = -32016;

export function invalidParams(message: string, data?: unknown): RpcError {
  return new RpcError(INVALID_PARAMS, message, data);
}
