import * as grpc from '@grpc/grpc-js';
import type { Logger } from '../../core/log/logger.ts';
import type { Db } from '../../store/database.ts';
import {
  intentFingerprint,
  recordIntent,
  recordIntentCancel,
} from '../../store/launch-intents/launch-intents.repository.ts';
import { parseCancelIntent, parseTradeIntent } from './intent-schema.ts';

/** IntentAck as proto-loader serializes it. */
export interface IntentAck {
  readonly intentId: string;
  readonly status: 'REJECTED' | 'CANCELLED' | 'UNKNOWN_INTENT';
  readonly errorCode: string;
  readonly message: string;
}

/** Every intent's answer in this product: it is recorded, never signed or sent (SPEC §5). */
export const TRADING_DISABLED = 'TRADING_DISABLED';
const DISABLED_MESSAGE =
  'trading is disabled in this product: the intent is recorded for audit and backtests, never signed or sent';

export interface IntentHandlerOptions {
  readonly db: Db;
  readonly logger: Logger;
  /** Wall clock for received_at (an audit time, not part of any decision). */
  readonly now: () => number;
}

type Callback = grpc.sendUnaryData<IntentAck>;

const clientIdOf = (metadata: grpc.Metadata): string | null => {
  const value = metadata.get('oof-client-id')[0];
  return typeof value === 'string' && value !== '' ? value.slice(0, 128) : null;
};

const fail = (callback: Callback, code: grpc.status, details: string): void => {
  callback({ code, details, name: 'IntentError', message: details, metadata: new grpc.Metadata() });
};

/**
 * SubmitIntent: validated at the edge (INVALID_ARGUMENT names every bad field), stored once per intent_id and
 * answered REJECTED / TRADING_DISABLED. A retry of the same intent gets the stored answer; another intent under
 * an id already used gets ALREADY_EXISTS (choose a new id).
 */
export function submitIntentHandler(options: IntentHandlerOptions) {
  return (call: grpc.ServerUnaryCall<unknown, IntentAck>, callback: Callback): void => {
    const parsed = parseTradeIntent(call.request, clientIdOf(call.metadata));
    if (!parsed.ok) {
      fail(callback, grpc.status.INVALID_ARGUMENT, parsed.error);
      return;
    }
    const intent = parsed.intent;
    recordIntent(
      options.db,
      intent,
      { status: 'REJECTED', errorCode: TRADING_DISABLED, message: DISABLED_MESSAGE },
      new Date(options.now()),
    ).then(
      ({ stored, inserted }) => {
        if (!inserted && stored.fingerprint !== intentFingerprint(intent)) {
          fail(
            callback,
            grpc.status.ALREADY_EXISTS,
            `intent_id ${intent.intentId} was already used for a different intent (strategy ` +
              `${stored.strategyId}, ${stored.side} ${stored.mint}, received ${stored.receivedAt.toISOString()}): ` +
              'choose a new intent_id for a new intent',
          );
          return;
        }
        options.logger.info(
          {
            intentId: stored.intentId,
            strategyId: stored.strategyId,
            mint: stored.mint,
            side: stored.side,
            size: stored.size.toString(),
            reasons: stored.reasonCodes,
            duplicate: !inserted,
          },
          'trade intent recorded and rejected (trading disabled)',
        );
        callback(null, {
          intentId: stored.intentId,
          status: stored.status,
          errorCode: stored.errorCode ?? '',
          message: stored.message,
        });
      },
      (e: unknown) => {
        options.logger.error({ err: e, intentId: intent.intentId }, 'could not record a trade intent');
        fail(
          callback,
          grpc.status.UNAVAILABLE,
          `the intent could not be recorded: ${(e as Error).message}; retry`,
        );
      },
    );
  };
}

/**
 * CancelIntent: a stored intent was already rejected, so there is nothing live to cancel; the cancellation is
 * recorded (first reason kept) and answered REJECTED / TRADING_DISABLED. An id never submitted: UNKNOWN_INTENT.
 */
export function cancelIntentHandler(options: IntentHandlerOptions) {
  return (call: grpc.ServerUnaryCall<unknown, IntentAck>, callback: Callback): void => {
    const parsed = parseCancelIntent(call.request);
    if (!parsed.ok) {
      fail(callback, grpc.status.INVALID_ARGUMENT, parsed.error);
      return;
    }
    recordIntentCancel(options.db, parsed.intentId, parsed.reason, new Date(options.now())).then(
      (stored) => {
        if (stored === null) {
          callback(null, {
            intentId: parsed.intentId,
            status: 'UNKNOWN_INTENT',
            errorCode: 'INTENT_NOT_FOUND',
            message: `no intent ${parsed.intentId} was submitted to this executor`,
          });
          return;
        }
        callback(null, {
          intentId: stored.intentId,
          status: 'REJECTED',
          errorCode: TRADING_DISABLED,
          message:
            'the intent was rejected when submitted (trading is disabled), so nothing is live to cancel; ' +
            'the cancellation is recorded',
        });
      },
      (e: unknown) => {
        options.logger.error(
          { err: e, intentId: parsed.intentId },
          'could not record an intent cancellation',
        );
        fail(
          callback,
          grpc.status.UNAVAILABLE,
          `the cancellation could not be recorded: ${(e as Error).message}; retry`,
        );
      },
    );
  };
}
