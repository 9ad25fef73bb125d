import { Command, CommanderError } from 'commander';
import { OofError } from '../core/errors/oof-error.ts';
import { registerAnalyzeCommand } from './commands/analyze.command.ts';
import { registerBacktestCommand } from './commands/backtest.command.ts';
import { registerBuildArchiveCommand } from './commands/build-archive.command.ts';
import { registerDecodeCommand } from './commands/decode.command.ts';
import { registerExecutorCommand } from './commands/executor.command.ts';
import { registerIngestCommand } from './commands/ingest.command.ts';
import { registerMigrateCommand } from './commands/migrate.command.ts';
import { registerRecordCommand } from './commands/record.command.ts';
import { registerReplayCommand } from './commands/replay.command.ts';
import { registerReplayRpcCommand } from './commands/replay-rpc.command.ts';
import { registerRoleCommands } from './commands/roles.command.ts';
import { registerStartCommand } from './commands/start.command.ts';
import { registerStrategyCommand } from './commands/strategy.command.ts';
import { registerSimulateCommand } from './commands/simulate.command.ts';

/**
 * The `oof` command line. Every command prints its results on stdout and progress/errors on stderr;
 * errors carry a stable code and say what to do. Exit codes: 0 ok, 2 bad input or usage, 1 anything else.
 */
export function buildProgram(): Command {
  const program = new Command('oof')
    .description('OOF — Solana wallet analytics, copy trading and launch radar')
    .showHelpAfterError()
    .exitOverride();
  registerAnalyzeCommand(program);
  registerBacktestCommand(program);
  registerBuildArchiveCommand(program);
  registerDecodeCommand(program);
  registerExecutorCommand(program);
  registerIngestCommand(program);
  registerMigrateCommand(program);
  registerRecordCommand(program);
  registerReplayCommand(program);
  registerReplayRpcCommand(program);
  registerStartCommand(program);
  registerStrategyCommand(program);
  registerRoleCommands(program);
  registerSimulateCommand(program);
  return program;
}

export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? 0 : 2;
    }
    if (e instanceof OofError) {
      process.stderr.write(`oof: ${e.code}: ${e.message}\n`);
      return e.kind === 'invalid_input' || e.kind === 'not_found' ? 2 : 1;
    }
    process.stderr.write(`oof: unexpected error: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}

// `tsx src/cli/main.ts ...` (npm scripts) runs this file directly; `bin/oof.js` imports it and calls runCli.
if (process.argv[1] !== undefined && /src[\\/]cli[\\/]main\.ts$/.test(process.argv[1])) {
  process.exitCode = await runCli(process.argv.slice(2));
}
