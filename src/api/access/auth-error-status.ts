import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isOofError, type ErrorCode } from '../../core/errors/oof-error.ts';

/** The access errors that are HTTP 401 (the error kinds have no 401, like the webhook's credentials). */
const UNAUTHORIZED: ReadonlySet<ErrorCode> = new Set([
  'AUTH_REQUIRED',
  'AUTH_TOKEN_INVALID',
  'AUTH_TOKEN_EXPIRED',
  'AUTH_SIGNATURE_INVALID',
  'AUTH_NONCE_INVALID',
]);

type RouteErrorHandler = (
  this: FastifyInstance,
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
) => unknown;

/**
 * Gives every route declared after this call an error handler that answers the AUTH_* errors 401 with
 * `WWW-Authenticate` (RFC 6750) and passes everything else on (rethrown errors reach the app's error handler,
 * which keeps the one body format). A route's own handler still runs for the others.
 */
export function answerAuthErrorsWith401(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const own = route.errorHandler as RouteErrorHandler | undefined;
    const handler: RouteErrorHandler = function (error, request, reply) {
      if (isOofError(error) && UNAUTHORIZED.has(error.code)) {
        const challenge =
          error.code === 'AUTH_REQUIRED'
            ? 'Bearer'
            : `Bearer error="invalid_token", error_description="${error.code}"`;
        return reply.status(401).header('www-authenticate', challenge).send(error.toJSON());
      }
      if (own !== undefined) return own.call(this, error, request, reply);
      throw error;
    };
    route.errorHandler = handler as NonNullable<typeof route.errorHandler>;
  });
}
