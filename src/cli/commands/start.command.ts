import type { Command } from 'commander';
import { buildApp } from '../../api/app.ts';
import { loadConfig } from '../../core/config/config.ts';
import { OofError } from '../../core/errors/oof-error.ts';
import { createLogger, type Logger } from '../../core/log/logger.ts';
import { createWebhookEnqueue } from '../../jobs/helius-webhook.queue.ts';
import { runWebhookWorker } from '../../jobs/helius-webhook.worker.ts';
import { runCopytradeWorker } from '../../jobs/copytrade-engine.worker.ts';
import {
  copytradeSubscribeEnabled,
  runCopytradeSubscriptionSource,
} from '../../jobs/copytrade-subscription.ts';
import { openChainServices, type ChainServices } from '../../main/chain-services.ts';
import { openCoreServices } from '../../main/core-services.ts';
import { backfillSimulatedWallets } from '../../main/demo-backfill.ts';
import { runAnalyzeWorker } from '../../jobs/analyze.worker.ts';
import { createAnalysisDeps } from '../../main/analysis-services.ts';
import { createPriceFill } from '../../main/price-history.ts';
import { pubsubUrlOf, runLaunchRadarInProcess } from '../../launch/executor/start-launch-executor.ts';
import { createProgress, type Progress } from '../progress.ts';

/**
 * `oof start` — everything in one process on the embedded default (PGlite and files under OOF_DATA_DIR, no
 * server to install; with no SOLANA_RPC_URL the chain is a simulated market served locally), or on
 * Postgres/S3/a real RPC when configured. Migrates, serves the HTTP API on PORT, and shuts down cleanly on
 * SIGINT/SIGTERM (in-flight requests finish, the database is closed).
 */
export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('run OOF (HTTP API on PORT, default 8080) on the embedded default or the configured servers')
    .action(async () => {
      const config = loadConfig();
      const logger = createLogger(config.logLevel);
      // Copy-trading signals over the WebSocket as well as the webhook: on by default on the simulated market.
      const subscribe = copytradeSubscribeEnabled(
        process.env.OOF_COPYTRADE_SUBSCRIBE,
        config.rpcUrl === undefined,
      );
      logger.info(
        {
          deployment: config.databaseUrl === undefined ? 'embedded' : 'postgres',
          dataDir: config.dataDir,
          objectStore: config.objectStore.kind,
        },
        config.databaseUrl === undefined
          ? `starting on the embedded default: PGlite and objects under ${config.dataDir}`
          : 'starting on the configured Postgres server',
      );
      const services = await openCoreServices(config, logger, { defaultMetrics: true });
      let progress: Progress | null = null;
      const chain = await openChainServices(config, logger, {
        registry: services.metrics.registry,
        onProgress: (done, total) => {
          progress ??= createProgress('oof start: simulating the market', total);
          progress.update(done);
        },
      });
      (progress as Progress | null)?.finish();
      const { webhookAuth, webhookHmacSecret } = config.helius;
      const webhooks = webhookAuth !== undefined || webhookHmacSecret !== undefined;
      const analysisClock = simulatedMarketClock(chain, logger);
      const app = await buildApp(services, logger, {
        rpc: chain.client.rpc,
        ...(analysisClock === undefined ? {} : { analysisClock }),
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
      if (!webhooks)
        logger.info('Helius webhooks off: set HELIUS_WEBHOOK_AUTH to enable POST /webhooks/helius');
      const address = await app.listen({ port: config.port, host: '0.0.0.0' }).catch(async (e: unknown) => {
        await chain.close();
        await services.close();
        const code = (e as { code?: string }).code;
        throw new OofError(
          'HTTP_LISTEN_FAILED',
          code === 'EADDRINUSE'
            ? `Port ${config.port} is already in use (another oof start?): stop it or set PORT to a free port.`
            : `Cannot listen on port ${config.port}: ${(e as Error).message}`,
          { port: config.port },
          e,
        );
      });
      process.stderr.write(`oof: listening on ${address} — try ${address}/v1/health\n`);
      const stopping = new AbortController();
      const worker = webhooks
        ? runWebhookWorker(
            { ...services, rpc: chain.client.rpc },
            { workerId: `oof-${process.pid}`, signal: stopping.signal },
          )
        : Promise.resolve();
      // The analyze queue (continuations of partial analyses, analyses enqueued by other processes).
      const market =
        chain.simulated === null
          ? config.market
          : {
              geckoterminalUrl: chain.simulated.server.url,
              jupiterUrl: chain.simulated.server.url,
              dexscreenerUrl: chain.simulated.server.url,
              birdeyeUrl: chain.simulated.server.url,
              rugcheckUrl: chain.simulated.server.url,
              ...config.market,
            };
      const analyzer = runAnalyzeWorker(
        createAnalysisDeps(services, {
          rpc: chain.client.rpc,
          prices: createPriceFill(services, market, logger),
          ...(analysisClock === undefined ? {} : { clock: analysisClock }),
        }),
        { workerId: `oof-${process.pid}`, signal: stopping.signal },
      );
      // Copy trading: pending signals decided, positions watched by the price monitor, live swaps sent.
      const copytrade = runCopytradeWorker(
        {
          database: services.database,
          logger,
          config: services.config,
          market,
          rpc: chain.client,
          masterKey: process.env.OOF_COPYTRADE_KEY,
        },
        { workerId: `oof-${process.pid}`, signal: stopping.signal },
      );
      const wsUrl =
        chain.simulated?.server.wsUrl ?? process.env.SOLANA_WS_URL ?? pubsubUrlOf(chain.rpcUrls[0] ?? '');
      const subscriptions = subscribe
        ? runCopytradeSubscriptionSource(
            { ...services, rpc: chain.client.rpc },
            { wsUrl, signal: stopping.signal },
          ).catch((e: unknown) =>
            logger.error(
              { err: e },
              'copy trading: the WebSocket signal source stopped; the webhook goes on',
            ),
          )
        : Promise.resolve();
      // Launch radar (SPEC §5): on the simulated market, or on a real chain with OOF_LAUNCH_RADAR=1.
      const radar = runLaunchRadarInProcess(
        { database: services.database, chain, logger, env: process.env },
        stopping.signal,
      );
      const backfill = backfillSimulatedWallets(services, chain, logger, stopping.signal).catch(
        (e: unknown) =>
          logger.error({ err: e }, 'backfill of the simulated wallets failed; the API keeps serving'),
      );
      await new Promise<void>((resolve) => {
        const stop = (signal: string): void => {
          logger.info({ signal }, 'shutting down');
          stopping.abort();
          void app
            .close()
            .then(() => Promise.all([backfill, worker, analyzer, copytrade, subscriptions, radar]))
            .then(() => chain.close())
            .then(() => services.close())
            .finally(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}

/**
 * On the simulated market (a past period replayed locally), analyses run as of the market's last day: an
 * anonymous FREE analysis (180 days) must see that history, as it would on the day it happened.
 */
function simulatedMarketClock(chain: ChainServices, logger: Logger): (() => Date) | undefined {
  const toTime = chain.simulated?.archive.manifest.timeRange?.toTime ?? null;
  if (toTime === null) return undefined;
  // The replayed world's clock: it starts one hour after the market's last transaction and runs at wall speed.
  const offsetMs = (toTime + 3_600) * 1000 - Date.now();
  logger.info(
    { asOf: new Date(Date.now() + offsetMs).toISOString() },
    'simulated market: analyses and wallet reads run on its clock, from one hour after its last transaction',
  );
  return () => new Date(Date.now() + offsetMs);
}
