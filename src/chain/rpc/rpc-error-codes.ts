/**
 * What a JSON-RPC error code means for a retry:
 * - `transient`: the same question may succeed later or on another node (retry with backoff);
 * - `endpoint`: this node cannot answer it (pruned ledger, no history, method disabled) but another may,
 *   so fail over and do not ask this node again for this call;
 * - `deterministic`: the question itself is wrong; every node gives the same answer, never retry.
 */
export type ErrorDisposition = 'transient' | 'endpoint' | 'deterministic';

// Agave `rpc-client-api/src/custom_error.rs` (codes -32001…-32016) and JSON-RPC 2.0 §5.1.
const DISPOSITIONS: ReadonlyMap<number, ErrorDisposition> = new Map<number, ErrorDisposition>([
  [-32700, 'deterministic'], // parse error: our request body is not JSON
  [-32600, 'deterministic'], // invalid request
  [-32601, 'endpoint'], // method not found: providers disable methods per plan (e.g. getTokenLargestAccounts)
  [-32602, 'deterministic'], // invalid params
  [-32603, 'transient'], // internal error
  [-32001, 'endpoint'], // BLOCK_CLEANED_UP: this node pruned the slot; an archival node still has it
  // -32002 / -32003 are preflight and signature-verification failures of sendTransaction in Agave, which
  // this client never sends; for reads, Helius documents them as "Service unavailable" (HTTP 503) and
  // "Gateway timeout" (HTTP 504) (helius-docs-openapi rpc-http/*.yaml), so they are transient here.
  [-32002, 'transient'],
  [-32003, 'transient'],
  [-32004, 'transient'], // BLOCK_NOT_AVAILABLE: not yet available on this node
  // NODE_UNHEALTHY (node behind); Helius also uses -32005 for "Too many requests" on HTTP 429.
  [-32005, 'transient'],
  [-32006, 'deterministic'], // TRANSACTION_PRECOMPILE_VERIFICATION_FAILURE
  [-32007, 'deterministic'], // SLOT_SKIPPED: no block was produced in that slot
  [-32008, 'endpoint'], // NO_SNAPSHOT
  [-32009, 'deterministic'], // LONG_TERM_STORAGE_SLOT_SKIPPED
  [-32010, 'endpoint'], // KEY_EXCLUDED_FROM_SECONDARY_INDEX: this node's index config
  [-32011, 'endpoint'], // TRANSACTION_HISTORY_NOT_AVAILABLE: node runs without history
  [-32012, 'transient'], // SCAN_ERROR
  [-32013, 'deterministic'], // TRANSACTION_SIGNATURE_LEN_MISMATCH
  [-32014, 'transient'], // BLOCK_STATUS_NOT_AVAILABLE_YET
  [-32015, 'deterministic'], // UNSUPPORTED_TRANSACTION_VERSION: maxSupportedTransactionVersion too low
  [-32016, 'transient'], // MIN_CONTEXT_SLOT_NOT_REACHED: this node is behind the asked slot
]);

export function rpcErrorDisposition(code: number): ErrorDisposition {
  const known = DISPOSITIONS.get(code);
  if (known !== undefined) return known;
  // JSON-RPC reserves -32000…-32099 for implementation-defined server errors: newer Agave codes and
  // provider-specific ones (rate limits, overload). Assume the server may recover; anything else is a
  // client-side mistake.
  return code <= -32000 && code >= -32099 ? 'transient' : 'deterministic';
}
