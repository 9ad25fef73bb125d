import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from '../core/log/logger.ts';
import type { CoreServices } from '../main/core-services.ts';
import {
  heliusWebhookRoutes,
  type HeliusWebhookRoutesOptions,
} from '../chain/helius/helius-webhook.routes.ts';
import { accessPlugin } from './access/access.plugin.ts';
import { installErrorHandler } from './error-handler.ts';
import { analyzeRoutes } from './routes/analyze.routes.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { momentRoutes } from './routes/moments.routes.ts';
import { launchRoutes } from './routes/launches.routes.ts';
import { walletRoutes } from './routes/wallets.routes.ts';
import { createNotificationHub } from './sse/notification-hub.ts';
import { cardRoutes } from './routes/cards.routes.ts';
import { copytradeRoutes } from './routes/copytrade.routes.ts';
import { installOperationalMetrics } from './operational-metrics.ts';
import type { SolanaRpc } from '../chain/rpc/solana-rpc.ts';
import { transactionRoutes } from './routes/transactions.routes.ts';
import { webPlugin } from '../web/web.plugin.ts';

export interface AppOptions {
  /** The chain, for routes that read it (the latest blockhash of a cNFT mint transaction). */
  readonly rpc?: SolanaRpc | null;
  /** The API's clock (analysis windows, quota days, token expiry); tests pin it. Default: the system clock. */
  readonly clock?: () => Date;
  /**
   * The time analyses and wallet reads are computed as of (analysis windows, extremes' freshness, leaderboard
   * periods). Default: `clock`. `oof start` on the simulated market pins it to the market's end, so the
   * simulated history lies inside every plan's window.
   */
  readonly analysisClock?: () => Date;
  /** Enables `POST /webhooks/helius` (needs at least one credential). */
  readonly webhook?: Omit<HeliusWebhookRoutesOptions, 'path' | 'bodyLimitBytes'>;
}

/** The HTTP API, built from already-open services so tests run it in-process with `app.inject`. */
export async function buildApp(
  services: CoreServices,
  logger: Logger,
  options: AppOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    // pino's Logger and Fastify's base logger type differ only in optional members.
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: 25 * 1024 * 1024,
    requestIdHeader: 'x-request-id',
    // Moment ids are natural keys (`wallet:kind:sig:idx:version`, ~160 characters).
    routerOptions: { maxParamLength: 1000 },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  // The OpenAPI document is generated from the same zod schemas that validate the requests.
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'OOF API',
        version: '1',
        description:
          'Solana wallet analytics: analyses, OOF moments, extremes, cards. Amounts are decimal strings; ' +
          'errors are {error: CODE, message, details}.',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(accessPlugin, {
    config: services.config,
    db: services.database.db,
    ...(options.clock === undefined ? {} : { now: options.clock }),
  });
  const hub = createNotificationHub(services.database);
  app.addHook('onClose', async () => hub.close());
  await app.register(healthRoutes(services, { rpc: options.rpc ?? null }));
  await app.register(transactionRoutes(services));
  await app.register(analyzeRoutes(services, hub, options.analysisClock ?? options.clock));
  await app.register(momentRoutes(services, hub));
  await app.register(walletRoutes(services, options.analysisClock ?? options.clock));
  await app.register(cardRoutes(services, { rpc: options.rpc ?? null }));
  await app.register(copytradeRoutes(services, options.clock, hub));
  await app.register(launchRoutes(services, hub));
  installOperationalMetrics(app, services);
  app.get('/v1/openapi.json', { schema: { hide: true } }, () => app.swagger());
  if (options.webhook !== undefined) await app.register(heliusWebhookRoutes, options.webhook);
  // The web app last: its client routes never shadow the API's.
  await app.register(webPlugin);
  return app;
}
