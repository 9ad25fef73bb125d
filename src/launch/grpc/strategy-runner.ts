import * as grpc from '@grpc/grpc-js';
import { OofError } from '../../core/errors/oof-error.ts';
import type { Logger } from '../../core/log/logger.ts';
import type { StoredLaunchEvent } from '../events/launch-event.ts';
import { createStrategy } from '../strategy/strategy-registry.ts';
import type { TradeIntent } from '../strategy/trade-intent.ts';
import type { IntentAck } from './intent.handlers.ts';
import { createLaunchRadarClient } from './launch-radar.client.ts';
import { readCheckpoint, writeCheckpoint } from './strategy-state-file.ts';

export interface StrategyRunnerOptions {
  /** host:port of the executor's gRPC server. */
  readonly address: string;
  readonly strategy: string;
  /** Checkpoint file (cursor + state); null keeps everything in memory (starts from the log's beginning). */
  readonly stateFile: string | null;
  readonly clientId: string;
  readonly logger: Logger;
  readonly signal: AbortSignal;
  /** Reconnect backoff: doubles from the first delay up to the cap; reset once events flow again. */
  readonly backoffMs?: { readonly initial: number; readonly max: number };
  /** Checkpoint every this many events (and on heartbeats, disconnects and stop). */
  readonly checkpointEvery?: number;
  /** Progress line interval (wall clock). */
  readonly progressMs?: number;
  readonly now?: () => number;
  /** Observers (tests, progress): called after an event is fully processed / an intent is answered. */
  readonly onEvent?: (event: StoredLaunchEvent) => void;
  readonly onAck?: (intent: TradeIntent, ack: IntentAck) => void;
}

export interface StrategyRunSummary {
  readonly cursor: bigint;
  readonly events: number;
  readonly intents: number;
  readonly reconnects: number;
}

const RETRYABLE = new Set([
  grpc.status.UNAVAILABLE,
  grpc.status.DEADLINE_EXCEEDED,
  grpc.status.RESOURCE_EXHAUSTED,
]);

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });

/**
 * The strategy process (SPEC §5): streams the executor's events from its saved cursor, runs the strategy kernel
 * on each, submits the intents it emits (idempotent ids, so a replay after a crash re-sends nothing new), and
 * checkpoints cursor and state. A dropped stream or a restarted executor is retried with backoff and resumed
 * from the cursor of the last event processed: no event is skipped or processed twice.
 */
