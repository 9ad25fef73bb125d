import type { Command } from 'commander';
import { loadConfig } from '../../core/config/config.ts';
import { createLogger } from '../../core/log/logger.ts';
import { migrate } from '../../store/migrate.ts';
import { openDatabase } from '../../store/open-database.ts';

/** `oof migrate` — applies pending numbered SQL migrations (also done at every start) and says what it did. */
export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations (embedded by default, Postgres with DATABASE_URL)')
    .action(async () => {
      const config = loadConfig();
      const logger = createLogger(config.logLevel);
      const database = await openDatabase(config, logger, { migrate: false });
      try {
        const result = await migrate(database, logger);
        const where =
          database.kind === 'embedded' ? `embedded database in ${config.dataDir}` : 'Postgres server';
        process.stdout.write(
          result.applied.length === 0
            ? `oof migrate: ${where} is up to date (${result.alreadyApplied} migrations applied before)\n`
            : `oof migrate: applied ${result.applied.join(', ')} to the ${where}\n`,
        );
      } finally {
        await database.close();
      }
    });
}
