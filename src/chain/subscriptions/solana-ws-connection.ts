import WebSocket from 'ws';
import { OofError } from '../../core/errors/oof-error.ts';
import { parseJsonExact } from '../../decoder/input/parse-json-exact.ts';
import { fullJitterDelayMs } from '../rpc/backoff.ts';
import type { SubscriptionSpec } from './subscription-spec.ts';
import {
  withDefaults,
  type ResolvedWsOptions,
  type WsConnectionDeps,
  type WsConnectionOptions,
} from './ws-connection-options.ts';

interface Active {
  readonly spec: SubscriptionSpec;
  subscriptionId: number | null;
  /** When the (re)subscribe request went out and no acknowledgement has come yet. */
  requestedAtMs: number | null;
}

/**
 * One Solana pubsub WebSocket carrying any number of subscriptions, kept alive: ping heartbeat, silence
 * and stall detection, reconnect with full-jitter backoff, resubscription of everything after a reconnect.
 */
export class SolanaWsConnection {
  readonly name: string;
  private readonly o: ResolvedWsOptions;
  private readonly active = new Set<Active>();
  private readonly pending = new Map<number, Active>();
  private readonly bySubscription = new Map<number, Active>();
  private socket: WebSocket | null = null;
  private nextId = 1;
  private attempt = 0;
  private closed = false;
  private lastInboundMs = 0;
  private lastNotificationMs = 0;
  private lastPingMs = 0;
  private cancelTick: (() => void) | null = null;
  private cancelReconnect: (() => void) | null = null;

  constructor(
    options: WsConnectionOptions,
    private readonly deps: WsConnectionDeps,
  ) {
    this.name = options.name ?? new URL(options.url).host;
    this.o = withDefaults(options);
  }

