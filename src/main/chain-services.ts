import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ArchiveReader } from '../chain/archive/archive-reader.ts';
import { startReplayServer, type ReplayServer } from '../chain/replay/replay-server.ts';
import { createRpcClient, type RpcClient } from '../chain/rpc/create-rpc-client.ts';
import type { Config } from '../core/config/config.ts';
import type { Logger } from '../core/log/logger.ts';
import type { Registry } from 'prom-client';
import { writeSimulatedArchive } from '../simulator/archive/write-simulated-archive.ts';

/**
 * The chain as the process sees it: the configured RPC endpoints (`SOLANA_RPC_URL`, comma-separated for
 * failover), or — on the embedded default with none configured — a simulated market generated once into
 * `<dataDir>/archive/` and served by the replay node on a local port, so every client path runs offline.
 */
export interface ChainServices {
  readonly client: RpcClient;
  readonly rpcUrls: readonly string[];
  /** Set when the chain is the local simulated archive. */
  readonly simulated: { readonly archive: ArchiveReader; readonly server: ReplayServer } | null;
  close(): Promise<void>;
}

/** Size of the demo market: big enough to be interesting, small enough to generate in seconds. */
export const EMBEDDED_SIMULATION = {
  seed: 'oof-embedded',
  wallets: 60,
  tokens: 8,
  days: 2,
  transactions: 3000,
} as const;

export async function openChainServices(
  config: Config,
  logger: Logger,
  options: { registry?: Registry; onProgress?: (done: number, total: number) => void } = {},
): Promise<ChainServices> {
  let simulated: ChainServices['simulated'] = null;
  let urls: string[];
  if (config.rpcUrl !== undefined) {
    urls = config.rpcUrl
      .split(',')
      .map((u) => u.trim())
      .filter((u) => u !== '');
  } else {
    const dir = join(resolve(config.dataDir), 'archive', EMBEDDED_SIMULATION.seed);
    if (!existsSync(join(dir, 'manifest.json'))) {
      rmSync(dir, { recursive: true, force: true }); // a run cut short leaves no manifest: start over
      logger.info(
        { dir, ...EMBEDDED_SIMULATION },
        'no SOLANA_RPC_URL: generating the simulated market (first start only)',
      );
      await writeSimulatedArchive(dir, EMBEDDED_SIMULATION, {
        gzip: true,
        partSize: 100_000,
        createdBy: 'oof start (embedded default)',
        onProgress: (done) => options.onProgress?.(done, EMBEDDED_SIMULATION.transactions),
      });
    }
    const archive = await ArchiveReader.open(dir);
    // Live streams (WebSocket, webhooks) play the market at its own pace, quiet stretches cut to a second, so
    // the launch radar and the copy-trading subscriptions see its first events within seconds of the start.
    const server = await startReplayServer({ archive, port: 0, speed: 1, maxGapMs: 1_000, logger });
    simulated = { archive, server };
    urls = [server.url];
    logger.warn(
      { rpc: server.url, archive: dir, seed: EMBEDDED_SIMULATION.seed },
      'no SOLANA_RPC_URL set: the chain is a simulated market served locally by the replay node; set SOLANA_RPC_URL to use the real chain',
    );
  }
  const client = createRpcClient(
    { endpoints: urls.map((url) => ({ url })) },
    { logger, ...(options.registry === undefined ? {} : { registry: options.registry }) },
  );
  return {
    client,
    rpcUrls: urls,
    simulated,
    close: async () => {
      client.close();
      if (simulated !== null) {
        await simulated.server.close();
        await simulated.archive.close();
      }
    },
  };
}
