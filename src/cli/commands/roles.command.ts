import type { Command } from 'commander';
import { buildApp } from '../../api/app.ts';
import { createRpcClient } from '../../chain/rpc/create-rpc-client.ts';
import { loadConfig, type Config } from '../../core/config/config.ts';
import { OofError } from '../../core/errors/oof-error.ts';
import { createLogger, type Logger } from '../../core/log/logger.ts';
import { createWebhookEnqueue } from '../../jobs/helius-webhook.queue.ts';
import { runAnalyzeWorker } from '../../jobs/analyze.worker.ts';
import { runWebhookWorker } from '../../jobs/helius-webhook.worker.ts';
import { runCopytradeWorker } from '../../jobs/copytrade-engine.worker.ts';
import {
  copytradeSubscribeEnabled,
  runCopytradeSubscriptionSource,
} from '../../jobs/copytrade-subscription.ts';
import { pubsubUrlOf } from '../../launch/executor/start-launch-executor.ts';
import { createAnalysisDeps } from '../../main/analysis-services.ts';
import { openCoreServices } from '../../main/core-services.ts';
import { createPriceFill } from '../../main/price-history.ts';

/**
 * Production roles, each its own process on a shared Postgres server: `oof api` serves HTTP (any number of
 * them behind a load balancer; SSE streams fan out through LISTEN/NOTIFY), `oof worker` runs the queues
 * (analyses, webhook deliveries). `oof start` is both in one process on the embedded default.
 */
export function registerRoleCommands(program: Command): void {
  program
    .command('api')
    .description('serve the HTTP API (production role; needs DATABASE_URL, shares it with `oof worker`)')
    .action(async () => {
      const { config, logger } = setup('api');
      const services = await openCoreServices(config, logger, { defaultMetrics: true });
      const rpc = rpcOf(config, logger);
      const { webhookAuth, webhookHmacSecret } = config.helius;
      const webhooks = webhookAuth !== undefined || webhookHmacSecret !== undefined;
      const app = await buildApp(services, logger, {
        rpc: rpc?.rpc ?? null,
        ...(webhooks
          ? {
              webhook: {
                enqueue: createWebhookEnqueue(services.database),
                authHeader: webhookAuth,
                hmacSecret: webhookHmacSecret,
              },
            }
          : {}),
      });
      const address = await app.listen({ port: config.port, host: '0.0.0.0' }).catch((e: unknown) => {
        throw new OofError(
          'HTTP_LISTEN_FAILED',
          `Cannot listen on port ${config.port}: ${(e as Error).message}`,
          {
            port: config.port,
          },
        );
      });
      process.stderr.write(`oof api: listening on ${address}\n`);
      await untilSignal(logger, async () => {
        await app.close();
        rpc?.close();
        await services.close();
      });
    });

  program
    .command('worker')
    .description('run the job queues: analyses and webhook deliveries (production role; needs DATABASE_URL)')
    .action(async () => {
      const { config, logger } = setup('worker');
      const subscribe = copytradeSubscribeEnabled(process.env.OOF_COPYTRADE_SUBSCRIBE, false);
      const services = await openCoreServices(config, logger, { defaultMetrics: true });
      const rpc = rpcOf(config, logger);
      if (rpc === null) {
        throw new OofError(
          'CONFIG_INVALID',
          'oof worker needs SOLANA_RPC_URL: analyses backfill through it.',
        );
      }
      const stopping = new AbortController();
      const workerId = `oof-worker-${process.pid}`;
      const running = Promise.all([
        runAnalyzeWorker(
          createAnalysisDeps(services, {
            rpc: rpc.rpc,
            prices: createPriceFill(services, config.market, logger),
          }),
          { workerId, signal: stopping.signal },
        ),
        runWebhookWorker({ ...services, rpc: rpc.rpc }, { workerId, signal: stopping.signal }),
        runCopytradeWorker(
          { ...services, market: config.market, rpc, masterKey: process.env.OOF_COPYTRADE_KEY },
          { workerId, signal: stopping.signal },
        ),
        // Copy-trading signals over the WebSocket too, with OOF_COPYTRADE_SUBSCRIBE=1 and an RPC.
        subscribe && config.rpcUrl !== undefined
          ? runCopytradeSubscriptionSource(
              { ...services, rpc: rpc.rpc },
              {
                wsUrl: process.env.SOLANA_WS_URL ?? pubsubUrlOf(config.rpcUrl.split(',')[0]!.trim()),
                signal: stopping.signal,
              },
            )
          : Promise.resolve(),
      ]);
      process.stderr.write(
        `oof worker: ${workerId} taking jobs from the analyze and helius-webhook queues, running copy trading\n`,
      );
      await untilSignal(logger, async () => {
        stopping.abort();
        await running;
        rpc.close();
        await services.close();
      });
    });
}

function setup(role: string): { config: Config; logger: Logger } {
  const config = loadConfig();
  if (config.databaseUrl === undefined) {
    throw new OofError(
      'CONFIG_INVALID',
      `oof ${role} is a production role: set DATABASE_URL to the Postgres server it shares with the other roles ` +
        '(for everything in one process on the embedded database, run `oof start`).',
    );
  }
  return { config, logger: createLogger(config.logLevel) };
}

function rpcOf(config: Config, logger: Logger) {
  if (config.rpcUrl === undefined) return null;
  const urls = config.rpcUrl
    .split(',')
    .map((u) => u.trim())
    .filter((u) => u !== '');
  return createRpcClient({ endpoints: urls.map((url) => ({ url })) }, { logger });
}

/** Runs `stop` on the first SIGINT/SIGTERM (in-flight work finishes), then resolves. */
function untilSignal(logger: Logger, stop: () => Promise<void>): Promise<void> {
  return new Promise<void>((resolve) => {
    const onSignal = (signal: string): void => {
      logger.info({ signal }, 'shutting down');
      void stop().finally(resolve);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
}
