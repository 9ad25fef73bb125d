import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../../core/log/logger.ts';
import { dispatchJsonRpc } from '../json-rpc-dispatch.ts';
import type { RpcMethod } from '../methods/rpc-methods.ts';
import type { FaultInjector } from './fault-injection.ts';

/** Requests far larger than any Solana call (a 1000-call batch is ~150 KB) are refused before parsing. */
const MAX_BODY_BYTES = 1 << 20;

/**
 * The HTTP side of the replay node: `POST` JSON-RPC on any path (as Agave), `GET /health` → `ok` (Agave's
 * health endpoint), anything else 405. Injected faults apply to JSON-RPC requests only.
 */
export function rpcHttpHandler(
  methods: ReadonlyMap<string, RpcMethod>,
  faults: FaultInjector,
  logger?: Logger,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if (req.method === 'GET' && req.url === '/health') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    if (req.method !== 'POST') {
      res
        .writeHead(405, { allow: 'POST', 'content-type': 'text/plain' })
        .end('Used HTTP Method is not allowed. POST or OPTIONS is required');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) {
        res.writeHead(413, { 'content-type': 'text/plain' }).end('Payload Too Large');
        return;
      }
      void answer(Buffer.concat(chunks).toString('utf8'), methods, faults, res, logger);
    });
    req.on('error', () => res.destroy());
  };
}

async function answer(
  text: string,
  methods: ReadonlyMap<string, RpcMethod>,
  faults: FaultInjector,
  res: ServerResponse,
  logger?: Logger,
): Promise<void> {
  try {
    const fault = faults.decide();
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    if (fault === 'unavailable') {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('Service Unavailable');
      return;
    }
    if (fault === 'rate-limited') {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' }).end(
        JSON.stringify({
          jsonrpc: '2.0',
          error: { code: 429, message: 'Too many requests for a specific RPC call' },
          id: null,
        }),
      );
      return;
    }
    const body = await dispatchJsonRpc(text, methods, logger);
    if (body === null) res.writeHead(204).end();
    else res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  } catch (e) {
    logger?.error({ err: e }, 'replay-rpc request failed');
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error');
  }
}
