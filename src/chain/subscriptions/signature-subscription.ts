import { isRetryable } from '../../core/errors/oof-error.ts';
import type { Logger } from '../../core/log/logger.ts';
import { checkAddress } from '../rpc/methods/check-params.ts';
import { fullJitterDelayMs, type BackoffPolicy } from '../rpc/backoff.ts';
import type { Clock, RandomSource } from '../rpc/clock.ts';
import type { SolanaRpc } from '../rpc/solana-rpc.ts';
import type { HistoryCommitment } from '../rpc/rpc-transport.ts';
import { AsyncQueue } from './async-queue.ts';
import { BackfillAnchor } from './backfill-anchor.ts';
import { BoundedSignatureSet } from './bounded-signature-set.ts';
import { logsNotificationSchema } from './notification-schemas.ts';
import type { SolanaWsConnection } from './solana-ws-connection.ts';
import type { WsMetrics } from './ws-metrics.ts';

export interface SignatureEvent {
  readonly signature: string;
  readonly slot: bigint;
  /** The TransactionError of a failed transaction; null on success. */
  readonly err: unknown;
  /** `live`: a logsNotification; `backfill`: listed by getSignaturesForAddress after a (re)connect. */
  readonly source: 'live' | 'backfill';
  /** Program logs (live only). */
  readonly logs: readonly string[] | null;
  /** Block time (backfill only; notifications do not carry it). */
  readonly blockTime: number | null;
}

export interface SignatureSubscriptionOptions {
  /** The address to watch. logsSubscribe's `mentions` takes exactly one address. */
  readonly address: string;
  /** getSignaturesForAddress refuses `processed`, and the backfill must see what the stream saw. */
  readonly commitment?: HistoryCommitment;
  /** Resume: deliver everything after this signature first. Without it, delivery starts at subscribe time. */
  readonly since?: string;
  readonly dedupeCapacity?: number;
  readonly backfillPageSize?: number;
  /** Pause between failed backfill attempts (the RPC client has already retried each call). */
  readonly backfillRetry?: BackoffPolicy;
  /** Called for each event in order; the async iterator gets the same events. */
  readonly onEvent?: (event: SignatureEvent) => void;
}

export interface SignatureSubscription extends AsyncIterable<SignatureEvent> {
  /** Unsubscribes and ends the iteration. The connection stays open for its other subscriptions. */
  close(): void;
}

type History = Pick<SolanaRpc, 'getSignaturesForAddress' | 'listSignatures'>;

/**
 * Every transaction mentioning `address`, each signature delivered exactly once, in chain order where
 * the node allows: live logsNotifications, and after every (re)subscription a backfill of the gap through
 * getSignaturesForAddress(until = anchor), during which live notifications are held back and then
 * released behind the backfill.
 */
export function subscribeSignatures(
  connection: SolanaWsConnection,
  history: History,
  options: SignatureSubscriptionOptions,
  deps: {
    readonly clock: Clock;
    readonly random: RandomSource;
    readonly logger?: Logger;
    readonly metrics?: WsMetrics;
  },
): SignatureSubscription {
  checkAddress(options.address, 'address');
  const commitment = options.commitment ?? 'confirmed';
  const seen = new BoundedSignatureSet(options.dedupeCapacity ?? 50_000);
  const anchor = new BackfillAnchor(
    options.since === undefined ? null : { signature: options.since, slot: null },
  );
  const queue = new AsyncQueue<SignatureEvent>();
  const labels = { endpoint: connection.name };
  let held: SignatureEvent[] | null = null; // non-null while a backfill runs
  let backfillAgain = false;
  let closed = false;

  const deliver = (e: SignatureEvent): void => {
    if (!seen.add(e.signature)) {
      deps.metrics?.duplicatesDropped.inc(labels);
      return;
    }
    anchor.observe(e.signature, e.slot);
    if (e.source === 'backfill') deps.metrics?.backfilled.inc(labels);
    try {
      options.onEvent?.(e);
    } catch (err) {
      // A throwing consumer must not stop the stream for the others (nor the iterator).
      deps.logger?.error({ err, signature: e.signature }, 'onEvent handler threw');
    }
    queue.push(e);
  };

  const backfillOnce = async (): Promise<void> => {
    if (!anchor.isStarted) {
      // First subscription without `since`: remember where the stream starts; deliver nothing before it.
      const [newest] = await history.getSignaturesForAddress(options.address, { limit: 1, commitment });
      anchor.start(newest === undefined ? null : { signature: newest.signature, slot: newest.slot });
      return;
    }
    const from = anchor.current();
    const gap: SignatureEvent[] = [];
    const until = from?.signature;
    for await (const s of history.listSignatures(options.address, {
      commitment,
      ...(until === undefined ? {} : { until }),
      ...(options.backfillPageSize === undefined ? {} : { pageSize: options.backfillPageSize }),
    })) {
      // Bound the walk even if the anchor vanished from the node's history (a forked-out notification).
      if (typeof from?.slot === 'bigint' && s.slot < from.slot) break;
      gap.push({
        signature: s.signature,
        slot: s.slot,
        err: s.err,
        source: 'backfill',
        logs: null,
        blockTime: s.blockTime,
      });
    }
    // Listed newest → oldest; delivered oldest → newest.
    for (let i = gap.length - 1; i >= 0; i--) deliver(gap[i] as SignatureEvent);
  };

  const backfill = async (): Promise<void> => {
    if (held !== null) {
      backfillAgain = true; // a reconnect during a backfill: run once more when this one ends
      return;
    }
    held = [];
    let failures = 0;
    do {
      backfillAgain = false;
      try {
        await backfillOnce();
      } catch (e) {
        if (!isRetryable(e)) {
          // Bad input will not get better: end the stream with the error rather than loop.
          queue.fail(e);
          break;
        }
        deps.logger?.error({ err: e, address: options.address }, 'gap backfill failed; retrying');
        backfillAgain = true;
        await deps.clock.sleep(
          fullJitterDelayMs(failures++, options.backfillRetry ?? { baseMs: 500, maxMs: 30_000 }, deps.random),
        );
      }
    } while (backfillAgain && !closed);
    const release = held;
    held = null;
    for (const e of release) deliver(e);
  };

  const remove = connection.add({
    method: 'logsSubscribe',
    params: [{ mentions: [options.address] }, { commitment }],
    onNotification: (result) => {
      const parsed = logsNotificationSchema.safeParse(result);
      if (!parsed.success) {
        deps.logger?.warn({ address: options.address }, 'logsNotification with an unexpected shape; ignored');
        return;
      }
      const { contextSlot, value } = parsed.data;
      const e: SignatureEvent = {
        signature: value.signature,
        slot: contextSlot,
        err: value.err,
        source: 'live',
        logs: value.logs,
        blockTime: null,
      };
      if (held !== null) held.push(e);
      else deliver(e);
    },
    onSubscribed: () => {
      void backfill();
    },
    onRefused: (error) => queue.fail(error),
  });

  return {
    [Symbol.asyncIterator]: () => queue[Symbol.asyncIterator](),
    close: () => {
      closed = true;
      remove();
      queue.end();
    },
  };
}
