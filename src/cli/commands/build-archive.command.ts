import type { Command } from 'commander';
import { createdBy, prepareArchiveOutput } from '../../chain/archive/archive-output.ts';
import { buildSharedDataArchive } from '../../chain/archive/shared-data/build-shared-data-archive.ts';
import { createProgress, type Progress } from '../progress.ts';

/**
 * `oof build-archive --from ../shared/data --out DIR` — a chain archive (docs/chain-archive.md) of every
 * usable real transaction recorded in the shared data, ready for `oof replay-rpc`. Same input → same bytes.
 * Prints a JSON summary on stdout; progress and the skipped records (with reasons) on stderr.
 */
export function registerBuildArchiveCommand(program: Command): void {
  program
    .command('build-archive')
    .description('build a chain archive from the real transactions recorded in ../shared/data')
    .option('--from <dir>', 'the shared data folder (holding _index/rpc_tx_index.json)', '../shared/data')
    .requiredOption('--out <dir>', 'archive folder to create (absent or empty)')
    .option('--gzip', 'write .jsonl.gz files')
    .option('--force', 'replace an existing archive in --out')
    .action(async (opts: { from: string; out: string; gzip?: boolean; force?: boolean }) => {
      prepareArchiveOutput(opts.out, opts.force === true);
      let progress: Progress | null = null;
      const report = await buildSharedDataArchive(opts.from, opts.out, {
        gzip: opts.gzip === true,
        createdBy: createdBy('build-archive'),
        onProgress: (done, total) => {
          progress ??= createProgress('oof build-archive: records', total);
          progress.update(done);
        },
      });
      (progress as Progress | null)?.finish(`${report.transactions} transactions written`);
      const reasons = new Map<string, number>();
      for (const s of report.skipped) {
        const reason = s.reason.replace(/:.*$/, '');
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
        process.stderr.write(`oof build-archive: skipped ${s.signature} (${s.path}): ${s.reason}\n`);
      }
      if (report.skipped.length > 0) {
        const summary = [...reasons].map(([r, n]) => `${n} ${r}`).join(', ');
        process.stderr.write(`oof build-archive: skipped ${report.skipped.length} record(s): ${summary}\n`);
      }
      process.stdout.write(
        `${JSON.stringify(
          {
            archive: opts.out,
            rows: report.rows,
            transactions: report.transactions,
            duplicateRows: report.duplicates,
            skipped: report.skipped.length,
            skippedByReason: Object.fromEntries(reasons),
            counts: report.manifest.counts,
            wallets: report.manifest.wallets.length,
            tokens: report.manifest.tokens.length,
            programs: report.manifest.programs.length,
            timeRange: report.manifest.timeRange,
          },
          null,
          2,
        )}\n`,
      );
    });
}
