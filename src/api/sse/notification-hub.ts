import type { Database } from '../../store/database.ts';

/**
 * One LISTEN per channel per process, fanned out to every in-process subscriber (each SSE client): the database
 * carries the notification across processes (Postgres NOTIFY; on PGlite, within the one process).
 */
export interface NotificationHub {
  subscribe(channel: string, fn: (payload: string) => void): Promise<() => void>;
  close(): Promise<void>;
}

export function createNotificationHub(database: Database): NotificationHub {
  const channels = new Map<
    string,
    { subscribers: Set<(p: string) => void>; stop: Promise<() => Promise<void>> }
  >();
  return {
    async subscribe(channel, fn) {
      let entry = channels.get(channel);
      if (entry === undefined) {
        const subscribers = new Set<(p: string) => void>();
        const stop = database.listen(channel, (payload) => {
          for (const s of subscribers) s(payload);
        });
        entry = { subscribers, stop };
        channels.set(channel, entry);
        stop.catch(() => channels.delete(channel));
      }
      await entry.stop;
      entry.subscribers.add(fn);
      const subscribers = entry.subscribers;
      return () => {
        subscribers.delete(fn);
      };
    },
    async close() {
      for (const { stop } of channels.values()) {
        const unlisten = await stop.catch(() => null);
        if (unlisten !== null) await unlisten();
      }
      channels.clear();
    },
  };
}
