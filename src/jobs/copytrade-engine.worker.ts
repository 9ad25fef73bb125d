/**
 * Composition of the copy-trading engine for `oof worker` and `oof start`: prices from Jupiter (fallback
 * DexScreener) at the configured market URLs, token safety from RugCheck, DexScreener and the chain, and live
 * execution through Jupiter when OOF_COPYTRADE_KEY is set and an RPC is configured (otherwise live-mode wallets
 * are refused with a clear reason and simulation runs as usual).
 */
import type { RpcClient } from '../chain/rpc/create-rpc-client.ts';
import { createHeliusWebhookClient } from '../chain/helius/helius-webhook-client.ts';
import type { Config } from '../core/config/config.ts';
import type { Logger } from '../core/log/logger.ts';
import { runCopytradeEngine } from '../copytrade/engine/copytrade-engine.ts';
import type { EngineDeps } from '../copytrade/engine/engine-deps.ts';
import { createJupiterLiveExecutor } from '../copytrade/live/jupiter-live-executor.ts';
import { createJupiterSwapApi } from '../copytrade/live/jupiter-swap-api.ts';
import { tradingKeyLoader } from '../copytrade/live/trading-key.ts';
import { dexscreenerPriceSource, jupiterPriceSource } from '../copytrade/monitor/market-price-sources.ts';
import { createPriceFeed } from '../copytrade/monitor/price-feed.ts';
import { createDexScreenerTokenMarketSource } from '../copytrade/safety/dexscreener-token-pairs.safety-source.ts';
import { createRpcOnchainTokenReads } from '../copytrade/safety/onchain-token-reads.ts';
import { createRugCheckSource } from '../copytrade/safety/rugcheck.safety-source.ts';
import { createMemorySafetyCache } from '../copytrade/safety/safety-cache.ts';
import type { SafetyResult } from '../copytrade/safety/safety-score.ts';
import { createTokenSafety, type TokenSafety } from '../copytrade/safety/token-safety.ts';
import { createDexScreenerPoolSource } from '../market/dexscreener/dexscreener.price-source.ts';
import type { FetchPort } from '../market/http/fetch-port.ts';
import { createJupiterPriceSource } from '../market/jupiter/jupiter-price.price-source.ts';
import type { Database } from '../store/database.ts';

export interface CopytradeWorkerOptions {
  readonly database: Database;
  readonly logger: Logger;
  readonly market: Config['market'];
  readonly rpc: RpcClient | null;
  /** OOF_COPYTRADE_KEY (read from the environment by the caller; never logged). */
  readonly masterKey: string | undefined;
  readonly fetch?: FetchPort;
  readonly clock?: () => Date;
  /** For the watchlist → Helius webhook sync: `helius.apiKey`, `publicUrl` (the webhook posts to it). */
  readonly config?: Pick<Config, 'helius' | 'publicUrl'>;
}

export function createCopytradeEngineDeps(o: CopytradeWorkerOptions): EngineDeps {
  const fetchPort: FetchPort = o.fetch ?? ((url, init) => fetch(url, init));
  const clock = o.clock ?? (() => new Date());
  const prices = createPriceFeed([
    jupiterPriceSource(
      createJupiterPriceSource({
        fetch: fetchPort,
        ...(o.market.jupiterUrl ? { baseUrl: o.market.jupiterUrl } : {}),
      }),
    ),
    dexscreenerPriceSource(
      createDexScreenerPoolSource({
        fetch: fetchPort,
        ...(o.market.dexscreenerUrl ? { baseUrl: o.market.dexscreenerUrl } : {}),
      }),
    ),
  ]);
  const rpc = o.rpc;
  const safety: TokenSafety =
    rpc === null
      ? (mint): Promise<SafetyResult> =>
          Promise.resolve({
            mint,
            score: '0',
            tradable: false,
            checks: [],
            computedAt: clock(),
            warnings: ['no SOLANA_RPC_URL: the on-chain safety reads cannot run, not tradable (fail closed)'],
          })
      : createTokenSafety({
          rugcheck: createRugCheckSource({
            fetch: fetchPort,
            ...(o.market.rugcheckUrl ? { baseUrl: o.market.rugcheckUrl } : {}),
          }),
          market: createDexScreenerTokenMarketSource({
            fetch: fetchPort,
            ...(o.market.dexscreenerUrl ? { baseUrl: o.market.dexscreenerUrl } : {}),
          }),
          onchain: createRpcOnchainTokenReads(rpc.rpc),
          cache: createMemorySafetyCache(),
          now: clock,
        });
  const live =
    rpc !== null && o.masterKey !== undefined && o.masterKey !== ''
      ? createJupiterLiveExecutor({
          api: createJupiterSwapApi({ fetch: fetchPort }),
          transport: rpc.transport,
          secretKey: tradingKeyLoader(o.database.db, o.masterKey),
          nowMs: () => clock().getTime(),
        })
      : null;
  if (live === null) {
    o.logger.info(
      'copy trading: live execution off (needs OOF_COPYTRADE_KEY and SOLANA_RPC_URL); simulation runs',
    );
  }
  const apiKey = o.config?.helius.apiKey;
  const publicUrl = o.config?.publicUrl;
  const watchlistSync =
    apiKey !== undefined && publicUrl !== undefined
      ? createHeliusWebhookClient({
          apiKey,
          watch: {
            webhookURL: `${publicUrl.replace(/\/+$/, '')}/webhooks/helius`,
            // Raw deliveries carry the transaction: no getTransaction per signal.
            webhookType: 'raw',
            ...(o.config?.helius.webhookAuth === undefined
              ? {}
              : { authHeader: o.config.helius.webhookAuth }),
          },
        }).syncWatchedAddresses
      : null;
  if (watchlistSync === null) {
    o.logger.info('copy trading: watchlist not synced to Helius (needs HELIUS_API_KEY and OOF_PUBLIC_URL)');
  }
  return { database: o.database, logger: o.logger, prices, safety, clock, live, watchlistSync };
}

/** The engine loop until `signal` aborts. */
export function runCopytradeWorker(
  o: CopytradeWorkerOptions,
  run: { readonly workerId: string; readonly signal: AbortSignal },
): Promise<void> {
  return runCopytradeEngine(createCopytradeEngineDeps(o), run);
}
