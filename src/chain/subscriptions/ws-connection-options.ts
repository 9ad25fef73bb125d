import type { Logger } from '../../core/log/logger.ts';
import type { BackoffPolicy } from '../rpc/backoff.ts';
import type { Clock, RandomSource } from '../rpc/clock.ts';
import type { ConnectionStatus } from './subscription-spec.ts';
import type { WsMetrics } from './ws-metrics.ts';

export interface WsConnectionOptions {
  readonly url: string;
  /** Label for logs and metrics (the URL may carry an API key). */
  readonly name?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Period of WebSocket ping frames. */
  readonly heartbeatIntervalMs?: number;
  /** Nothing at all received (message, ping or pong) for this long → the connection is dead. */
  readonly silenceTimeoutMs?: number;
  /**
   * No notification for this long → reconnect (and backfill). A node can keep answering pings while its
   * subscriptions have silently stopped; set this for sources that are never quiet that long (a busy
   * program). Off by default: a quiet wallet is not a stalled one.
   */
  readonly stallTimeoutMs?: number;
  /** Handshake plus subscription acknowledgement. */
  readonly connectTimeoutMs?: number;
  readonly reconnect?: BackoffPolicy;
}

export interface WsConnectionDeps {
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly logger?: Logger;
  readonly metrics?: WsMetrics;
  readonly onStatus?: (status: ConnectionStatus) => void;
}

export type ResolvedWsOptions = Required<Omit<WsConnectionOptions, 'stallTimeoutMs' | 'name' | 'headers'>> &
  Pick<WsConnectionOptions, 'stallTimeoutMs' | 'headers'>;

/**
 * Defaults: a ping every 15 s and a dead connection declared after 45 s of total silence — three missed
 * heartbeats — so a healthy but quiet connection always has traffic and a dead one is found within a minute.
 */
export function withDefaults(options: WsConnectionOptions): ResolvedWsOptions {
  return {
    heartbeatIntervalMs: 15_000,
    silenceTimeoutMs: 45_000,
    connectTimeoutMs: 10_000,
    reconnect: { baseMs: 250, maxMs: 30_000 },
    ...options,
  };
}
