import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { stringify as stringifyExact } from 'lossless-json';
import { parseJsonExact } from '../../../decoder/input/parse-json-exact.ts';

/** A JSON-RPC error the handler wants the server to answer with. */
export class RpcErrorReply extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

export type RpcHandler = (method: string, params: readonly unknown[]) => unknown;

/** What a misbehaving endpoint does to one HTTP request instead of (or before) answering it. */
export type Fault =
  | { readonly kind: 'rate-limit'; readonly retryAfter?: string }
  | { readonly kind: 'hang' }
  | { readonly kind: 'html'; readonly status: number }
  | { readonly kind: 'truncated' }
  | { readonly kind: 'rpc-error'; readonly code: number; readonly message: string; readonly status?: number }
  | { readonly kind: 'reset' }
  | { readonly kind: 'delay'; readonly ms: number }
  /** A documented response body, served as is with its HTTP status. */
  | { readonly kind: 'verbatim'; readonly status: number; readonly body: unknown };

export interface RecordedRequest {
  readonly methods: readonly string[];
  /** Monotonic (performance.now()): for intervals between requests. */
  readonly atMs: number;
  readonly fault: Fault['kind'] | null;
}

export interface JsonRpcTestServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Most HTTP requests this server was working on at once. */
  readonly maxInFlight: () => number;
  /** Decides the fault of each HTTP request (n counts from 0); null answers normally. */
  faults: (n: number, methods: readonly string[]) => Fault | null;
  handler: RpcHandler;
  close(): Promise<void>;
}

/** A real HTTP JSON-RPC server on 127.0.0.1 (port 0) whose faults are scripted by the test. */
export async function startJsonRpcServer(handler: RpcHandler): Promise<JsonRpcTestServer> {
  const sockets = new Set<Socket>();
  let inFlight = 0;
  let maxInFlight = 0;
  let n = 0;
  const state: JsonRpcTestServer = {
    url: '',
    requests: [],
    maxInFlight: () => maxInFlight,
    faults: () => null,
    handler,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer((req, res) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => (inFlight -= 1));
    void readBody(req).then((text) => serve(state, n++, text, res));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(state, { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` });
}

function serve(state: JsonRpcTestServer, n: number, text: string, res: ServerResponse): void {
  const body = parseJsonExact(text);
  const calls = (Array.isArray(body) ? body : [body]) as {
    id: unknown;
    method: string;
    params?: unknown[];
  }[];
  const methods = calls.map((c) => c.method);
  const atMs = performance.now();
  const fault = state.faults(n, methods);
  state.requests.push({ methods, atMs, fault: fault?.kind ?? null });
  const answer = (): string => {
    const replies = calls.map((c) => reply(state.handler, c));
    return stringifyExact(Array.isArray(body) ? replies : replies[0]) ?? '';
  };
  const send = (status: number, payload: string, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(payload);
  };
  switch (fault?.kind) {
    case undefined:
      return send(200, answer());
    case 'rate-limit':
      return send(
        429,
        // The 429 body Helius documents (helius-docs-openapi rpc-http/*.yaml).
        JSON.stringify({ jsonrpc: '2.0', error: { code: -32005, message: 'Too many requests' }, id: '1' }),
        fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter },
      );
    case 'hang':
      return; // the socket stays open until the client gives up or the server closes
    case 'html':
      res.writeHead(fault.status, { 'content-type': 'text/html' });
      res.end('<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>');
      return;
    case 'truncated': {
      const full = answer();
      return send(200, full.slice(0, Math.max(1, Math.floor(full.length / 2))));
    }
    case 'rpc-error':
      return send(
        fault.status ?? 200,
        JSON.stringify(
          Array.isArray(body)
            ? calls.map((c) => ({
                jsonrpc: '2.0',
                id: c.id,
                error: { code: fault.code, message: fault.message },
              }))
            : {
                jsonrpc: '2.0',
                id: calls[0]?.id ?? null,
                error: { code: fault.code, message: fault.message },
              },
        ),
      );
    case 'reset':
      res.socket?.destroy();
      return;
    case 'verbatim':
      return send(fault.status, JSON.stringify(fault.body));
    case 'delay':
      setTimeout(() => send(200, answer()), fault.ms);
      return;
  }
}

function reply(handler: RpcHandler, c: { id: unknown; method: string; params?: unknown[] }): unknown {
  try {
    return { jsonrpc: '2.0', id: c.id, result: handler(c.method, c.params ?? []) };
  } catch (e) {
    if (e instanceof RpcErrorReply) {
      return {
        jsonrpc: '2.0',
        id: c.id,
        error: { code: e.code, message: e.message, ...(e.data === undefined ? {} : { data: e.data }) },
      };
    }
    throw e;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
