import type { Command } from 'commander';
import { ArchiveReader } from '../../chain/archive/archive-reader.ts';
import { startReplayServer } from '../../chain/replay/replay-server.ts';
import { loadConfig } from '../../core/config/config.ts';
import { OofError } from '../../core/errors/oof-error.ts';
import { createLogger } from '../../core/log/logger.ts';
import { createProgress, type Progress } from '../progress.ts';

interface ReplayOptions {
  archive: string;
  port: string;
  host: string;
  speed: string;
  maxGapMs?: string;
  startDelayMs: string;
  webhook?: string;
  webhookAuth?: string;
  webhookBatch: string;
  failRate: string;
  rateLimitRate: string;
  latencyMs: string;
  seed: string;
}

/**
 * `oof replay-rpc --archive DIR --port N` — serves a chain archive as a Solana node: JSON-RPC over HTTP and
 * pubsub over WebSocket on the same port, the logs stream replayed at `--speed`, and optionally the
 * transactions delivered to a webhook as Helius raw webhooks. Prints `{url, wsUrl}` on stdout once
 * listening; runs until SIGINT/SIGTERM, then closes connections and exits cleanly.
 */
export function registerReplayRpcCommand(program: Command): void {
  program
    .command('replay-rpc')
    .description('serve a chain archive as a Solana JSON-RPC + WebSocket node (offline replay)')
    .requiredOption('--archive <dir>', 'chain archive folder (manifest.json)')
    .option('--port <n>', 'port (0 = any free port)', '8899')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--speed <x>', 'logs/webhook pace: 0 = as fast as possible, 1 = real time, 10 = 10× faster', '1')
    .option('--max-gap-ms <n>', 'cap every wait between two replayed events')
    .option(
      '--start-delay-ms <n>',
      'delay between the first subscription and the start of the logs stream',
      '500',
    )
    .option('--webhook <url>', 'also POST the transactions to this URL as a Helius raw webhook')
    .option('--webhook-auth <value>', 'Authorization header value for webhook deliveries')
    .option('--webhook-batch <n>', 'transactions per webhook POST', '100')
    .option('--fail-rate <p>', 'test switch: share of HTTP requests answered 503', '0')
    .option('--rate-limit-rate <p>', 'test switch: share of HTTP requests answered 429 with Retry-After', '0')
    .option('--latency-ms <n>', 'test switch: delay before every HTTP answer', '0')
    .option('--seed <n>', 'seed of the fault switches', '1')
    .action(async (opts: ReplayOptions) => {
      const logger = createLogger(loadConfig().logLevel);
      let progress: Progress | null = null;
      const archive = await ArchiveReader.open(opts.archive, {
        onProgress: (done, total) => {
          progress ??= createProgress('oof replay-rpc: indexing', total);
          progress.update(done);
        },
      });
      (progress as Progress | null)?.finish();
      try {
        const server = await startReplayServer({
          archive,
          host: opts.host,
          port: integer(opts.port, '--port', 0, 65535),
          speed: number(opts.speed, '--speed'),
          ...(opts.maxGapMs === undefined ? {} : { maxGapMs: integer(opts.maxGapMs, '--max-gap-ms') }),
          startDelayMs: integer(opts.startDelayMs, '--start-delay-ms'),
          ...(opts.webhook === undefined
            ? {}
            : {
                webhook: {
                  url: opts.webhook,
                  batchSize: integer(opts.webhookBatch, '--webhook-batch', 1),
                  ...(opts.webhookAuth === undefined ? {} : { authorization: opts.webhookAuth }),
                },
              }),
          faults: {
            failRate: share(opts.failRate, '--fail-rate'),
            rateLimitRate: share(opts.rateLimitRate, '--rate-limit-rate'),
            latencyMs: integer(opts.latencyMs, '--latency-ms'),
            seed: integer(opts.seed, '--seed'),
          },
          logger,
        });
        const m = archive.manifest;
        logger.info(
          {
            url: server.url,
            wsUrl: server.wsUrl,
            archive: opts.archive,
            source: m.source,
            transactions: archive.transactionCount,
            timeRange: m.timeRange,
          },
          `replay-rpc: serving ${archive.transactionCount} transactions at ${server.url} (pubsub ${server.wsUrl})`,
        );
        process.stdout.write(`${JSON.stringify({ url: server.url, wsUrl: server.wsUrl })}\n`);
        await new Promise<void>((resolve) => {
          const stop = (signal: string): void => {
            logger.info({ signal }, 'replay-rpc: shutting down');
            void server.close().finally(resolve);
          };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
      } finally {
        await archive.close();
      }
    });
}

function number(text: string, flag: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0) {
    throw new OofError('CONFIG_INVALID', `${flag} must be a number ≥ 0, got ${JSON.stringify(text)}.`);
  }
  return n;
}

function integer(text: string, flag: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const n = number(text, flag);
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new OofError(
      'CONFIG_INVALID',
      `${flag} must be an integer in ${min}…${max}, got ${JSON.stringify(text)}.`,
    );
  }
  return n;
}

function share(text: string, flag: string): number {
  const n = number(text, flag);
  if (n > 1) throw new OofError('CONFIG_INVALID', `${flag} must be between 0 and 1, got ${text}.`);
  return n;
}
