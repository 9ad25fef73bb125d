import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import { OofError } from '../../core/errors/oof-error.ts';

/**
 * CORS locked to the configured origins: an allowed origin is echoed in `Access-Control-Allow-Origin`, any other
 * gets no CORS header at all (the browser then blocks the response), and its preflight is answered 403 so the
 * refusal is explicit. Bearer tokens travel in a header, never cookies, so credentials stay off.
 */
export async function registerCors(app: FastifyInstance, origins: readonly string[]): Promise<void> {
  const allowed = new Set(origins);
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (
      request.method === 'OPTIONS' &&
      origin !== undefined &&
      request.headers['access-control-request-method'] !== undefined &&
      !allowed.has(origin)
    ) {
      const error = new OofError(
        'CORS_ORIGIN_FORBIDDEN',
        `origin ${origin} may not call this API from a browser (not in OOF_CORS_ORIGINS)`,
        { origin },
      );
      return reply.status(403).send(error.toJSON());
    }
    return undefined;
  });
  await app.register(cors, {
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'last-event-id', 'x-request-id'],
    exposedHeaders: [
      'retry-after',
      'x-ratelimit-limit',
      'x-ratelimit-remaining',
      'x-ratelimit-reset',
      'x-request-id',
    ],
    credentials: false,
    maxAge: 600,
  });
}
