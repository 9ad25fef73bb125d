import { z } from 'zod';
import { rpcErrorDisposition } from './rpc-error-codes.ts';
import { RpcFailure } from './rpc-failure.ts';

export interface JsonRpcRequest {
  readonly jsonrpc: '2.0';
  readonly id: number;
  readonly method: string;
  readonly params: readonly unknown[];
}

const errorObject = z.looseObject({
  code: z.number().int(),
  message: z.string(),
  data: z.unknown().optional(),
});

/** A JSON-RPC 2.0 response object (§5): `result` or `error`, never both; ids as the server echoes them. */
export const jsonRpcResponseSchema = z
  .looseObject({
    jsonrpc: z.literal('2.0'),
    id: z.union([z.number(), z.string(), z.null()]),
    result: z.unknown().optional(),
    error: errorObject.optional(),
  })
  // `result: null` is a real answer (getTransaction of an unknown signature), so test the key, not the value.
  .refine((r) => 'result' in r !== (r.error !== undefined), 'exactly one of result and error');

export type JsonRpcResponse = z.infer<typeof jsonRpcResponseSchema>;

/** The `result` of a response, or the node's error object as an RpcFailure that knows if a retry helps. */
export function unwrapResponse(
  response: JsonRpcResponse,
  context: { readonly endpoint: string; readonly method: string; readonly httpStatus?: number },
): unknown {
  const error = response.error;
  if (error === undefined) return response.result;
  throw new RpcFailure(
    {
      endpoint: context.endpoint,
      method: context.method,
      reason: 'rpc_error',
      disposition: rpcErrorDisposition(error.code),
      rpcCode: error.code,
      rpcMessage: error.message,
      ...(error.data === undefined ? {} : { rpcData: error.data }),
      ...(context.httpStatus === undefined ? {} : { httpStatus: context.httpStatus }),
    },
    `${context.method} on ${context.endpoint}: JSON-RPC error ${error.code}: ${error.message}`,
  );
}

/** Parses one response object; anything else is the endpoint's fault (HTML error page, proxy junk). */
export function readResponse(
  value: unknown,
  context: { readonly endpoint: string; readonly method: string; readonly httpStatus?: number },
): JsonRpcResponse {
  const parsed = jsonRpcResponseSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new RpcFailure(
    {
      endpoint: context.endpoint,
      method: context.method,
      reason: 'invalid_response',
      disposition: 'transient',
    },
    `${context.method} on ${context.endpoint}: not a JSON-RPC response ` +
      `(${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unexpected shape'})`,
  );
}
