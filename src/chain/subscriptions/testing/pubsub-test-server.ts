import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stringify as stringifyExact } from 'lossless-json';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ChainTx } from '../../rpc/testing/recorded-chain.ts';

/** What the n-th connection does after a number of notifications. */
export type ConnectionFault =
  | { readonly kind: 'normal' }
  /** The socket is destroyed mid-stream. */
  | { readonly kind: 'drop'; readonly after: number }
  /** Nothing more is sent, pings included: a dead peer behind a live TCP connection. */
  | { readonly kind: 'silent'; readonly after: number }
  /** Pings are answered but subscriptions stop: the node's stream stalled. */
  | { readonly kind: 'stall'; readonly after: number }
  /** The upgrade is refused with HTTP 503. */
  | { readonly kind: 'refuse' };

interface Sub {
  readonly id: number;
  readonly kind: 'logs' | 'account';
  readonly address: string;
}

interface Conn {
  readonly ws: WebSocket;
  readonly fault: ConnectionFault;
  readonly subs: Map<number, Sub>;
  sent: number;
  mute: 'no' | 'silent' | 'stall';
}

export interface PubsubTestServer {
  readonly url: string;
  /** Connection attempts so far, refused ones included. */
  connections(): number;
  /** Open connections with at least one subscription. */
  subscribed(): number;
  /** logsNotification for every logs subscription the transaction mentions. */
  publish(tx: ChainTx): void;
  /** accountNotification of a `getAccountInfo`-shaped result to the account's subscribers. */
  publishAccount(address: string, result: { context: { slot: number }; value: unknown }): void;
  close(): Promise<void>;
}

/**
 * A Solana pubsub endpoint on 127.0.0.1 (port 0): logsSubscribe (mentions) and accountSubscribe with the
 * documented request, acknowledgement and notification shapes, and scripted faults per connection.
 */
export async function startPubsubServer(faults: (n: number) => ConnectionFault): Promise<PubsubTestServer> {
  let attempts = 0;
  let nextSub = 1000;
  const conns = new Set<Conn>();
  const decided = new WeakMap<IncomingMessage, ConnectionFault>();
  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    // Pongs are sent by hand below so a "silent" connection can stop answering them.
    autoPong: false,
    verifyClient: (info, done) => {
      const fault = faults(attempts++);
      decided.set(info.req, fault);
      if (fault.kind === 'refuse') done(false, 503, 'Service Unavailable');
      else done(true);
    },
  });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  wss.on('connection', (ws, req) => {
    const conn: Conn = {
      ws,
      fault: decided.get(req) ?? { kind: 'normal' },
      subs: new Map(),
      sent: 0,
      mute: 'no',
    };
    conns.add(conn);
    ws.on('close', () => conns.delete(conn));
    ws.on('ping', (data) => {
      if (conn.mute !== 'silent') ws.pong(data);
    });
    ws.on('message', (raw: Buffer) => {
      if (conn.mute === 'silent') return;
      const req = JSON.parse(raw.toString('utf8')) as { id: number; method: string; params: unknown[] };
      const reply = (result: unknown): void =>
        ws.send(JSON.stringify({ jsonrpc: '2.0', result, id: req.id }));
      if (req.method === 'logsSubscribe') {
        const filter = req.params[0] as { mentions: string[] };
        const sub: Sub = { id: nextSub++, kind: 'logs', address: filter.mentions[0] as string };
        conn.subs.set(sub.id, sub);
        reply(sub.id);
      } else if (req.method === 'accountSubscribe') {
        const sub: Sub = { id: nextSub++, kind: 'account', address: req.params[0] as string };
        conn.subs.set(sub.id, sub);
        reply(sub.id);
      } else if (req.method === 'logsUnsubscribe' || req.method === 'accountUnsubscribe') {
        reply(conn.subs.delete(req.params[0] as number));
      } else {
        ws.send(
          JSON.stringify({
            jsonrpc: '2.0',
            error: { code: -32601, message: 'Method not found' },
            id: req.id,
          }),
        );
      }
    });
  });

  const notify = (conn: Conn, sub: Sub, method: string, result: unknown): void => {
    if (conn.mute !== 'no') return;
    conn.ws.send(stringifyExact({ jsonrpc: '2.0', method, params: { result, subscription: sub.id } }) ?? '');
    conn.sent += 1;
    const f = conn.fault;
    if (f.kind === 'drop' && conn.sent >= f.after) conn.ws.terminate();
    if (f.kind === 'silent' && conn.sent >= f.after) conn.mute = 'silent';
    if (f.kind === 'stall' && conn.sent >= f.after) conn.mute = 'stall';
  };

  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    connections: () => attempts,
    subscribed: () => [...conns].filter((c) => c.subs.size > 0 && c.mute === 'no').length,
    publish: (tx) => {
      for (const conn of conns) {
        for (const sub of conn.subs.values()) {
          if (sub.kind !== 'logs' || !tx.accounts.has(sub.address)) continue;
          notify(conn, sub, 'logsNotification', {
            context: { slot: tx.slot },
            value: { signature: tx.signature, err: tx.err, logs: tx.logs },
          });
        }
      }
    },
    publishAccount: (address, result) => {
      for (const conn of conns) {
        for (const sub of conn.subs.values()) {
          if (sub.kind === 'account' && sub.address === address)
            notify(conn, sub, 'accountNotification', result);
        }
      }
    },
    close: async () => {
      for (const c of conns) c.ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
