import * as grpc from '@grpc/grpc-js';
import type { LaunchEventBody, LaunchEventKind, StoredLaunchEvent } from '../events/launch-event.ts';
import { LAUNCH_EVENT_KINDS } from '../events/launch-event.ts';
import type { TradeIntent } from '../strategy/trade-intent.ts';
import type { IntentAck } from './intent.handlers.ts';
import { launchRadarService } from './launch-radar-proto.ts';

/** What a StreamEvents call yields: a stored event, or a heartbeat saying the stream is alive at a cursor. */
export type StreamItem =
  | { readonly kind: 'event'; readonly event: StoredLaunchEvent }
  | { readonly kind: 'heartbeat'; readonly lastCursor: bigint; readonly serverTimeMs: bigint }
  /** An event of a kind this build does not know (a newer executor's additive contract change). */
  | { readonly kind: 'unknown'; readonly cursor: bigint; readonly body: string };

export interface EventSubscription extends AsyncIterable<StreamItem> {
  /** Ends the call (the iterator finishes without an error). */
  cancel(): void;
}

export interface LaunchRadarClient {
  streamEvents(request: {
    readonly afterCursor: bigint;
    readonly clientId: string;
    readonly kinds?: readonly LaunchEventKind[];
  }): EventSubscription;
  submitIntent(intent: TradeIntent, options?: { readonly deadlineMs?: number }): Promise<IntentAck>;
  cancelIntent(intentId: string, reason: string): Promise<IntentAck>;
  close(): void;
}

type Message = Record<string, unknown> & { body?: string; cursor: string; tEventMs: string; slot: string };

/** A LaunchEvent message → the stored event it copies, or a heartbeat. */
export function fromLaunchEventMessage(message: Message): StreamItem {
  const body = message.body;
  if (body === 'heartbeat') {
    const hb = message.heartbeat as { lastCursor: string; serverTimeMs: string };
    return { kind: 'heartbeat', lastCursor: BigInt(hb.lastCursor), serverTimeMs: BigInt(hb.serverTimeMs) };
  }
  const kind = LAUNCH_EVENT_KINDS.find((k) => k === body);
  if (kind === undefined) return { kind: 'unknown', cursor: BigInt(message.cursor), body: String(body) };
  return {
    kind: 'event',
    event: {
      cursor: BigInt(message.cursor),
      tEventMs: BigInt(message.tEventMs),
      slot: BigInt(message.slot),
      event: { kind, [kind]: message[kind] } as unknown as LaunchEventBody,
    },
  };
}

const snake = (kind: string): string => kind.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A client of the executor's LaunchRadar service (plaintext, like the server). */
export function createLaunchRadarClient(
  address: string,
  options: { readonly clientId?: string; readonly now?: () => number } = {},
): LaunchRadarClient {
  const Client = grpc.makeGenericClientConstructor(launchRadarService(), 'LaunchRadar');
  const client = new Client(address, grpc.credentials.createInsecure());
  // Wall clock for call deadlines only.
  const now = options.now ?? Date.now;
  const metadata = (): grpc.Metadata => {
    const m = new grpc.Metadata();
    if (options.clientId !== undefined) m.set('oof-client-id', options.clientId);
    return m;
  };
  const unary = (method: string, request: unknown, deadlineMs: number): Promise<IntentAck> =>
    new Promise((resolve, reject) => {
      const fn = (
        client as unknown as Record<string, grpc.requestCallback<IntentAck> & ((...a: unknown[]) => void)>
      )[method];
      if (fn === undefined) throw new Error(`LaunchRadar has no method ${method}`);
      fn.call(
        client,
        request,
        metadata(),
        { deadline: now() + deadlineMs },
        (error: grpc.ServiceError | null, ack?: IntentAck) => {
          if (error !== null || ack === undefined) reject(error ?? new Error(`${method} answered nothing`));
          else resolve(ack);
        },
      );
    });

  return {
    streamEvents(request) {
      const call = (
        client as unknown as {
          StreamEvents: (r: unknown, m: grpc.Metadata) => grpc.ClientReadableStream<Message>;
        }
      ).StreamEvents(
        {
          afterCursor: request.afterCursor.toString(),
          clientId: request.clientId,
          kinds: (request.kinds ?? []).map(snake),
        },
        metadata(),
      );
      let cancelled = false;
      return {
        cancel() {
          cancelled = true;
          call.cancel();
        },
        async *[Symbol.asyncIterator]() {
          try {
            for await (const message of call) yield fromLaunchEventMessage(message as Message);
          } catch (e) {
            if (cancelled && (e as grpc.ServiceError).code === grpc.status.CANCELLED) return;
            throw e;
          }
        },
      };
    },
    submitIntent(intent, callOptions = {}) {
      return unary('SubmitIntent', intent, callOptions.deadlineMs ?? 10_000);
    },
    cancelIntent(intentId, reason) {
      return unary('CancelIntent', { intentId, reason }, 10_000);
    },
    close() {
      client.close();
    },
  };
}
