import type { Command } from 'commander';
import { createdBy, prepareArchiveOutput } from '../../chain/archive/archive-output.ts';
import { OofError } from '../../core/errors/oof-error.ts';
import { writeSimulatedArchive } from '../../simulator/archive/write-simulated-archive.ts';
import { DEFAULT_SIMULATION, validateSimulationOptions } from '../../simulator/market/simulation-options.ts';
import { createProgress } from '../progress.ts';
import { SCENARIOS } from '../../simulator/scenario/golden-wallet.ts';
import { HEAVY_WALLET_DEFAULTS, writeHeavyWalletArchive } from '../../simulator/scenario/heavy-wallet.ts';
import { writeScenarioArchive } from '../../simulator/scenario/write-scenario-archive.ts';
import { launchDayOptions } from '../../simulator/scenario/launch-day.ts';
import { fileURLToPath } from 'node:url';

interface SimulateFlags {
  seed?: string;
  scenario?: string;
  sharedData?: string;
  events?: string;
  out: string;
  wallets: string;
  tokens: string;
  days: string;
  transactions: string;
  gzip: boolean;
  partSize: string;
  force?: boolean;
}

function number(name: string, text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) {
    throw new OofError(
      'SIMULATE_OPTIONS_INVALID',
      `--${name} must be a number, got ${JSON.stringify(text)}.`,
    );
  }
  return n;
}

/**
 * `oof simulate --seed S --out DIR` — writes a chain archive of a synthetic pump.fun / PumpSwap / Jupiter market
 * (docs/chain-archive.md). Same seed and sizes → byte-identical archive. Progress on stderr, a summary on stdout.
 */
export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description('write a chain archive of a deterministic simulated market (pump.fun, PumpSwap, Jupiter)')
    .option('--seed <text>', 'seed of every random choice: the same seed gives the same archive')
    .option(
      '--scenario <name>',
      `write a fixed wallet scenario instead (${[...Object.keys(SCENARIOS), 'heavy-wallet'].join(', ')}), ` +
        'or launch-day (one day of --tokens pump.fun launches for the launch radar)',
    )
    .option('--shared-data <dir>', 'shared data folder with the hourly closes (for --scenario)')
    .option(
      '--events <n>',
      `wallet events of --scenario heavy-wallet (default ${HEAVY_WALLET_DEFAULTS.events}; its seed: --seed, default ${HEAVY_WALLET_DEFAULTS.seed})`,
    )
    .requiredOption('--out <dir>', 'folder for the archive (new or empty)')
    .option('--wallets <n>', 'number of wallets', String(DEFAULT_SIMULATION.wallets))
    .option('--tokens <n>', 'number of pump.fun launches', String(DEFAULT_SIMULATION.tokens))
    .option('--days <n>', 'length of the simulated period in days', String(DEFAULT_SIMULATION.days))
    .option(
      '--transactions <n>',
      'number of transactions in the archive',
      String(DEFAULT_SIMULATION.transactions),
    )
    .option('--no-gzip', 'write .jsonl instead of .jsonl.gz')
    .option('--part-size <n>', 'transactions per part file', '100000')
    .option('--force', 'replace an existing archive in --out')
    .action(async (flags: SimulateFlags) => {
      if (flags.scenario === 'heavy-wallet') {
        prepareArchiveOutput(flags.out, flags.force === true);
        const started = performance.now();
        const result = await writeHeavyWalletArchive(flags.out, {
          sharedDataDir:
            flags.sharedData ?? fileURLToPath(new URL('../../../../shared/data/', import.meta.url)),
          events: flags.events === undefined ? HEAVY_WALLET_DEFAULTS.events : number('events', flags.events),
          seed: flags.seed ?? HEAVY_WALLET_DEFAULTS.seed,
          gzip: flags.gzip,
        });
        process.stdout.write(
          `oof simulate: wrote scenario heavy-wallet (${result.transactions.length} transactions, ` +
            `wallet ${result.wallets.main}, linked ${result.wallets.linked}) to ${flags.out} ` +
            `in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
        );
        return;
      }
      if (flags.events !== undefined) {
        throw new OofError('SIMULATE_OPTIONS_INVALID', '--events is an option of --scenario heavy-wallet.');
      }
      const launchDay = flags.scenario === 'launch-day';
      if (flags.scenario !== undefined && !launchDay) {
        const scenario = SCENARIOS[flags.scenario];
        if (scenario === undefined) {
          throw new OofError(
            'SIMULATE_OPTIONS_INVALID',
            `unknown --scenario ${JSON.stringify(flags.scenario)}.`,
          );
        }
        prepareArchiveOutput(flags.out, flags.force === true);
        const sharedDataDir =
          flags.sharedData ?? fileURLToPath(new URL('../../../../shared/data/', import.meta.url));
        const result = await writeScenarioArchive(flags.out, scenario(), { sharedDataDir, gzip: flags.gzip });
        process.stdout.write(
          `oof simulate: wrote scenario ${flags.scenario} (${result.transactions.length} transactions, ` +
            `wallet ${result.wallets.main}, linked ${result.wallets.linked}) to ${flags.out}\n`,
        );
        return;
      }
      if (flags.seed === undefined && !launchDay) {
        throw new OofError(
          'SIMULATE_OPTIONS_INVALID',
          'give --seed (a simulated market) or --scenario NAME.',
        );
      }
      // launch-day: one day of --tokens launches (20 transactions each, wallets twice the launches).
      const options = launchDay
        ? launchDayOptions({
            ...(flags.seed === undefined ? {} : { seed: flags.seed }),
            launches: number('tokens', flags.tokens),
          })
        : validateSimulationOptions({
            seed: flags.seed ?? '',
            wallets: number('wallets', flags.wallets),
            tokens: number('tokens', flags.tokens),
            days: number('days', flags.days),
            transactions: number('transactions', flags.transactions),
          });
      const partSize = number('part-size', flags.partSize);
      if (!Number.isSafeInteger(partSize) || partSize < 1) {
        throw new OofError(
          'SIMULATE_OPTIONS_INVALID',
          `--part-size must be a positive integer, got ${partSize}.`,
        );
      }
      prepareArchiveOutput(flags.out, flags.force === true);
      const progress = createProgress('oof simulate', options.transactions);
      const started = performance.now();
      const result = await writeSimulatedArchive(flags.out, options, {
        gzip: flags.gzip,
        partSize,
        createdBy:
          `${createdBy('simulate')} --seed ${JSON.stringify(options.seed)} --wallets ${options.wallets} ` +
          `--tokens ${options.tokens} --days ${options.days} --transactions ${options.transactions}`,
        onProgress: (done) => progress.update(done),
      });
      const seconds = (performance.now() - started) / 1000;
      progress.finish('done');
      const bytes = result.files.reduce((s, f) => s + f.bytes, 0);
      const kinds = Object.entries(result.summary.byKind)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, n]) => `${k} ${n}`)
        .join(', ');
      process.stdout.write(
        `oof simulate: wrote ${result.manifest.counts.transactions} transactions (${kinds}) to ${flags.out}\n` +
          `  ${options.wallets} wallets, ${options.tokens} tokens (${result.manifest.tokens.filter((t) => t.roles.includes('migrated')).length} migrated, ` +
          `${result.manifest.tokens.filter((t) => t.roles.includes('rug')).length} rugged), ${result.manifest.files.prices.length} price files, ` +
          `${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s (${Math.round(options.transactions / seconds)} tx/s)\n`,
      );
    });
}
