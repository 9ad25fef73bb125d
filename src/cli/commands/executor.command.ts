import type { Command } from 'commander';
import { createRpcClient } from '../../chain/rpc/create-rpc-client.ts';
import { systemClock } from '../../chain/rpc/clock.ts';
import { SolanaWsConnection } from '../../chain/subscriptions/solana-ws-connection.ts';
import { loadConfig } from '../../core/config/config.ts';
import { OofError } from '../../core/errors/oof-error.ts';
import { createLogger } from '../../core/log/logger.ts';
import { ingest } from '../../ingest/ingest.ts';
import { runLaunchExecutor } from '../../launch/executor/launch-executor.ts';
import { LaunchProcessor } from '../../launch/executor/launch-processor.ts';
import { pubsubUrlOf } from '../../launch/executor/start-launch-executor.ts';
import { openCoreServices } from '../../main/core-services.ts';
import { startLaunchRadarServer } from '../../launch/grpc/launch-radar.server.ts';

interface ExecutorFlags {
  rpc?: string;
  ws?: string;
  concurrency: string;
  batch: string;
  curves: string;
  since?: string;
  ingest: boolean;
  grpcPort: string;
  grpcHost: string;
}

const positive = (name: string, text: string, max: number): number => {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0 || n > max) {
    throw new OofError(
      'CONFIG_INVALID',
      `--${name} must be an integer from 0 to ${max}, got ${JSON.stringify(text)}.`,
    );
  }
  return n;
};

/**
 * `oof executor`: the launch radar's chain-facing process (SPEC §5) — the only one that talks to the chain.
 * Follows the Pump.fun program's logs, stores launches, trades, curve/AMM snapshots, per-minute features, risk
 * flags and the event log, until SIGINT/SIGTERM. Progress on stderr every few seconds.
 */
export function registerExecutorCommand(program: Command): void {
  program
    .command('executor')
    .description('follow Pump.fun launches on the chain: trades, curves, features, risk flags, event log')
    .option('--rpc <url>', 'JSON-RPC URL (default: SOLANA_RPC_URL, the first of the list)')
    .option('--ws <url>', 'pubsub WebSocket URL (default: SOLANA_WS_URL, else the RPC URL with ws(s)://)')
    .option('--concurrency <n>', 'getTransaction calls in flight', '8')
    .option('--batch <n>', 'transactions per database transaction', '100')
    .option('--curves <n>', 'bonding curves followed by accountSubscribe at once (0: none)', '100')
    .option('--since <signature>', 'resume after this signature (gap backfill first)')
    .option('--no-ingest', 'do not also store the transactions in the data core (tx_raw, actions)')
    .option(
      '--grpc-port <n>',
      'port of the gRPC server strategy processes stream from (0: any free port)',
      '50051',
    )
    .option('--grpc-host <address>', 'interface of the gRPC server (0.0.0.0: every interface)', '127.0.0.1')
    .action(async (flags: ExecutorFlags) => {
      const config = loadConfig();
      const logger = createLogger(config.logLevel);
      const rpcUrl = flags.rpc ?? config.rpcUrl?.split(',')[0]?.trim();
      if (rpcUrl === undefined || rpcUrl === '') {
        throw new OofError(
          'CONFIG_INVALID',
          'oof executor needs a chain: set SOLANA_RPC_URL (or --rpc URL); for a local simulated chain run ' +
            '`oof simulate --scenario launch-day --out DIR` then `oof replay-rpc --archive DIR` and pass its URL.',
        );
      }
      const wsUrl = flags.ws ?? process.env.SOLANA_WS_URL ?? pubsubUrlOf(rpcUrl);
      const grpcPort = positive('grpc-port', flags.grpcPort, 65_535);
      const services = await openCoreServices(config, logger, { defaultMetrics: true });
      const grpc = await startLaunchRadarServer({
        database: services.database,
        host: flags.grpcHost,
        port: grpcPort,
        logger,
      });
      process.stderr.write(`oof executor: gRPC LaunchRadar on ${flags.grpcHost}:${grpc.port}\n`);
      const client = createRpcClient({ endpoints: [{ url: rpcUrl }] }, { logger });
      const connection = new SolanaWsConnection(
        { url: wsUrl },
        { clock: systemClock, random: Math.random, logger },
      );
      const processor = await LaunchProcessor.open(services.database);
      const stopping = new AbortController();
      const onSignal = (signal: string): void => {
        logger.info({ signal }, 'oof executor: stopping (finishing the batch in hand)');
        stopping.abort();
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const started = performance.now();
      let lastReport = 0;
      process.stderr.write(`oof executor: following pump.fun on ${rpcUrl} (pubsub ${wsUrl})\n`);
      try {
        const stats = await runLaunchExecutor(
          {
            database: services.database,
            rpc: client.rpc,
            connection,
            processor,
            clock: systemClock,
            random: Math.random,
            logger,
            ...(flags.ingest ? { ingest: (raws: readonly unknown[]) => ingest(services, raws) } : {}),
          },
          {
            concurrency: positive('concurrency', flags.concurrency, 256),
            batchSize: Math.max(1, positive('batch', flags.batch, 10_000)),
            maxCurveSubscriptions: positive('curves', flags.curves, 10_000),
            ...(flags.since === undefined ? {} : { since: flags.since }),
            onProgress: (s) => {
              const now = performance.now();
              if (now - lastReport < 2000) return;
              lastReport = now;
              process.stderr.write(
                `oof executor: ${s.signatures} signatures · ${s.launches} launches · ${s.trades} trades · ` +
                  `${s.migrations} migrations · ${s.events} events · slot ${s.lastSlot} · ` +
                  `${((now - started) / 1000).toFixed(0)} s\n`,
              );
            },
          },
          stopping.signal,
        );
        process.stdout.write(`${JSON.stringify({ ...stats, lastSlot: stats.lastSlot.toString() })}\n`);
      } finally {
        await grpc.close();
        await connection.close();
        client.close();
        await services.close();
      }
    });
}
