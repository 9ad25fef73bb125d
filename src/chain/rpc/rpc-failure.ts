import { OofError, type ErrorCode } from '../../core/errors/oof-error.ts';
import type { ErrorDisposition } from './rpc-error-codes.ts';

/** Why one attempt failed; also the `kind` label of the error metric. */
export type FailureReason =
  | 'timeout'
  | 'network'
  | 'http_status'
  | 'rate_limited'
  | 'invalid_response'
  | 'rpc_error'
  | 'aborted';

export interface RpcFailureDetails {
  readonly endpoint: string;
  readonly method: string;
  readonly reason: FailureReason;
  readonly disposition: ErrorDisposition;
  /** How long the endpoint asked us to stay away (HTTP `Retry-After`), if it said. */
  readonly retryAfterMs?: number;
  readonly httpStatus?: number;
  readonly rpcCode?: number;
  readonly rpcMessage?: string;
  readonly rpcData?: unknown;
}

const CODE_OF: Record<FailureReason, ErrorCode> = {
  timeout: 'RPC_UNAVAILABLE',
  network: 'RPC_UNAVAILABLE',
  http_status: 'RPC_UNAVAILABLE',
  rate_limited: 'RPC_RATE_LIMITED',
  invalid_response: 'RPC_RESPONSE_INVALID',
  rpc_error: 'RPC_ERROR',
  aborted: 'RPC_UNAVAILABLE',
};

/** One failed attempt against one endpoint: an OofError that also tells the failover layer what to do. */
export class RpcFailure extends OofError {
  readonly details: RpcFailureDetails;

  constructor(details: RpcFailureDetails, message: string, cause?: unknown) {
    super(CODE_OF[details.reason], message, { ...details }, cause);
    this.name = 'RpcFailure';
    this.details = details;
  }
}

/** Anything a transport throws, as an RpcFailure (foreign errors are transport-level, hence transient). */
export function toRpcFailure(e: unknown, endpoint: string, method: string): RpcFailure {
  if (e instanceof RpcFailure) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new RpcFailure(
    { endpoint, method, reason: 'network', disposition: 'transient' },
    `${endpoint}: ${message}`,
    e,
  );
}
