import { systemClock } from '../../chain/rpc/clock.ts';
import { SolanaWsConnection } from '../../chain/subscriptions/solana-ws-connection.ts';
import type { Logger } from '../../core/log/logger.ts';
import type { ChainServices } from '../../main/chain-services.ts';
import type { Database } from '../../store/database.ts';
import { runLaunchExecutor } from './launch-executor.ts';
import { LaunchProcessor } from './launch-processor.ts';

/** `wss://host/path` for `https://host/path`: the pubsub endpoint of most nodes and of the replay node. */
export function pubsubUrlOf(rpcUrl: string): string {
  const url = new URL(rpcUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/**
 * The launch radar inside `oof start`: on the local simulated market always; on a configured RPC only when
 * `OOF_LAUNCH_RADAR=1`, because following every Pump.fun transaction costs one getTransaction each (mainnet:
 * thousands a minute) — a production deployment runs `oof executor` as its own process instead. Resolves when
 * `signal` aborts and the executor has flushed; never rejects (failures are logged, the API keeps serving).
 */
export async function runLaunchRadarInProcess(
  deps: {
    database: Database;
    chain: ChainServices;
    logger: Logger;
    env: Readonly<Record<string, string | undefined>>;
  },
  signal: AbortSignal,
): Promise<void> {
  const { chain, logger } = deps;
  const rpcUrl = chain.rpcUrls[0];
  if (rpcUrl === undefined) return;
  if (chain.simulated === null && deps.env.OOF_LAUNCH_RADAR !== '1') {
    logger.info(
      'launch radar off on a real chain: set OOF_LAUNCH_RADAR=1, or run `oof executor` as its own process',
    );
    return;
  }
  const wsUrl = chain.simulated?.server.wsUrl ?? deps.env.SOLANA_WS_URL ?? pubsubUrlOf(rpcUrl);
  const connection = new SolanaWsConnection(
    { url: wsUrl },
    { clock: systemClock, random: Math.random, logger },
  );
  try {
    const processor = await LaunchProcessor.open(deps.database);
    logger.info({ pubsub: wsUrl }, 'launch radar: following pump.fun launches');
    const stats = await runLaunchExecutor(
      {
        database: deps.database,
        rpc: chain.client.rpc,
        connection,
        processor,
        clock: systemClock,
        random: Math.random,
        logger,
      },
      { concurrency: 4, batchSize: 100, maxCurveSubscriptions: 50 },
      signal,
    );
    logger.info({ ...stats, lastSlot: stats.lastSlot.toString() }, 'launch radar stopped');
  } catch (e) {
    logger.error({ err: e }, 'launch radar failed; the API keeps serving (run `oof executor` to retry)');
  } finally {
    await connection.close();
  }
}