  /** Adds a subscription (subscribed now if connected, on every reconnect after). Connects on first use. */
  add(spec: SubscriptionSpec): () => void {
    if (this.closed) throw new OofError('WS_CLOSED', `WebSocket ${this.name} is closed.`);
    const a: Active = { spec, subscriptionId: null, requestedAtMs: null };
    this.active.add(a);
    if (this.socket === null && this.cancelReconnect === null) this.connect();
    else if (this.socket?.readyState === WebSocket.OPEN) this.subscribe(a);
    return () => this.remove(a);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.cancelReconnect?.();
    this.cancelTick?.();
    const ws = this.socket;
    this.socket = null;
    for (const a of this.active) this.unsubscribe(a, ws);
    this.active.clear();
    this.deps.onStatus?.({ state: 'closed', attempt: this.attempt });
    if (ws === null || ws.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      const cancel = this.deps.clock.setTimer(1000, () => {
        ws.terminate();
        resolve();
      });
      ws.once('close', () => {
        cancel();
        resolve();
      });
      ws.close(1000, 'client closing');
    });
  }

  private remove(a: Active): void {
    if (!this.active.delete(a)) return;
    this.unsubscribe(a, this.socket);
  }

  private connect(): void {
    this.cancelReconnect = null;
    if (this.closed) return;
    this.deps.onStatus?.({ state: 'connecting', attempt: this.attempt });
    const ws = new WebSocket(this.o.url, {
      handshakeTimeout: this.o.connectTimeoutMs,
      ...(this.o.headers === undefined ? {} : { headers: this.o.headers }),
    });
    this.socket = ws;
    const now = (): number => this.deps.clock.now();
    ws.on('open', () => {
      this.lastInboundMs = this.lastNotificationMs = this.lastPingMs = now();
      this.deps.onStatus?.({ state: 'open', attempt: this.attempt });
      for (const a of this.active) this.subscribe(a);
      this.scheduleTick(ws);
    });
    ws.on('message', (data: WebSocket.RawData) => {
      this.lastInboundMs = now();
      this.onMessage(data);
    });
    ws.on('ping', () => (this.lastInboundMs = now()));
    ws.on('pong', () => (this.lastInboundMs = now()));
    ws.on('error', (e) => this.deps.logger?.warn({ endpoint: this.name, err: e.message }, 'websocket error'));
    ws.on('close', (code) => this.lost(ws, `closed (${code})`));
  }

  private onMessage(data: WebSocket.RawData): void {
    let msg: {
      id?: unknown;
      result?: unknown;
      error?: { message?: string };
      method?: string;
      params?: unknown;
    };
    try {
      const bytes = Buffer.isBuffer(data)
        ? data
        : Array.isArray(data)
          ? Buffer.concat(data)
          : Buffer.from(data);
      msg = parseJsonExact(bytes.toString('utf8')) as typeof msg;
    } catch {
      this.deps.logger?.warn({ endpoint: this.name }, 'websocket message is not JSON; ignored');
      return;
    }
    if (typeof msg.id === 'number' && this.pending.has(msg.id)) {
      const a = this.pending.get(msg.id) as Active;
      this.pending.delete(msg.id);
      if (!this.active.has(a)) return;
      if (typeof msg.result === 'number') {
        a.subscriptionId = msg.result;
        a.requestedAtMs = null;
        this.bySubscription.set(msg.result, a);
        // A subscription acknowledged: the connection works, the next failure starts backing off afresh.
        this.attempt = 0;
        a.spec.onSubscribed();
      } else {
        this.active.delete(a);
        a.spec.onRefused(
          new OofError(
            'WS_UNAVAILABLE',
            `${a.spec.method} refused by ${this.name}: ${msg.error?.message ?? 'no result'}`,
          ),
        );
      }
      return;
    }
    const params = msg.params as { subscription?: unknown; result?: unknown } | undefined;
    if (typeof msg.method === 'string' && typeof params?.subscription === 'number') {
      const a = this.bySubscription.get(params.subscription);
      if (a === undefined) return; // a late notification of an unsubscribed or previous-connection id
      this.lastNotificationMs = this.deps.clock.now();
      this.deps.metrics?.notifications.inc({ endpoint: this.name, method: msg.method });
      a.spec.onNotification(params.result);
    }
  }

  /** One timer drives heartbeat, silence and stall checks, all against the injected clock. */
  private scheduleTick(ws: WebSocket): void {
    const o = this.o;
    const every = Math.max(
      10,
      Math.min(o.heartbeatIntervalMs, o.silenceTimeoutMs / 3, (o.stallTimeoutMs ?? Infinity) / 3),
    );
    this.cancelTick = this.deps.clock.setTimer(every, () => {
      if (this.socket !== ws) return;
      const now = this.deps.clock.now();
      const unacked = [...this.active].some(
        (a) => a.requestedAtMs !== null && now - a.requestedAtMs >= o.connectTimeoutMs,
      );
      if (now - this.lastInboundMs >= o.silenceTimeoutMs) return this.drop(ws, 'silent');
      if (o.stallTimeoutMs !== undefined && now - this.lastNotificationMs >= o.stallTimeoutMs) {
        return this.drop(ws, 'stalled');
      }
      if (unacked) return this.drop(ws, 'subscribe timeout');
      if (now - this.lastPingMs >= o.heartbeatIntervalMs) {
        this.lastPingMs = now;
        ws.ping();
      }
      this.scheduleTick(ws);
    });
  }

  private drop(ws: WebSocket, reason: string): void {
    if (reason === 'stalled') {
      const e = new OofError(
        'WS_STALLED',
        `No notification from ${this.name} within ${this.o.stallTimeoutMs} ms.`,
      );
      this.deps.logger?.warn({ endpoint: this.name, code: e.code }, e.message);
    }
    ws.terminate();
    this.lost(ws, reason);
  }

  /** The connection is gone: forget its subscription ids and come back after a jittered backoff. */
  private lost(ws: WebSocket, reason: string): void {
    if (this.socket !== ws) return;
    this.socket = null;
    this.cancelTick?.();
    this.pending.clear();
    this.bySubscription.clear();
    for (const a of this.active) {
      a.subscriptionId = null;
      a.requestedAtMs = null;
    }
    if (this.closed) return;
    const kind = reason.startsWith('closed') ? 'closed' : reason;
    this.deps.metrics?.reconnects.inc({ endpoint: this.name, reason: kind });
    this.deps.logger?.warn(
      { endpoint: this.name, reason, attempt: this.attempt },
      'websocket lost; reconnecting',
    );
    this.deps.onStatus?.({ state: 'reconnecting', reason, attempt: this.attempt });
    const delayMs = fullJitterDelayMs(this.attempt++, this.o.reconnect, this.deps.random);
    this.cancelReconnect = this.deps.clock.setTimer(delayMs, () => this.connect());
  }

  private subscribe(a: Active): void {
    const id = this.nextId++;
    this.pending.set(id, a);
    a.requestedAtMs = this.deps.clock.now();
    this.socket?.send(JSON.stringify({ jsonrpc: '2.0', id, method: a.spec.method, params: a.spec.params }));
  }

  private unsubscribe(a: Active, ws: WebSocket | null): void {
    if (a.subscriptionId === null || ws?.readyState !== WebSocket.OPEN) return;
    this.bySubscription.delete(a.subscriptionId);
    const method = a.spec.method.replace('Subscribe', 'Unsubscribe');
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: this.nextId++, method, params: [a.subscriptionId] }));
    a.subscriptionId = null;
  }
}
