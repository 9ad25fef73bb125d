import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { buildClientBundle, type ClientAsset, type ClientBundle } from './client-bundle.ts';

/** Client routes answered with the app's index.html (the client router takes over). Never under /v1. */
export const CLIENT_ROUTES = [
  '/',
  '/analyze',
  '/analyze/*',
  '/moments/*',
  '/desk',
  '/desk/*',
  '/launches',
  '/launches/*',
] as const;

let shared: Promise<ClientBundle> | undefined;

/** The bundle of this process: built once, on first use (every app of a test process shares it). */
export function clientBundle(): Promise<ClientBundle> {
  shared ??= buildClientBundle().catch((e: unknown) => {
    shared = undefined;
    throw e;
  });
  return shared;
}

function send(request: FastifyRequest, reply: FastifyReply, file: ClientAsset, cache: string): FastifyReply {
  void reply
    .header('content-type', file.contentType)
    .header('cache-control', cache)
    .header('etag', file.etag);
  void reply.header('vary', 'accept-encoding');
  if (request.headers['if-none-match'] === file.etag) return reply.status(304).send();
  const accepts = request.headers['accept-encoding'];
  if (typeof accepts === 'string' && /\bgzip\b/.test(accepts)) {
    return reply.header('content-encoding', 'gzip').send(file.gzip);
  }
  return reply.send(file.body);
}

/**
 * The web app (SPEC §6), served by the API process: the Preact client is bundled in memory at registration,
 * hashed assets under `/assets/` are cached for a year, `index.html` is never cached, and the client routes
 * (`/`, `/analyze…`, `/moments/…`, `/desk…`, `/launches…`) all answer it. Register it after the API routes.
 */
export async function webPlugin(app: FastifyInstance): Promise<void> {
  const bundle = await clientBundle();
  app.log.info(
    { buildMs: Math.round(bundle.buildMs), initialGzipBytes: bundle.initialGzipBytes },
    'web app bundled',
  );
  const html = (request: FastifyRequest, reply: FastifyReply): FastifyReply =>
    send(request, reply, bundle.index, 'no-cache');
  for (const url of CLIENT_ROUTES) app.get(url, { schema: { hide: true } }, html);
  const params = z.object({ name: z.string().max(200) });
  app.get('/assets/:name', { schema: { hide: true } }, (request, reply) => {
    const { name } = params.parse(request.params);
    const file = bundle.assets.get(name);
    if (file === undefined) {
      return reply.status(404).send({
        error: 'ASSET_NOT_FOUND',
        message: `No web asset ${name}: reload the page to get the current asset names`,
        details: { name },
      });
    }
    return send(request, reply, file, 'public, max-age=31536000, immutable');
  });
  return Promise.resolve();
}
