import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { OofError, type ErrorKind } from '../core/errors/oof-error.ts';

/** The kind alone decides the status; every error body is `{error: CODE, message, details}`. */
export const STATUS_BY_KIND: Readonly<Record<ErrorKind, number>> = {
  invalid_input: 400,
  not_found: 404,
  conflict: 409,
  limited: 429,
  unavailable: 503,
  upstream: 502,
  invariant: 500,
};

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | OofError | Error, request, reply) => {
    if (error instanceof OofError) {
      if (error.kind === 'invariant') request.log.error({ err: error }, error.message);
      return reply.status(STATUS_BY_KIND[error.kind]).send(error.toJSON());
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.map((v) => ({ path: v.instancePath || '/', message: v.message }));
      const where = details.map((d) => `${d.path}: ${d.message}`).join('; ');
      return reply.status(400).send({
        error: 'REQUEST_INVALID',
        message: `Invalid request ${error.validationContext ?? ''} — ${where}`,
        details,
      });
    }
    const status = (error as FastifyError).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      const code =
        status === 413 ? 'REQUEST_TOO_LARGE' : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'REQUEST_INVALID';
      return reply.status(status).send({ error: code, message: error.message, details: {} });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply
      .status(500)
      .send({ error: 'INTERNAL', message: 'Unexpected server error; see the server log.', details: {} });
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send({ error: 'ROUTE_NOT_FOUND', message: `No route ${request.method} ${request.url}`, details: {} }),
  );
}
