import type { Logger } from '../core/log/logger.ts';
import { backfillWallet } from '../ingest/backfill-wallet.ts';
import type { ChainServices } from './chain-services.ts';
import type { CoreServices } from './core-services.ts';
import { loadArchiveSolPrices } from './load-archive-prices.ts';

/**
 * On the embedded default, stores the history of every wallet of the simulated market through the real
 * client path (RPC → ingest), in the background, so the API has data to show from the first start. It is
 * idempotent: later starts find everything stored and fetch nothing.
 */
export async function backfillSimulatedWallets(
  core: CoreServices,
  chain: ChainServices,
  logger: Logger,
  signal?: AbortSignal,
): Promise<void> {
  if (chain.simulated === null) return;
  const candles = await loadArchiveSolPrices(chain.simulated.archive, core.database);
  logger.info({ candles }, 'SOL/USD candles of the simulated market loaded');
  const wallets = chain.simulated.archive.manifest.wallets.map((w) => w.address);
  const started = performance.now();
  let stored = 0;
  let fetched = 0;
  for (const [i, wallet] of wallets.entries()) {
    if (signal?.aborted === true) return; // shutting down: the next start resumes, nothing stored is fetched again
    const r = await backfillWallet({ ...core, rpc: chain.client.rpc }, wallet);
    stored += r.stored;
    fetched += r.fetched;
    if ((i + 1) % 10 === 0 || i + 1 === wallets.length) {
      logger.info(
        { wallets: `${i + 1}/${wallets.length}`, fetched, stored },
        'backfill of the simulated wallets',
      );
    }
  }
  logger.info(
    { wallets: wallets.length, fetched, stored, seconds: ((performance.now() - started) / 1000).toFixed(1) },
    'simulated wallets backfilled: try GET /v1/wallets/<address>/actions',
  );
}
