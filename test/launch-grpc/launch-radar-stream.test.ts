import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/log/logger.ts';
import type { NewLaunchEvent, StoredLaunchEvent } from '../../src/launch/events/launch-event.ts';
import { createLaunchRadarClient, type StreamItem } from '../../src/launch/grpc/launch-radar.client.ts';
import { startLaunchRadarServer, type LaunchRadarServer } from '../../src/launch/grpc/launch-radar.server.ts';
import {
  appendLaunchEvents,
  lastLaunchEventCursor,
  readLaunchEventsAfter,
} from '../../src/store/launch/launch-events.repository.ts';
import { openTestDatabase, type TestDatabase } from '../../src/store/testing/test-database.ts';
import { bucketEvent, tradeEvent } from './launch-event-fixtures.ts';

let database: TestDatabase;
let server: LaunchRadarServer;
const logger = createLogger('silent');

beforeAll(async () => {
  database = await openTestDatabase();
  server = await startLaunchRadarServer({
    database,
    port: 0,
    host: '127.0.0.1',
    heartbeatMs: 300,
    pollMs: 5000,
    pageSize: 64,
    logger,
  });
});
afterAll(async () => {
  await server.close();
  await database.dispose();
});

const append = (events: NewLaunchEvent[]) => database.transaction((tx) => appendLaunchEvents(tx, events));

/** Reads items until `stop` says so (then cancels the call), or fails after `timeoutMs`. */
async function collect(
  iterable: AsyncIterable<StreamItem> & { cancel(): void },
  stop: (events: StoredLaunchEvent[], item: StreamItem) => boolean,
  timeoutMs = 10_000,
): Promise<{ events: StoredLaunchEvent[]; heartbeats: StreamItem[] }> {
  const events: StoredLaunchEvent[] = [];
  const heartbeats: StreamItem[] = [];
  const timer = setTimeout(() => iterable.cancel(), timeoutMs);
  try {
    for await (const item of iterable) {
      if (item.kind === 'event') events.push(item.event);
      else heartbeats.push(item);
      if (stop(events, item)) {
        iterable.cancel();
        break;
      }
    }
  } finally {
    clearTimeout(timer);
  }
  return { events, heartbeats };
}

