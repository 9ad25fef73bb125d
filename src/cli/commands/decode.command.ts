import type { Command } from 'commander';
import { OofError } from '../../core/errors/oof-error.ts';
import { decodeTransaction, parseRpcTransaction } from '../../decoder/decode-transaction.ts';
import {
  DEFAULT_MAX_INPUT_BYTES,
  readTransactionDocuments,
} from '../../decoder/input/read-transaction-documents.ts';
import { actionToJson } from '../../decoder/action-json.ts';
import { readInput } from '../read-input.ts';

/**
 * `oof decode [FILE|-]` — the stable CLI contract of SPEC §2.2: one JSON object per action per line on stdout.
 * All input is decoded before anything is printed, so a bad item yields an error and no partial output.
 */
export function registerDecodeCommand(program: Command): void {
  program
    .command('decode')
    .description('decode getTransaction results into normalized actions (JSON Lines on stdout)')
    .argument(
      '[file]',
      'a file with one transaction, a JSON array, JSON Lines or a JSON-RPC response; - for stdin',
      '-',
    )
    .option('--max-bytes <n>', 'refuse inputs larger than this', String(DEFAULT_MAX_INPUT_BYTES))
    .option('--skip-invalid', 'report invalid items on stderr and decode the rest instead of failing')
    .action(async (file: string, opts: { maxBytes: string; skipInvalid?: boolean }) => {
      const maxBytes = Number(opts.maxBytes);
      if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0) {
        throw new OofError('CONFIG_INVALID', `--max-bytes must be a positive integer, got ${opts.maxBytes}.`);
      }
      const text = await readInput(file, maxBytes);
      const docs = readTransactionDocuments(text, maxBytes);
      const lines: string[] = [];
      let skipped = 0;
      for (const doc of docs) {
        try {
          const decoded = decodeTransaction(parseRpcTransaction(doc.value));
          for (const a of decoded.actions) lines.push(JSON.stringify(actionToJson(a)));
        } catch (e) {
          if (!(e instanceof OofError) || !opts.skipInvalid) {
            if (e instanceof OofError)
              throw new OofError(e.code, `${doc.origin}: ${e.message}`, e.context, e);
            throw e;
          }
          skipped++;
          process.stderr.write(`oof decode: skipped ${doc.origin}: ${e.message}\n`);
        }
      }
      if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
      if (skipped > 0) process.stderr.write(`oof decode: ${skipped} of ${docs.length} item(s) skipped\n`);
    });
}
