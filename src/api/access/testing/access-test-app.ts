import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import { configSchema } from '../../../core/config/config.ts';
import type { Db } from '../../../store/database.ts';
import { installErrorHandler } from '../../error-handler.ts';
import { accessPlugin, type AccessPluginOptions } from '../access.plugin.ts';
import { currentSubject, requireSubject } from '../subject.ts';

export interface AccessTestAppOptions {
  readonly db: Db;
  /** The `access` section of the configuration (defaults apply to the rest). */
  readonly access?: Record<string, unknown>;
  readonly redisUrl?: string;
  readonly redis?: Redis;
  readonly now?: () => Date;
  readonly jwks?: AccessPluginOptions['jwks'];
}

/**
 * The access plugin in a minimal app, as `buildApp` wires it, with two probe routes registered after it:
 * `GET /test/me` (needs a signed-in subject) and `GET /test/open` (anyone, anonymous included).
 */
export async function buildAccessTestApp(options: AccessTestAppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  const config = configSchema.parse({
    dataDir: './unused',
    access: options.access ?? {},
    ...(options.redisUrl === undefined ? {} : { redisUrl: options.redisUrl }),
  });
  await app.register(accessPlugin, {
    config,
    db: options.db,
    ...(options.redis === undefined ? {} : { redis: options.redis }),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.jwks === undefined ? {} : { jwks: options.jwks }),
  });
  app.get('/test/me', (request) => requireSubject(request));
  app.get('/test/open', (request) => currentSubject(request));
  return app;
}
