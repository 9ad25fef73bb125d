import { parseJsonExact } from '../../decoder/input/parse-json-exact.ts';
import type { Clock } from './clock.ts';
import { parseRetryAfterMs } from './retry-after.ts';
import { RpcFailure } from './rpc-failure.ts';

export interface PostOptions {
  readonly url: string;
  /** Label for errors: never the URL, which often carries an API key (`?api-key=`). */
  readonly endpoint: string;
  /** Method name(s) for errors and metrics (`a+b` for a batch). */
  readonly method: string;
  readonly timeoutMs: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly clock: Clock;
  readonly fetch: typeof fetch;
  readonly signal?: AbortSignal;
}

export interface PostResult {
  readonly status: number;
  /** The body parsed with u64 kept exact (integers above 2^53 as bigint). */
  readonly body: unknown;
}

/** Default cooldown after a 429 that names no `Retry-After`. */
export const DEFAULT_RATE_LIMIT_COOLDOWN_MS = 1000;

/**
 * POSTs one JSON-RPC body and returns the parsed JSON. Throws RpcFailure for everything that is the
 * endpoint's or the network's fault: timeout, connection error, 429, 5xx, a body that is not JSON.
 * 4xx bodies that are JSON-RPC error objects (Helius answers invalid params with HTTP 400) are returned,
 * so the caller maps the node's error code.
 */
export async function postJsonRpc(body: string, o: PostOptions): Promise<PostResult> {
  const controller = new AbortController();
  const cancelTimer = o.clock.setTimer(o.timeoutMs, () => controller.abort(new Error('timeout')));
  const onCallerAbort = (): void => controller.abort(new Error('aborted'));
  o.signal?.addEventListener('abort', onCallerAbort, { once: true });
  const fail = (reason: 'timeout' | 'network' | 'aborted', message: string, cause?: unknown): RpcFailure =>
    new RpcFailure(
      {
        endpoint: o.endpoint,
        method: o.method,
        reason,
        // The caller gave up: retrying would do work nobody waits for.
        disposition: reason === 'aborted' ? 'deterministic' : 'transient',
      },
      `${o.method} on ${o.endpoint}: ${message}`,
      cause,
    );
  try {
    let response: Response;
    let text: string;
    try {
      response = await o.fetch(o.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...o.headers },
        body,
        signal: controller.signal,
      });
      // The timeout covers the body too: a server may send headers and then stall.
      text = await response.text();
    } catch (cause) {
      if (o.signal?.aborted === true) throw fail('aborted', 'aborted by the caller', cause);
      if (controller.signal.aborted)
        throw fail('timeout', `no complete response within ${o.timeoutMs} ms`, cause);
      throw fail('network', describeNetworkError(cause), cause);
    }
    return interpret(response, text, o);
  } finally {
    cancelTimer();
    o.signal?.removeEventListener('abort', onCallerAbort);
  }
}

function interpret(response: Response, text: string, o: PostOptions): PostResult {
  const status = response.status;
  const retryAfterMs = parseRetryAfterMs(response.headers.get('retry-after'), o.clock.now());
  const body = tryParse(text);
  const where = `${o.method} on ${o.endpoint}`;
  if (status === 429) {
    const waitMs = retryAfterMs ?? DEFAULT_RATE_LIMIT_COOLDOWN_MS;
    throw new RpcFailure(
      {
        endpoint: o.endpoint,
        method: o.method,
        reason: 'rate_limited',
        disposition: 'transient',
        retryAfterMs: waitMs,
        httpStatus: status,
      },
      `${where}: HTTP 429 Too Many Requests (retry after ${waitMs} ms)`,
    );
  }
  if (status >= 500 || status === 408) {
    throw new RpcFailure(
      {
        endpoint: o.endpoint,
        method: o.method,
        reason: 'http_status',
        disposition: 'transient',
        httpStatus: status,
        ...(retryAfterMs === null ? {} : { retryAfterMs }),
      },
      `${where}: HTTP ${status}${snippet(text)}`,
    );
  }
  if (status >= 400 && !looksLikeJsonRpc(body)) {
    // 401/403 (bad API key), 404 (wrong path), 413…: this endpoint cannot serve us, another may.
    throw new RpcFailure(
      {
        endpoint: o.endpoint,
        method: o.method,
        reason: 'http_status',
        disposition: 'endpoint',
        httpStatus: status,
      },
      `${where}: HTTP ${status}${snippet(text)}`,
    );
  }
  if (body === undefined) {
    throw new RpcFailure(
      {
        endpoint: o.endpoint,
        method: o.method,
        reason: 'invalid_response',
        disposition: 'transient',
        httpStatus: status,
      },
      `${where}: HTTP ${status} body is not JSON${snippet(text)}`,
    );
  }
  return { status, body };
}

function tryParse(text: string): unknown {
  try {
    return parseJsonExact(text);
  } catch {
    return undefined;
  }
}

function looksLikeJsonRpc(body: unknown): boolean {
  const one = Array.isArray(body) ? (body as unknown[])[0] : body;
  return typeof one === 'object' && one !== null && 'jsonrpc' in one;
}

function snippet(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t === '' ? '' : `: ${t.length > 120 ? `${t.slice(0, 120)}…` : t}`;
}

function describeNetworkError(e: unknown): string {
  // undici wraps the socket error: "fetch failed" with cause ECONNREFUSED / ECONNRESET / UND_ERR_SOCKET.
  const cause =
    e instanceof Error ? (e.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const message = e instanceof Error ? e.message : String(e);
  return code === undefined ? message : `${message} (${code})`;
}
