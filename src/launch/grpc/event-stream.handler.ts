import * as grpc from '@grpc/grpc-js';
import type { Logger } from '../../core/log/logger.ts';
import type { Db } from '../../store/database.ts';
import { readLaunchEventsAfter } from '../../store/launch/launch-events.repository.ts';
import { parseLaunchEventKind, toLaunchEventMessage, type LaunchEventKind } from '../events/launch-event.ts';
import type { EventWaker } from './event-waker.ts';

/** StreamEventsRequest as proto-loader hands it over (uint64 as a decimal string). */
export interface StreamEventsRequest {
  readonly afterCursor: string;
  readonly clientId: string;
  readonly kinds: readonly string[];
}

export interface EventStreamOptions {
  readonly db: Db;
  readonly waker: EventWaker;
  readonly logger: Logger;
  /** A Heartbeat goes out when nothing else was sent for this long. */
  readonly heartbeatMs: number;
  /** Re-read the log this often even without a NOTIFY (a missed notification costs at most this delay). */
  readonly pollMs: number;
  readonly pageSize: number;
  /** Wall clock, for heartbeats only (never part of an event). */
  readonly now: () => number;
}

const U64_MAX = (1n << 64n) - 1n;

/** The request's cursor and kinds, or the reason they are not acceptable (answered INVALID_ARGUMENT). */
export function parseStreamRequest(
  request: StreamEventsRequest,
): { afterCursor: bigint; kinds: LaunchEventKind[] } | { error: string } {
  if (!/^\d+$/.test(request.afterCursor) || BigInt(request.afterCursor) > U64_MAX) {
    return {
      error: `after_cursor must be an unsigned 64-bit integer, got ${JSON.stringify(request.afterCursor)}`,
    };
  }
  const kinds: LaunchEventKind[] = [];
  for (const name of request.kinds) {
    const kind = parseLaunchEventKind(name);
    if (kind === undefined) {
      return {
        error:
          `unknown event kind ${JSON.stringify(name)} in kinds: use the LaunchEvent oneof field names ` +
          '(token_launched, trade_observed, curve_snapshot, amm_snapshot, feature_bucket, risk_flag, token_migrated)',
      };
    }
    if (!kinds.includes(kind)) kinds.push(kind);
  }
  return { afterCursor: BigInt(request.afterCursor), kinds };
}

/**
 * Serves one StreamEvents call: every stored event after the cursor in cursor order, page by page, then the live
 * tail (woken by NOTIFY, with a poll as fallback). The log's appenders serialize on one lock, so cursors become
 * visible in increasing order and reading "after the last cursor sent" can neither skip nor repeat an event.
 * Backpressure: when the transport's buffer is full (`write` returns false) the loop waits for 'drain' before
 * reading more. Ends when the client cancels or `stop` is called (status UNAVAILABLE: reconnect and resume).
 */
export function serveEventStream(
  call: grpc.ServerWritableStream<StreamEventsRequest, Record<string, unknown>>,
  options: EventStreamOptions,
): { readonly done: Promise<void>; stop(): void } {
  const { db, waker, logger, heartbeatMs, pollMs, pageSize, now } = options;
  let stopped = false;
  let stopping = false;
  let wakeUp: (() => void) | null = null;
  let pending = true;
  const interrupt = (): void => {
    pending = true;
    wakeUp?.();
  };
  // Set while the loop waits for the transport to drain; the client going away or `stop` releases it too.
  let releaseDrain: (() => void) | null = null;
  const unsubscribe = waker.subscribe(interrupt);
  call.on('cancelled', () => {
    stopped = true;
    interrupt();
    releaseDrain?.();
  });

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (pending || stopped) {
        resolve();
        return;
      }
      const timer = setTimeout(finish, Math.max(1, ms));
      function finish(): void {
        clearTimeout(timer);
        wakeUp = null;
        resolve();
      }
      wakeUp = finish;
    });

  const send = async (message: Record<string, unknown>): Promise<void> => {
    if (call.write(message) || stopped) return;
    // Buffer full: wait for the transport to drain (or the client to go away) before producing more.
    await new Promise<void>((resolve) => {
      const done = (): void => {
        call.off('drain', done);
        releaseDrain = null;
        resolve();
      };
      releaseDrain = done;
      call.on('drain', done);
    });
  };

  const run = async (): Promise<void> => {
    const parsed = parseStreamRequest(call.request);
    if ('error' in parsed) {
      call.emit('error', { code: grpc.status.INVALID_ARGUMENT, details: parsed.error });
      return;
    }
    let last = parsed.afterCursor;
    let lastTEventMs = '0';
    let lastSentAt = now();
    const client = call.request.clientId || call.getPeer();
    logger.info({ client, afterCursor: last.toString(), kinds: parsed.kinds }, 'launch event stream opened');
    let sent = 0;
    while (!stopped) {
      pending = false;
      const page = await readLaunchEventsAfter(db, last, pageSize, parsed.kinds);
      for (const event of page) {
        if (stopped) break;
        await send(toLaunchEventMessage(event));
        last = event.cursor;
        lastTEventMs = event.tEventMs.toString();
        lastSentAt = now();
        sent += 1;
      }
      if (stopped || page.length === pageSize) continue;
      const idleMs = now() - lastSentAt;
      if (idleMs >= heartbeatMs) {
        const t = now();
        await send({
          cursor: last.toString(),
          tEventMs: lastTEventMs,
          slot: '0',
          heartbeat: { serverTimeMs: String(Math.floor(t)), lastCursor: last.toString() },
          body: 'heartbeat',
        });
        lastSentAt = t;
        continue;
      }
      await sleep(Math.min(pollMs, heartbeatMs - idleMs));
    }
    logger.info({ client, lastCursor: last.toString(), sent }, 'launch event stream closed');
    if (stopping && !call.cancelled) {
      call.emit('error', {
        code: grpc.status.UNAVAILABLE,
        details: 'the executor is shutting down: reconnect and resume from your last cursor',
      });
    }
  };

  const done = run()
    .catch((e: unknown) => {
      logger.error({ err: e }, 'launch event stream failed');
      if (!call.cancelled) {
        call.emit('error', {
          code: grpc.status.UNAVAILABLE,
          details: `the executor could not read its event log (${(e as Error).message}): reconnect and resume`,
        });
      }
    })
    .finally(() => {
      unsubscribe();
      if (!call.cancelled && !call.writableEnded) call.end();
    });
  return {
    done,
    stop() {
      stopping = true;
      stopped = true;
      interrupt();
      releaseDrain?.();
    },
  };
}
