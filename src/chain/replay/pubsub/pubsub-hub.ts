import type { Server } from 'node:http';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Logger } from '../../../core/log/logger.ts';
import { parseJsonExact } from '../../../decoder/input/parse-json-exact.ts';
import type { AccountLine, LogLine } from '../../archive/archive-lines.ts';
import type { ArchiveReader } from '../../archive/archive-reader.ts';
import { stringifyExact } from '../../archive/json-text.ts';
import { accountEncodingOf, renderAccountValue, type AccountEncoding } from '../methods/account-rendering.ts';
import { INVALID_REQUEST, invalidParams, METHOD_NOT_FOUND, PARSE_ERROR, RpcError } from '../rpc-error.ts';
import { addressParam, checkCommitment, configParam } from '../rpc-params.ts';

type Subscription =
  | { readonly kind: 'logs'; readonly ws: WebSocket; readonly mentions: string | null }
  | {
      readonly kind: 'account';
      readonly ws: WebSocket;
      readonly address: string;
      readonly encoding: AccountEncoding;
    };

export interface PubsubHub {
  /** Sends a logsNotification to every subscription it matches (`ordinal`: the transaction, if archived). */
  publishLogs(line: LogLine, ordinal: number | undefined): void;
  publishAccount(line: AccountLine): void;
  /** Bytes queued on all sockets: the replay slows down when clients do not keep up. */
  bufferedBytes(): number;
  subscriptionCount(): number;
  close(): Promise<void>;
}

/**
 * Solana pubsub on the replay server's port: `logsSubscribe` (`all`, `allWithVotes`, `{mentions: [one
 * address]}`) and `accountSubscribe`, with their unsubscribe methods. Subscription ids are unique per
 * server; acknowledgements and notifications have the node's shapes. `onSubscribe` fires on every
 * acknowledged subscription (the timeline starts on the first).
 */
export function attachPubsub(
  server: Server,
  archive: ArchiveReader,
  options: { readonly onSubscribe?: () => void; readonly logger?: Logger } = {},
): PubsubHub {
  const wss = new WebSocketServer({ server });
  const subs = new Map<number, Subscription>();
  let nextId = 0;

  const subscribe = (ws: WebSocket, method: string, params: readonly unknown[]): number | boolean => {
    switch (method) {
      case 'logsSubscribe': {
        checkCommitment(configParam(params[1]), false);
        const id = nextId++;
        subs.set(id, { kind: 'logs', ws, mentions: logsFilter(params[0]) });
        return id;
      }
      case 'accountSubscribe': {
        const address = addressParam(params[0]);
        const config = configParam(params[1]);
        checkCommitment(config, false);
        const id = nextId++;
        subs.set(id, { kind: 'account', ws, address, encoding: accountEncodingOf(config.encoding) });
        return id;
      }
      case 'logsUnsubscribe':
      case 'accountUnsubscribe': {
        const id = params[0];
        const sub = typeof id === 'number' ? subs.get(id) : undefined;
        const kind = method === 'logsUnsubscribe' ? 'logs' : 'account';
        if (sub === undefined || sub.ws !== ws || sub.kind !== kind)
          throw invalidParams('Invalid subscription id.');
        subs.delete(id as number);
        return true;
      }
      default:
        throw new RpcError(METHOD_NOT_FOUND, 'Method not found');
    }
  };

  const onMessage = (ws: WebSocket, data: RawData): void => {
    let request: { id?: unknown; method?: unknown; params?: unknown; jsonrpc?: unknown };
    try {
      request = parseJsonExact(rawText(data)) as typeof request;
    } catch {
      ws.send(
        stringifyExact({ jsonrpc: '2.0', error: { code: PARSE_ERROR, message: 'Parse error' }, id: null }),
      );
      return;
    }
    const id = typeof request.id === 'number' || typeof request.id === 'string' ? request.id : null;
    try {
      if (typeof request !== 'object' || request === null || typeof request.method !== 'string') {
        throw new RpcError(INVALID_REQUEST, 'Invalid request');
      }
      const params = Array.isArray(request.params) ? (request.params as unknown[]) : [];
      const result = subscribe(ws, request.method, params);
      ws.send(stringifyExact({ jsonrpc: '2.0', result, id }));
      if (typeof result === 'number') options.onSubscribe?.();
    } catch (e) {
      if (!(e instanceof RpcError)) options.logger?.error({ err: e }, 'replay pubsub request failed');
      const error = e instanceof RpcError ? e : new RpcError(-32603, 'Internal error');
      ws.send(stringifyExact({ jsonrpc: '2.0', error: { code: error.code, message: error.message }, id }));
    }
  };

  wss.on('connection', (ws) => {
    ws.on('message', (data) => onMessage(ws, data));
    ws.on('close', () => {
      for (const [id, sub] of subs) if (sub.ws === ws) subs.delete(id);
    });
    ws.on('error', () => ws.terminate());
  });

  const notify = (id: number, sub: Subscription, method: string, result: unknown): void => {
    if (sub.ws.readyState !== sub.ws.OPEN) return;
    sub.ws.send(stringifyExact({ jsonrpc: '2.0', method, params: { result, subscription: id } }));
  };

  return {
    publishLogs(line, ordinal) {
      const result = {
        context: { slot: Number(line.slot) },
        value: { signature: line.signature, err: line.err, logs: line.logs },
      };
      for (const [id, sub] of subs) {
        if (sub.kind !== 'logs') continue;
        const m = sub.mentions;
        const matches =
          m === null || line.mentions.includes(m) || (ordinal !== undefined && archive.mentions(m, ordinal));
        if (matches) notify(id, sub, 'logsNotification', result);
      }
    },
    publishAccount(line) {
      for (const [id, sub] of subs) {
        if (sub.kind !== 'account' || sub.address !== line.address || line.value === null) continue;
        let value: unknown;
        try {
          value = renderAccountValue(line, sub.encoding);
        } catch {
          continue; // an encoding the archive cannot serve for this account: the node would not have sent it
        }
        notify(id, sub, 'accountNotification', { context: { slot: Number(line.slot) }, value });
      }
    },
    bufferedBytes: () => [...wss.clients].reduce((n, ws) => n + ws.bufferedAmount, 0),
    subscriptionCount: () => subs.size,
    close: async () => {
      for (const ws of wss.clients) ws.close(1001, 'replay server shutting down');
      const closing = new Promise<void>((resolve) => wss.close(() => resolve()));
      // Clients that do not answer the close handshake within a second are cut off.
      const timer = setTimeout(() => {
        for (const ws of wss.clients) ws.terminate();
      }, 1000);
      await closing;
      clearTimeout(timer);
    },
  };
}

/** `{mentions: [address]}` (the node takes exactly one), `all` or `allWithVotes` (null = everything). */
function logsFilter(filter: unknown): string | null {
  if (filter === 'all' || filter === 'allWithVotes') return null;
  const mentions = (filter as { mentions?: unknown } | null)?.mentions;
  if (typeof filter === 'object' && filter !== null && Array.isArray(mentions)) {
    if (mentions.length !== 1) throw invalidParams('Invalid Request: Only 1 address supported');
    return addressParam(mentions[0]);
  }
  throw invalidParams('Invalid params: expected "all", "allWithVotes" or {"mentions": [address]}.');
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
