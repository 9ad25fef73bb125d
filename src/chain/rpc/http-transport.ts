import { stringify as stringifyExact } from 'lossless-json';
import type { ZodError } from 'zod';
import { createBatchScheduler, type BatchOptions } from './batch-scheduler.ts';
import type { Clock } from './clock.ts';
import { readResponse, unwrapResponse, type JsonRpcRequest } from './json-rpc-envelope.ts';
import { postJsonRpc } from './post-json-rpc.ts';
import { RpcFailure, toRpcFailure } from './rpc-failure.ts';
import type { RpcCall, RpcTransport } from './rpc-transport.ts';

export interface HttpEndpointConfig {
  readonly url: string;
  /** Label in logs, metrics and errors; defaults to the URL's host (the URL itself may hold an API key). */
  readonly name?: string;
  /** Per HTTP request, body included. */
  readonly timeoutMs?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** JSON-RPC batching (array bodies); only for endpoints whose plan accepts batches. Off by default. */
  readonly batch?: BatchOptions;
}

export const DEFAULT_TIMEOUT_MS = 15_000;

export function endpointName(config: Pick<HttpEndpointConfig, 'url' | 'name'>): string {
  if (config.name !== undefined) return config.name;
  const url = new URL(config.url);
  return url.port === '' ? url.hostname : `${url.hostname}:${url.port}`;
}

interface Pending {
  readonly request: JsonRpcRequest;
  readonly call: RpcCall<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (e: unknown) => void;
}

/** One endpoint as an RpcTransport: serialize, POST (batched when configured), unwrap, validate. */
export function createHttpTransport(
  config: HttpEndpointConfig,
  deps: { readonly clock: Clock; readonly fetch?: typeof fetch },
): RpcTransport {
  const endpoint = endpointName(config);
  const base = {
    url: config.url,
    endpoint,
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    headers: config.headers ?? {},
    clock: deps.clock,
    fetch: deps.fetch ?? globalThis.fetch,
  };
  let nextId = 1;
  const request = (call: RpcCall<unknown>): JsonRpcRequest => ({
    jsonrpc: '2.0',
    id: nextId++,
    method: call.method,
    params: call.params,
  });
  const settle = (p: Pending, response: unknown, httpStatus: number): void => {
    try {
      const envelope = readResponse(response, { endpoint, method: p.call.method, httpStatus });
      p.resolve(
        validate(p.call, unwrapResponse(envelope, { endpoint, method: p.call.method, httpStatus }), endpoint),
      );
    } catch (e) {
      p.reject(e);
    }
  };

  const sendBatch = (items: Pending[]): void => {
    const method = [...new Set(items.map((p) => p.call.method))].join('+');
    postJsonRpc(serialize(items.map((p) => p.request)), { ...base, method })
      .then(({ status, body }) => {
        if (!Array.isArray(body)) {
          // A single error object for an array request: the endpoint refuses batches (or the whole body).
          for (const p of items) settle(p, body, status);
          return;
        }
        const byId = new Map<unknown, unknown>();
        for (const r of body as unknown[]) {
          if (typeof r === 'object' && r !== null && 'id' in r) byId.set((r as { id: unknown }).id, r);
        }
        for (const p of items) {
          const r = byId.get(p.request.id);
          if (r === undefined) {
            p.reject(
              new RpcFailure(
                { endpoint, method: p.call.method, reason: 'invalid_response', disposition: 'transient' },
                `${p.call.method} on ${endpoint}: batch response has no entry for id ${p.request.id}`,
              ),
            );
          } else settle(p, r, status);
        }
      })
      .catch((e: unknown) => {
        for (const p of items) p.reject(toRpcFailure(e, endpoint, p.call.method));
      });
  };
  const enqueue =
    config.batch === undefined ? null : createBatchScheduler(config.batch, deps.clock, sendBatch);

  const transport = async <T>(call: RpcCall<T>): Promise<T> => {
    const req = request(call as RpcCall<unknown>);
    if (enqueue !== null) {
      // A batch is one HTTP request shared by several callers: one caller's AbortSignal cannot cancel it,
      // so in batch mode signals are not forwarded (the endpoint timeout still bounds the wait).
      return new Promise<T>((resolve, reject) => {
        enqueue({
          request: req,
          call: call as RpcCall<unknown>,
          resolve: resolve as (v: unknown) => void,
          reject,
        });
      });
    }
    const { status, body } = await postJsonRpc(serialize(req), {
      ...base,
      method: call.method,
      ...(call.signal === undefined ? {} : { signal: call.signal }),
    });
    const envelope = readResponse(body, { endpoint, method: call.method, httpStatus: status });
    return validate(
      call,
      unwrapResponse(envelope, { endpoint, method: call.method, httpStatus: status }),
      endpoint,
    );
  };
  return transport;
}

function validate<T>(call: RpcCall<T>, result: unknown, endpoint: string): T {
  try {
    return call.parse(result);
  } catch (e) {
    const issue = (e as Partial<ZodError>).issues?.[0];
    const where = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : String(e);
    throw new RpcFailure(
      { endpoint, method: call.method, reason: 'invalid_response', disposition: 'transient' },
      `${call.method} on ${endpoint}: result does not match the method's schema (${where})`,
      e,
    );
  }
}

/** bigint params (slots, lamports) go out as plain JSON integers, as the node expects. */
function serialize(payload: unknown): string {
  return stringifyExact(payload) ?? 'null';
}
