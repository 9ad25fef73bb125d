import type { OofError } from '../../core/errors/oof-error.ts';

/** One pubsub subscription as the connection sees it: how to (re)subscribe and where notifications go. */
export interface SubscriptionSpec {
  /** e.g. `logsSubscribe`; the unsubscribe method is derived (`logsUnsubscribe`). */
  readonly method: 'logsSubscribe' | 'accountSubscribe';
  readonly params: readonly unknown[];
  /** `params.result` of each notification (already parsed with u64 exact). */
  onNotification(result: unknown): void;
  /** The node acknowledged the subscription, on the first connection or after a reconnect. */
  onSubscribed(): void;
  /** The node refused the subscription (bad params): it will not be retried. */
  onRefused(error: OofError): void;
}

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface ConnectionStatus {
  readonly state: ConnectionState;
  /** Why the previous connection ended (silence, stall, close code, error), when reconnecting. */
  readonly reason?: string;
  /** Reconnect attempts since the last healthy connection. */
  readonly attempt: number;
}
