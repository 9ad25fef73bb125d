import type { Command } from 'commander';
import { buildApp } from '../../api/app.ts';
import { loadConfig } from '../../core/config/config.ts';
import { createLogger } from '../../core/log/logger.ts';
import { openCoreServices } from '../../main/core-services.ts';

/**
 * `oof start` — everything in one process on the embedded default (PGlite and files under OOF_DATA_DIR, no
 * server to install), or on Postgres/S3 when configured. Migrates, serves the HTTP API on PORT, and shuts
 * down cleanly on SIGINT/SIGTERM (in-flight requests finish, the database is closed).
 */
export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('run OOF (HTTP API on PORT, default 8080) on the embedded default or the configured servers')
    .action(async () => {
      const config = loadConfig();
      const logger = createLogger(config.logLevel);
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
      const app = await buildApp(services, logger);
      const address = await app.listen({ port: config.port, host: '0.0.0.0' });
      process.stderr.write(`oof: listening on ${address} — try ${address}/v1/health\n`);
      await new Promise<void>((resolve) => {
        const stop = (signal: string): void => {
          logger.info({ signal }, 'shutting down');
          void app
            .close()
            .then(() => services.close())
            .finally(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
