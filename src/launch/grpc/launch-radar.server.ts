import * as grpc from '@grpc/grpc-js';
import { OofError } from '../../core/errors/oof-error.ts';
import type { Logger } from '../../core/log/logger.ts';
import type { Database } from '../../store/database.ts';
import { serveEventStream, type StreamEventsRequest } from './event-stream.handler.ts';
import { listenForLaunchEvents } from './event-waker.ts';
import { cancelIntentHandler, submitIntentHandler } from './intent.handlers.ts';
import { launchRadarService } from './launch-radar-proto.ts';

export interface LaunchRadarServerOptions {
  readonly database: Database;
  /** 0 picks a free port (tests). */
  readonly port: number;
  readonly host?: string;
  /** Heartbeat after this much silence on a stream (default 5 s). */
  readonly heartbeatMs?: number;
  /** Poll fallback of the live tail when no NOTIFY arrives (default 1 s). */
  readonly pollMs?: number;
  /** Events per read of the log (default 500). */
  readonly pageSize?: number;
  readonly logger: Logger;
  readonly now?: () => number;
}

export interface LaunchRadarServer {
  readonly port: number;
  /** Ends every open stream (UNAVAILABLE: clients reconnect and resume), then stops listening. */
  close(): Promise<void>;
}

/**
 * The executor's gRPC face (SPEC §5): StreamEvents serves the launch event log with resume from a cursor and
 * heartbeats; SubmitIntent / CancelIntent record intents and answer TRADING_DISABLED. Plaintext: it is meant for
 * strategy processes on the executor's private network.
 */
export async function startLaunchRadarServer(options: LaunchRadarServerOptions): Promise<LaunchRadarServer> {
  const { database, logger } = options;
  const host = options.host ?? '0.0.0.0';
  const now = options.now ?? Date.now;
  const waker = await listenForLaunchEvents(database, logger);
  const streams = new Set<{ done: Promise<void>; stop(): void }>();
  const server = new grpc.Server();
  server.addService(launchRadarService(), {
    StreamEvents: (call: grpc.ServerWritableStream<StreamEventsRequest, Record<string, unknown>>) => {
      const stream = serveEventStream(call, {
        db: database.db,
        waker,
        logger,
        heartbeatMs: options.heartbeatMs ?? 5000,
        pollMs: options.pollMs ?? 1000,
        pageSize: options.pageSize ?? 500,
        now,
      });
      streams.add(stream);
      void stream.done.finally(() => streams.delete(stream));
    },
    SubmitIntent: submitIntentHandler({ db: database.db, logger, now }),
    CancelIntent: cancelIntentHandler({ db: database.db, logger, now }),
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host}:${options.port}`, grpc.ServerCredentials.createInsecure(), (error, bound) => {
      if (error === null) resolve(bound);
      else
        reject(
          new OofError(
            'HTTP_LISTEN_FAILED',
            `The launch radar gRPC server cannot listen on ${host}:${options.port}: ${error.message}. ` +
              'Choose another port (--grpc-port) or stop the process that holds it.',
            { host, port: options.port },
            error,
          ),
        );
    });
  }).catch(async (e: unknown) => {
    await waker.close();
    throw e;
  });
  logger.info({ host, port }, 'launch radar gRPC server listening');
  return {
    port,
    async close() {
      const open = [...streams];
      for (const s of open) s.stop();
      await Promise.all(open.map((s) => s.done));
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 500);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      });
      await waker.close();
    },
  };
}
