import type { FastifyError, FastifyInstance, FastifyPluginCallback, FastifyReply } from 'fastify';
import { OofError, isOofError } from '../../core/errors/oof-error.ts';
import { createWebhookAuthenticator, type WebhookAuthOptions } from './webhook-auth.ts';
import { parseWebhookBody, type WebhookEnqueue } from './webhook-item.ts';

export interface HeliusWebhookRoutesOptions extends WebhookAuthOptions {
  /** Where deliveries go; the route answers 200 only once this resolved (see WebhookEnqueue). */
  readonly enqueue: WebhookEnqueue;
  /** Largest body accepted, bytes. Helius batches are far smaller; 5 MiB by default. */
  readonly bodyLimitBytes?: number;
  /** Route path; `/webhooks/helius` by default. */
  readonly path?: string;
}

export const DEFAULT_WEBHOOK_BODY_LIMIT_BYTES = 5 * 1024 * 1024;

/** HTTP status of each error this route answers with (the error kinds have no 401/413). */
function statusOf(e: OofError): number {
  switch (e.code) {
    case 'WEBHOOK_UNAUTHORIZED':
      return 401;
    case 'WEBHOOK_PAYLOAD_TOO_LARGE':
      return 413;
    case 'WEBHOOK_ENQUEUE_FAILED':
      return 503;
    default:
      return e.kind === 'invalid_input' ? 400 : e.kind === 'unavailable' ? 503 : 500;
  }
}

function send(reply: FastifyReply, e: OofError): FastifyReply {
  return reply.code(statusOf(e)).send(e.toJSON());
}

/**
 * `POST /webhooks/helius`: authenticates a Helius delivery, parses it and hands it to the queue; the actual
 * decoding happens later, off the request, so Helius gets its answer fast and does not time out and redeliver.
 *
 * Registered without `fastify-plugin` on purpose: its raw-body content parser and its error handler stay
 * inside this route's encapsulation context and do not change how the rest of the API parses JSON.
 */
export const heliusWebhookRoutes: FastifyPluginCallback<HeliusWebhookRoutesOptions> = (
  app,
  options,
  done,
) => {
  try {
    registerRoutes(app, options);
  } catch (e) {
    done(e instanceof Error ? e : new Error(String(e))); // a configuration error fails `app.ready()`
    return;
  }
  done();
};

function registerRoutes(app: FastifyInstance, options: HeliusWebhookRoutesOptions): void {
  const auth = createWebhookAuthenticator(options);
  const bodyLimit = options.bodyLimitBytes ?? DEFAULT_WEBHOOK_BODY_LIMIT_BYTES;
  const { enqueue } = options;

  // The HMAC covers the exact bytes sent, so the body is kept as a Buffer and parsed only after the
  // credentials are checked (no JSON parsing work for forged requests). Any content type is taken: relays
  // do not all send `application/json`.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => {
    done(null, body);
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.statusCode === 413) {
      return send(
        reply,
        new OofError(
          'WEBHOOK_PAYLOAD_TOO_LARGE',
          `Webhook body is larger than ${bodyLimit} bytes. Helius batches are far smaller; relays should split.`,
          { limitBytes: bodyLimit },
        ),
      );
    }
    if (isOofError(error)) return send(reply, error);
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return send(
        reply,
        new OofError('WEBHOOK_PAYLOAD_INVALID', `Unreadable webhook request: ${error.message}`),
      );
    }
    request.log.error({ err: error }, 'helius webhook failed');
    return reply.code(500).send({ error: 'INTERNAL', message: 'Internal error while taking the webhook.' });
  });

  app.post(
    options.path ?? '/webhooks/helius',
    // Authenticated by its own shared secret / HMAC, and never rate limited: Helius delivers in bursts.
    { bodyLimit, config: { ownAuthentication: true } },
    async (request, reply) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      if (!auth.verify(request.headers, raw)) {
        request.log.warn({ ip: request.ip }, 'helius webhook rejected: bad credentials');
        return send(
          reply,
          new OofError(
            'WEBHOOK_UNAUTHORIZED',
            'Missing or wrong webhook credentials: send the configured authHeader as Authorization' +
              (auth.schemes.includes('hmac')
                ? ', or a hex HMAC-SHA256 of the body in the signature header.'
                : '.'),
          ),
        );
      }
      const { items, repeated } = parseWebhookBody(raw);
      if (items.length === 0) return reply.code(200).send({ accepted: 0, duplicates: repeated });
      let result;
      try {
        result = await enqueue(items);
      } catch (cause) {
        request.log.error({ err: cause, items: items.length }, 'helius webhook: enqueue failed');
        throw new OofError(
          'WEBHOOK_ENQUEUE_FAILED',
          'The delivery could not be queued; retry later (nothing was acknowledged).',
          { items: items.length },
          cause,
        );
      }
      request.log.info(
        { items: items.length, accepted: result.accepted, duplicates: result.duplicates + repeated },
        'helius webhook delivery queued',
      );
      return reply.code(200).send({ accepted: result.accepted, duplicates: result.duplicates + repeated });
    },
  );
}
