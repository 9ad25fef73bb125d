import { join } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../core/config/config.ts';
import { OofError } from '../../core/errors/oof-error.ts';
import { createLogger } from '../../core/log/logger.ts';
import { runStrategyProcess } from '../../launch/grpc/strategy-runner.ts';
import { DEFAULT_STRATEGY, STRATEGY_NAMES, createStrategy } from '../../launch/strategy/strategy-registry.ts';

interface StrategyFlags {
  executor: string;
  strategy: string;
  state?: string;
  clientId?: string;
}

/** host:port, [v6]:port or a DNS name with a port. */
export function parseExecutorAddress(text: string): string {
  const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(text.trim());
  const port = match === null ? Number.NaN : Number(match[2]);
  if (match === null || port < 1 || port > 65_535) {
    throw new OofError(
      'CONFIG_INVALID',
      `--executor must be HOST:PORT of the executor's gRPC server (e.g. 127.0.0.1:50051), got ${JSON.stringify(text)}.`,
    );
  }
  return text.trim();
}

/**
 * `oof strategy --executor HOST:PORT`: the strategy process (SPEC §5), separate from the executor. Streams the
 * launch events over gRPC, runs the strategy and sends its reason-coded intents; resumes from its state file
 * after a restart and reconnects with backoff. Runs until SIGINT/SIGTERM; progress in the logs (stderr).
 */
export function registerStrategyCommand(program: Command): void {
  program
    .command('strategy')
    .description('run a launch strategy against the executor over gRPC: events in, reason-coded intents out')
    .requiredOption('--executor <host:port>', "the executor's gRPC address")
    .option('--strategy <name>', `strategy to run (${STRATEGY_NAMES.join(', ')})`, DEFAULT_STRATEGY)
    .option(
      '--state <file>',
      'checkpoint file: cursor and strategy state (default: <data dir>/strategy-NAME.json)',
    )
    .option('--client-id <id>', 'name of this process in the executor logs and intent rows')
    .action(async (flags: StrategyFlags) => {
      const address = parseExecutorAddress(flags.executor);
      createStrategy(flags.strategy); // an unknown name fails here, before any connection
      const config = loadConfig();
      const logger = createLogger(config.logLevel);
      const stateFile = flags.state ?? join(config.dataDir, `strategy-${flags.strategy}.json`);
      const stopping = new AbortController();
      const onSignal = (signal: string): void => {
        logger.info({ signal }, 'oof strategy: stopping after the event in hand');
        stopping.abort();
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      process.stderr.write(`oof strategy: ${flags.strategy} on executor ${address}, state in ${stateFile}\n`);
      const summary = await runStrategyProcess({
        address,
        strategy: flags.strategy,
        stateFile,
        clientId: flags.clientId ?? `oof-strategy-${flags.strategy}-${process.pid}`,
        logger,
        signal: stopping.signal,
      });
      process.stdout.write(
        `${JSON.stringify({ strategy: flags.strategy, cursor: summary.cursor.toString(), events: summary.events, intents: summary.intents, reconnects: summary.reconnects })}\n`,
      );
    });
}
