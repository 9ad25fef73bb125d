import type { FastifyInstance } from 'fastify';
import { COPYTRADE_CHANNEL } from '../../copytrade/engine/engine-deps.ts';
import type { CopytradeEvent } from '../../copytrade/engine/engine-notify.ts';
import type { NotificationHub } from '../sse/notification-hub.ts';
import { openSse } from '../sse/sse-stream.ts';

/**
 * `GET /v1/stream/copytrade`: Server-Sent Events of the engine — `signal` (a signal's outcome), `position` (a
 * position opened, exiting, closed or failed) and `breaker` (activated / deactivated) — relayed from the
 * database's NOTIFY, so every API process sees what any worker decided. Events are small; the client reads the
 * details from the REST routes. No replay: a client that reconnects reloads the overview.
 */
export function copytradeStreamRoutes(hub: NotificationHub): (app: FastifyInstance) => Promise<void> {
  return (app) => {
    app.get('/v1/stream/copytrade', async (request, reply) => {
      const stream = openSse(request, reply);
      let seq = 0;
      const unsubscribe = await hub.subscribe(COPYTRADE_CHANNEL, (payload) => {
        let event: CopytradeEvent;
        try {
          event = JSON.parse(payload) as CopytradeEvent;
        } catch {
          return;
        }
        seq += 1;
        stream.send({ id: seq, event: event.type, data: event });
      });
      stream.onClose(unsubscribe);
      stream.send({ event: 'ready', data: { channel: 'copytrade' } });
    });
    return Promise.resolve();
  };
}
