import type { Logger } from '../../core/log/logger.ts';
import type { Database } from '../../store/database.ts';
import { LAUNCH_EVENTS_CHANNEL } from '../../store/launch/launch-events.repository.ts';

/** Wakes every open event stream when the log grows: one LISTEN per server, fanned out in process. */
export interface EventWaker {
  subscribe(onAppend: () => void): () => void;
  close(): Promise<void>;
}

export async function listenForLaunchEvents(database: Database, logger: Logger): Promise<EventWaker> {
  const subscribers = new Set<() => void>();
  const unlisten = await database.listen(LAUNCH_EVENTS_CHANNEL, () => {
    for (const wake of subscribers) wake();
  });
  logger.debug({ channel: LAUNCH_EVENTS_CHANNEL }, 'listening for appended launch events');
  return {
    subscribe(onAppend) {
      subscribers.add(onAppend);
      return () => subscribers.delete(onAppend);
    },
    close: unlisten,
  };
}
