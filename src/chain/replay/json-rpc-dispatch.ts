import type { Logger } from '../../core/log/logger.ts';
import { parseJsonExact } from '../../decoder/input/parse-json-exact.ts';
import { stringifyExact } from '../archive/json-text.ts';
import type { RpcMethod } from './methods/rpc-methods.ts';
import { RawJson } from './raw-json.ts';
import { INVALID_REQUEST, invalidParams, METHOD_NOT_FOUND, PARSE_ERROR, RpcError } from './rpc-error.ts';

/**
 * A JSON-RPC 2.0 request body (one call or a batch) answered with the given methods. Returns the response
 * text, or null when every call was a notification (no `id`), which gets no response. Calls of a batch run
 * concurrently and are answered in request order. A method that throws a foreign error answers -32603 and
 * is logged: the server's own bug must not take the connection down.
 */
export async function dispatchJsonRpc(
  text: string,
  methods: ReadonlyMap<string, RpcMethod>,
  logger?: Logger,
): Promise<string | null> {
  let body: unknown;
  try {
    body = parseJsonExact(text);
  } catch {
    return errorReply(null, new RpcError(PARSE_ERROR, 'Parse error'));
  }
  if (Array.isArray(body)) {
    if (body.length === 0) return errorReply(null, new RpcError(INVALID_REQUEST, 'Invalid request'));
    const replies = await Promise.all(body.map((call) => answer(call, methods, logger)));
    const sent = replies.filter((r): r is string => r !== null);
    return sent.length === 0 ? null : `[${sent.join(',')}]`;
  }
  return answer(body, methods, logger);
}

async function answer(
  call: unknown,
  methods: ReadonlyMap<string, RpcMethod>,
  logger?: Logger,
): Promise<string | null> {
  if (typeof call !== 'object' || call === null || Array.isArray(call)) {
    return errorReply(null, new RpcError(INVALID_REQUEST, 'Invalid request'));
  }
  const c = call as { jsonrpc?: unknown; id?: unknown; method?: unknown; params?: unknown };
  const id = typeof c.id === 'string' || typeof c.id === 'number' ? c.id : null;
  const isNotification = !('id' in c);
  if (c.jsonrpc !== '2.0' || typeof c.method !== 'string') {
    return errorReply(id, new RpcError(INVALID_REQUEST, 'Invalid request'));
  }
  try {
    const method = methods.get(c.method);
    if (method === undefined) throw new RpcError(METHOD_NOT_FOUND, 'Method not found');
    if (c.params !== undefined && c.params !== null && !Array.isArray(c.params)) {
      throw invalidParams('Invalid params: invalid type: map, expected a sequence.');
    }
    const result = await method((c.params as unknown[] | undefined | null) ?? []);
    return isNotification ? null : resultReply(id, result);
  } catch (e) {
    if (e instanceof RpcError) return isNotification ? null : errorReply(id, e);
    logger?.error({ err: e, method: c.method }, 'replay-rpc method failed');
    return isNotification ? null : errorReply(id, new RpcError(-32603, 'Internal error'));
  }
}

/** Key order as the node writes it: jsonrpc, result, id. A RawJson result is spliced in as is. */
function resultReply(id: string | number | null, result: unknown): string {
  if (result instanceof RawJson)
    return `{"jsonrpc":"2.0","result":${result.text},"id":${JSON.stringify(id)}}`;
  return stringifyExact({ jsonrpc: '2.0', result, id });
}

function errorReply(id: string | number | null, e: RpcError): string {
  return stringifyExact({
    jsonrpc: '2.0',
    error: { code: e.code, message: e.message, ...(e.data === undefined ? {} : { data: e.data }) },
    id,
  });
}