export async function runStrategyProcess(options: StrategyRunnerOptions): Promise<StrategyRunSummary> {
  const { logger, signal, stateFile } = options;
  const now = options.now ?? Date.now;
  const backoff = options.backoffMs ?? { initial: 250, max: 15_000 };
  const checkpointEvery = options.checkpointEvery ?? 1000;
  const progressMs = options.progressMs ?? 10_000;
  const saved = stateFile === null ? null : readCheckpoint(stateFile);
  if (saved !== null && saved.strategy !== options.strategy) {
    throw new OofError(
      'CONFIG_INVALID',
      `The state file ${stateFile} belongs to strategy ${saved.strategy}, not ${options.strategy}: pass its ` +
        '--strategy, or another --state file to start this one from the beginning.',
      { stateFile, saved: saved.strategy, strategy: options.strategy },
    );
  }
  const strategy = createStrategy(options.strategy, saved?.state);
  let cursor = saved?.cursor ?? 0n;
  let checkpointed = cursor;
  let events = 0;
  let intents = 0;
  let reconnects = 0;
  let lastProgress = now();
  const client = createLaunchRadarClient(options.address, { clientId: options.clientId, now });

  // False while an event is half processed (state advanced, intents not all answered): such a state must not be
  // saved, so a restart re-runs the event from the previous checkpoint and re-sends its intents (same ids).
  let consistent = true;
  const checkpoint = (): void => {
    if (stateFile === null || !consistent || checkpointed === cursor) return;
    writeCheckpoint(stateFile, { strategy: options.strategy, cursor, state: strategy.state() });
    checkpointed = cursor;
  };
  const progress = (force = false): void => {
    if (!force && now() - lastProgress < progressMs) return;
    lastProgress = now();
    logger.info({ cursor: cursor.toString(), events, intents, reconnects }, 'strategy progress');
  };

  /** True once the executor answered (or refused) the intent; false when stopped before an answer. */
  const submit = async (intent: TradeIntent): Promise<boolean> => {
    for (let attempt = 0; !signal.aborted; attempt++) {
      try {
        const ack = await client.submitIntent(intent);
        intents += 1;
        logger.info(
          {
            intentId: intent.intentId,
            side: intent.side,
            mint: intent.mint,
            size: intent.size,
            reasons: intent.reasonCodes,
            status: ack.status,
            errorCode: ack.errorCode,
          },
          'intent answered',
        );
        options.onAck?.(intent, ack);
        return true;
      } catch (e) {
        const code = (e as grpc.ServiceError).code;
        if (!RETRYABLE.has(code)) {
          // A refused intent is a bug of the strategy, not of the stream: log it and go on.
          logger.error({ intentId: intent.intentId, err: e }, 'the executor refused an intent');
          return true;
        }
        const delay = Math.min(backoff.max, backoff.initial * 2 ** Math.min(attempt, 16));
        logger.warn({ intentId: intent.intentId, code, retryInMs: delay }, 'intent not answered, retrying');
        await sleep(delay, signal);
      }
    }
    return false;
  };

  logger.info(
    { strategy: options.strategy, executor: options.address, cursor: cursor.toString(), stateFile },
    saved === null
      ? 'strategy starting from the beginning of the event log'
      : 'strategy resuming from its state file',
  );
  let failures = 0;
  try {
    while (!signal.aborted) {
      const subscription = client.streamEvents({ afterCursor: cursor, clientId: options.clientId });
      const onAbort = (): void => subscription.cancel();
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        for await (const item of subscription) {
          if (signal.aborted) break;
          failures = 0;
          if (item.kind === 'heartbeat') {
            checkpoint();
            progress();
            continue;
          }
          if (item.kind === 'unknown') {
            // Nothing the strategy can read: step over it, or a newer executor would stall this process.
            logger.warn(
              { cursor: item.cursor.toString(), body: item.body },
              'skipping an event of an unknown kind',
            );
            if (item.cursor > cursor) cursor = item.cursor;
            continue;
          }
          const event = item.event;
          if (event.cursor <= cursor) {
            throw new OofError(
              'INVARIANT_BROKEN',
              `the executor sent cursor ${event.cursor} after ${cursor}: the stream must be strictly increasing`,
            );
          }
          consistent = false;
          let answered = true;
          for (const intent of strategy.onEvent(event)) answered = answered && (await submit(intent));
          if (!answered) break;
          cursor = event.cursor;
          consistent = true;
          events += 1;
          options.onEvent?.(event);
          if (events % checkpointEvery === 0) checkpoint();
          progress();
        }
        if (!signal.aborted) {
          const delay = Math.min(backoff.max, backoff.initial * 2 ** Math.min(failures, 16));
          failures += 1;
          reconnects += 1;
          logger.warn(
            { cursor: cursor.toString(), retryInMs: delay },
            'the executor ended the stream; reconnecting',
          );
          await sleep(delay, signal);
        }
      } catch (e) {
        if (signal.aborted) break;
        if (e instanceof OofError) throw e;
        const delay = Math.min(backoff.max, backoff.initial * 2 ** Math.min(failures, 16));
        failures += 1;
        reconnects += 1;
        checkpoint();
        logger.warn(
          {
            cursor: cursor.toString(),
            code: (e as grpc.ServiceError).code,
            details: (e as grpc.ServiceError).details,
            retryInMs: delay,
          },
          'event stream lost; reconnecting from the last processed cursor',
        );
        await sleep(delay, signal);
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
    }
  } finally {
    checkpoint();
    client.close();
    progress(true);
  }
  return { cursor, events, intents, reconnects };
}
