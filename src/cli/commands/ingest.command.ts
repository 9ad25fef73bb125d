import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../core/config/config.ts';
import { OofError } from '../../core/errors/oof-error.ts';
import { createLogger } from '../../core/log/logger.ts';
import {
  DEFAULT_MAX_INPUT_BYTES,
  readTransactionDocuments,
} from '../../decoder/input/read-transaction-documents.ts';
import { ingest } from '../../ingest/ingest.ts';
import { openCoreServices } from '../../main/core-services.ts';
import { createProgress } from '../progress.ts';
import { readInput } from '../read-input.ts';

/**
 * `oof ingest PATH...` — stores getTransaction results from files or folders (JSON, JSON arrays, JSONL,
 * JSON-RPC responses, getBlock results) once: raw body compressed in the object store, actions and
 * participants in the database. Running it again on the same input changes nothing.
 */
export function registerIngestCommand(program: Command): void {
  program
    .command('ingest')
    .description('store transactions from files or folders (idempotent); prints a summary as JSON')
    .argument('<paths...>', 'files or folders (folders are searched for *.json and *.jsonl)')
    .option('--redecode', 're-decode stored transactions whose decoder version is older than this one')
    .option('--batch-size <n>', 'transactions per database transaction')
    .action(async (paths: string[], opts: { redecode?: boolean; batchSize?: string }) => {
      const config = loadConfig();
      const logger = createLogger(config.logLevel);
      const batchSize = opts.batchSize === undefined ? config.ingest.batchSize : Number(opts.batchSize);
      if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
        throw new OofError(
          'CONFIG_INVALID',
          `--batch-size must be a positive integer, got ${opts.batchSize}.`,
        );
      }
      const files = paths.flatMap(listInputFiles);
      if (files.length === 0)
        throw new OofError('INPUT_EMPTY', `No .json or .jsonl files under ${paths.join(', ')}.`);
      const items: unknown[] = [];
      let notTransactions = 0;
      for (const file of files) {
        try {
          for (const doc of readTransactionDocuments(await readInput(file, DEFAULT_MAX_INPUT_BYTES))) {
            if (looksLikeTransaction(doc.value)) items.push(doc.value);
            else notTransactions++;
          }
        } catch (e) {
          if (!(e instanceof OofError) || paths.includes(file)) throw e; // a file named on the command line must be valid
          notTransactions++; // a folder may hold other JSON (IDLs, configs): skipped and counted
        }
      }
      const services = await openCoreServices(config, logger);
      try {
        const progress = createProgress('oof ingest', items.length);
        const totals = { stored: 0, duplicates: 0, redecoded: 0, actions: 0, failed: [] as unknown[] };
        const chunk = batchSize * 5;
        for (let i = 0; i < items.length; i += chunk) {
          const r = await ingest(services, items.slice(i, i + chunk), {
            batchSize,
            ...(opts.redecode ? { redecode: true } : {}),
          });
          totals.stored += r.stored;
          totals.duplicates += r.duplicates;
          totals.redecoded += r.redecoded;
          totals.actions += r.actions;
          totals.failed.push(...r.failed);
          progress.update(
            Math.min(i + chunk, items.length),
            `stored ${totals.stored}, duplicates ${totals.duplicates}`,
          );
        }
        progress.finish(
          `stored ${totals.stored}, duplicates ${totals.duplicates}, failed ${totals.failed.length}`,
        );
        process.stdout.write(
          `${JSON.stringify({ files: files.length, transactions: items.length, skippedDocuments: notTransactions, ...totals }, null, 2)}\n`,
        );
      } finally {
        await services.close();
      }
    });
}

function listInputFiles(path: string): string[] {
  let stat;
  try {
    stat = statSync(path);
  } catch (cause) {
    throw new OofError('INPUT_EMPTY', `Cannot read ${path}: ${(cause as Error).message}`, { path }, cause);
  }
  if (!stat.isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) =>
      e.isDirectory()
        ? listInputFiles(join(path, e.name))
        : ['.json', '.jsonl'].includes(extname(e.name))
          ? [join(path, e.name)]
          : [],
    );
}

/** A getTransaction-shaped object: the cheap envelope check before the decoder's full schema. */
function looksLikeTransaction(v: unknown): boolean {
  const o = v as { meta?: unknown; transaction?: { signatures?: unknown } } | null;
  return (
    typeof o === 'object' && o !== null && o.meta !== undefined && Array.isArray(o.transaction?.signatures)
  );
}
