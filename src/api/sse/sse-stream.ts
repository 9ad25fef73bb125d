import type { FastifyReply, FastifyRequest } from 'fastify';

/** One Server-Sent Events stream on a hijacked reply: `send` writes an event, `close` ends it. */
export interface SseStream {
  send(event: { id?: string | number; event: string; data: unknown }): void;
  comment(text: string): void;
  readonly closed: boolean;
  onClose(fn: () => void): void;
  close(): void;
}

const HEARTBEAT_MS = 15_000;

/**
 * Opens an SSE response (text/event-stream, no buffering by proxies, a comment heartbeat every 15 s so idle
 * connections are not cut). The caller owns the stream until the client goes away or it calls `close`.
 */
export function openSse(request: FastifyRequest, reply: FastifyReply): SseStream {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'x-request-id': String(request.id),
  });
  res.write(': stream open\n\n');
  const closers: Array<() => void> = [];
  let closed = false;
  const finish = (): void => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    for (const fn of closers) fn();
  };
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  request.raw.on('close', finish);
  return {
    send({ id, event, data }) {
      if (closed) return;
      let out = '';
      if (id !== undefined) out += `id: ${id}\n`;
      out += `event: ${event}\n`;
      for (const line of JSON.stringify(data).split('\n')) out += `data: ${line}\n`;
      res.write(`${out}\n`);
    },
    comment(text) {
      if (!closed) res.write(`: ${text}\n\n`);
    },
    get closed() {
      return closed;
    },
    onClose(fn) {
      closers.push(fn);
    },
    close() {
      finish();
      res.end();
    },
  };
}

/** `Last-Event-ID` (header, or `lastEventId` query for clients that cannot set headers) as a number ≥ 0. */
export function lastEventId(request: FastifyRequest): number {
  const header = request.headers['last-event-id'];
  const query = (request.query as { lastEventId?: unknown } | undefined)?.lastEventId;
  const raw = typeof header === 'string' ? header : typeof query === 'string' ? query : undefined;
  const n = raw === undefined ? 0 : Number.parseInt(raw, 10);
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}