describe('StreamEvents', () => {
  it('a client that disconnects mid-stream and resumes from its cursor gets every event once, in order', async () => {
    const start = await lastLaunchEventCursor(database.db);
    const mint = 'StreamMintA';
    await append(Array.from({ length: 250 }, (_, i) => tradeEvent(mint, i)));
    const client = createLaunchRadarClient(`127.0.0.1:${server.port}`, { clientId: 'resume-test' });
    try {
      // First connection: history from the start, dropped after 100 events (in the middle of a page).
      const first = await collect(
        client.streamEvents({ afterCursor: start, clientId: 'resume-test' }),
        (events) => events.length === 100,
      );
      const resumeFrom = first.events.at(-1)?.cursor as bigint;
      // While disconnected, the log grows.
      await append(Array.from({ length: 50 }, (_, i) => tradeEvent(mint, 250 + i)));
      // Second connection from the saved cursor: the rest of the history, then live events as they commit.
      let live = 0;
      const second = await collect(
        client.streamEvents({ afterCursor: resumeFrom, clientId: 'resume-test' }),
        (events) => {
          if (events.length === 180 && live === 0) {
            live = 1;
            void (async () => {
              for (let batch = 0; batch < 3; batch++) {
                await append(Array.from({ length: 10 }, (_, i) => tradeEvent(mint, 300 + batch * 10 + i)));
              }
            })();
          }
          return events.length === 230;
        },
      );
      const received = [...first.events, ...second.events];
      const stored = await readLaunchEventsAfter(database.db, start, 1000);
      expect(stored).toHaveLength(330);
      expect(received.map((e) => e.cursor)).toEqual(stored.map((e) => e.cursor));
      // The stream is a plain copy of the log: bodies, times and slots as stored.
      expect(received).toEqual(stored);
      expect(new Set(received.map((e) => e.cursor)).size).toBe(330);
    } finally {
      client.close();
    }
  });

  it('while several writers append concurrently, a live client gets every committed event once, in order', async () => {
    const start = await lastLaunchEventCursor(database.db);
    const client = createLaunchRadarClient(`127.0.0.1:${server.port}`);
    try {
      const subscription = client.streamEvents({ afterCursor: start, clientId: 'concurrent' });
      const received = collect(subscription, (events) => events.length === 200);
      // Five writers, eight transactions of five events each, interleaved.
      await Promise.all(
        Array.from({ length: 5 }, async (_, w) => {
          for (let batch = 0; batch < 8; batch++) {
            await append(Array.from({ length: 5 }, (_, i) => tradeEvent(`Writer${w}`, batch * 5 + i)));
          }
        }),
      );
      const { events } = await received;
      const stored = await readLaunchEventsAfter(database.db, start, 1000);
      expect(stored).toHaveLength(200);
      expect(events.map((e) => e.cursor)).toEqual(stored.map((e) => e.cursor));
    } finally {
      client.close();
    }
  });

  it('sends heartbeats at the last cursor when idle, and filters by kind (proto field names)', async () => {
    const start = await lastLaunchEventCursor(database.db);
    await append([tradeEvent('KindMint', 1), bucketEvent('KindMint', 0), tradeEvent('KindMint', 2)]);
    const client = createLaunchRadarClient(`127.0.0.1:${server.port}`);
    try {
      const { events, heartbeats } = await collect(
        client.streamEvents({ afterCursor: start, clientId: 'kinds', kinds: ['featureBucket'] }),
        (_events, item) => item.kind === 'heartbeat',
      );
      expect(events.map((e) => e.event.kind)).toEqual(['featureBucket']);
      expect(heartbeats).toHaveLength(1);
      expect(heartbeats[0]).toMatchObject({ kind: 'heartbeat', lastCursor: events[0]?.cursor });
    } finally {
      client.close();
    }
  });

  it('answers an unknown kind or a malformed cursor with INVALID_ARGUMENT', async () => {
    const raw = new (grpc.makeGenericClientConstructor(
      (await import('../../src/launch/grpc/launch-radar-proto.ts')).launchRadarService(),
      'LaunchRadar',
    ))(`127.0.0.1:${server.port}`, grpc.credentials.createInsecure());
    const stream = (request: unknown): Promise<grpc.ServiceError> => {
      const call = (
        raw as unknown as { StreamEvents(r: unknown): grpc.ClientReadableStream<unknown> }
      ).StreamEvents(request);
      return new Promise((resolve) => {
        call.on('error', resolve);
        call.on('data', () => undefined);
      });
    };
    try {
      const unknownKind = await stream({ afterCursor: '0', kinds: ['trades'] });
      expect(unknownKind.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(unknownKind.details).toMatch(/unknown event kind "trades"/);
    } finally {
      raw.close();
    }
  });

  it('a slow consumer still gets every event in order (flow control, no loss)', async () => {
    const start = await lastLaunchEventCursor(database.db);
    await append(Array.from({ length: 600 }, (_, i) => tradeEvent('SlowMint', i)));
    const client = createLaunchRadarClient(`127.0.0.1:${server.port}`);
    try {
      const events: StoredLaunchEvent[] = [];
      const subscription = client.streamEvents({ afterCursor: start, clientId: 'slow' });
      for await (const item of subscription) {
        if (item.kind !== 'event') continue;
        events.push(item.event);
        if (events.length % 100 === 0) await new Promise((r) => setTimeout(r, 50));
        if (events.length === 600) {
          subscription.cancel();
          break;
        }
      }
      const stored = await readLaunchEventsAfter(database.db, start, 1000);
      expect(events.map((e) => e.cursor)).toEqual(stored.map((e) => e.cursor));
    } finally {
      client.close();
    }
  });
});
