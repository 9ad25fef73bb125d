import type { Command } from 'commander';
import { createdBy } from '../../chain/archive/archive-output.ts';
import { recordArchive } from '../../chain/archive/record/record-archive.ts';
import type { RecordSource } from '../../chain/archive/record/record-source.ts';
import { checkAddress, checkSignature } from '../../chain/rpc/methods/check-params.ts';
import { getTransactionAsRecorded } from '../../chain/replay/get-transaction-as-recorded.ts';
import { createRpcClient, type RpcClient } from '../../chain/rpc/create-rpc-client.ts';
import { accountInfoSchema } from '../../chain/rpc/methods/get-account-info.ts';
import { withContext } from '../../chain/rpc/methods/u64.ts';
import { loadConfig } from '../../core/config/config.ts';
import { OofError } from '../../core/errors/oof-error.ts';
import { createLogger } from '../../core/log/logger.ts';
import { createProgress, type Progress } from '../progress.ts';

interface RecordCliOptions {
  wallet?: string;
  program?: string;
  rpc?: string;
  out: string;
  limit?: string;
  since?: string;
  concurrency: string;
  gzip?: boolean;
  network: string;
}

/**
 * `oof record --wallet W | --program P --rpc URL --out DIR` — records an address's history from a live
 * node into a chain archive (signatures, getTransaction `json` v0 results, the address's account info),
 * resumable: a rerun fetches only what DIR does not hold yet. `--rpc` defaults to SOLANA_RPC_URL.
 */
export function registerRecordCommand(program: Command): void {
  program
    .command('record')
    .description("record a wallet's or program's history from a Solana RPC into a chain archive (resumable)")
    .option('--wallet <address>', 'wallet to record')
    .option('--program <address>', 'program to record')
    .option('--rpc <url>', 'JSON-RPC endpoint (default: SOLANA_RPC_URL)')
    .requiredOption('--out <dir>', 'archive folder (created, or extended when it holds a recorded archive)')
    .option('--limit <n>', 'record at most the newest N signatures')
    .option('--since <signature>', 'record only what is newer than this signature')
    .option('--concurrency <n>', 'getTransaction calls in flight', '8')
    .option('--gzip', 'write .jsonl.gz files')
    .option('--network <name>', 'network named in the manifest', 'mainnet-beta')
    .action(async (opts: RecordCliOptions) => {
      const config = loadConfig();
      const logger = createLogger(config.logLevel);
      if ((opts.wallet === undefined) === (opts.program === undefined)) {
        throw new OofError(
          'CONFIG_INVALID',
          'Pass exactly one of --wallet <address> or --program <address>.',
        );
      }
      const address = checkAddress(
        (opts.wallet ?? opts.program) as string,
        opts.wallet ? '--wallet' : '--program',
      );
      if (opts.since !== undefined) checkSignature(opts.since, '--since');
      const url = opts.rpc ?? config.rpcUrl;
      if (url === undefined) throw new OofError('CONFIG_INVALID', 'Pass --rpc <url> or set SOLANA_RPC_URL.');
      const client = createRpcClient({ endpoints: [{ url }], slotProbeIntervalMs: 0 }, { logger });
      const progress: Partial<Record<'listing' | 'fetching', Progress>> = {};
      try {
        const report = await recordArchive(rpcRecordSource(client), {
          address,
          role: opts.wallet !== undefined ? 'wallet' : 'program',
          out: opts.out,
          ...(opts.limit === undefined ? {} : { limit: positive(opts.limit, '--limit') }),
          ...(opts.since === undefined ? {} : { since: opts.since }),
          concurrency: positive(opts.concurrency, '--concurrency'),
          gzip: opts.gzip === true,
          createdBy: createdBy('record'),
          network: opts.network,
          onProgress: (stage, done, total) => {
            const bar = (progress[stage] ??= createProgress(`oof record: ${stage}`, total));
            bar.update(done);
          },
        });
        progress.listing?.finish(`${report.listed} signatures`);
        progress.fetching?.finish(`${report.fetched} fetched`);
        if (report.missing.length > 0) {
          process.stderr.write(
            `oof record: the node returned null for ${report.missing.length} listed signature(s) (not available yet or pruned); run again later to retry them\n`,
          );
        }
        process.stdout.write(
          `${JSON.stringify(
            {
              archive: opts.out,
              address,
              listed: report.listed,
              alreadyRecorded: report.alreadyRecorded,
              fetched: report.fetched,
              missing: report.missing.length,
              counts: report.manifest.counts,
              timeRange: report.manifest.timeRange,
            },
            null,
            2,
          )}\n`,
        );
      } finally {
        client.close();
      }
    });
}

/** The recorder's port over our RPC client: json encoding, v0 allowed, account bytes as base64. */
function rpcRecordSource(client: RpcClient): RecordSource {
  const accountResult = withContext(accountInfoSchema.nullable());
  return {
    listSignatures: (address, { until }) =>
      client.rpc.listSignatures(address, until === undefined ? {} : { until }),
    getTransaction: (signature) =>
      getTransactionAsRecorded((sig, encoding) => client.rpc.getTransaction(sig, { encoding }), signature),
    getAccountInfo: (address) =>
      client.transport({
        method: 'getAccountInfo',
        params: [address, { encoding: 'base64', commitment: 'confirmed' }],
        // Validated like every result, but stored as the node sent it.
        parse: (raw) => {
          const checked = accountResult.parse(raw);
          return {
            slot: checked.contextSlot,
            value: (raw as { value: Record<string, unknown> | null }).value,
          };
        },
      }),
  };
}

function positive(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new OofError('CONFIG_INVALID', `${flag} must be a positive integer, got ${JSON.stringify(text)}.`);
  }
  return n;
}
