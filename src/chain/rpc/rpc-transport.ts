/**
 * The narrow port every layer of the RPC client speaks, in the spirit of @solana/kit's `RpcTransport`: one
 * JSON-RPC call in, its validated `result` out. Layers (HTTP, batching, limits, failover) wrap one another
 * and all keep this shape, so tests and callers can stack them as they need.
 */
export interface RpcCall<T> {
  readonly method: string;
  readonly params: readonly unknown[];
  /**
   * Validates the untrusted `result` at the edge. It runs inside the attempt, so a node that answers with
   * a malformed result counts as a failed attempt of that endpoint and the call fails over.
   */
  readonly parse: (result: unknown) => T;
  readonly signal?: AbortSignal;
}

export type RpcTransport = <T>(call: RpcCall<T>) => Promise<T>;

/** Solana commitment levels (https://solana.com/docs/rpc#configuring-state-commitment). */
export type Commitment = 'processed' | 'confirmed' | 'finalized';

/** Methods that read confirmed history (getSignaturesForAddress, getTransaction) refuse `processed`. */
export type HistoryCommitment = Exclude<Commitment, 'processed'>;
