/**
 * Test support for the copy-trading replay scenarios and the bench: a small market written by the project's
 * simulator (`oof simulate`: real pump.fun / PumpSwap / Jupiter transaction formats), decoded by the project's
 * decoder into the swaps of its wallets; the engine on a fresh database with a price feed the test scripts, and
 * token safety computed by the real scorer from the recorded RugCheck report and DexScreener pairs of
 * ../shared/data (renamed to the simulated mint, as no recording of these synthetic mints exists).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SolanaRpc } from '../../../src/chain/rpc/solana-rpc.ts';
import { ArchiveReader } from '../../../src/chain/archive/archive-reader.ts';
import { createLogger } from '../../../src/core/log/logger.ts';
import type { Action } from '../../../src/decoder/action.ts';
import { decodeTransaction, parseRpcTransaction } from '../../../src/decoder/decode-transaction.ts';
import { SOL_MINT } from '../../../src/domain/mints.ts';
import type { EngineDeps } from '../../../src/copytrade/engine/engine-deps.ts';
import type { LiveExecutor } from '../../../src/copytrade/engine/live-executor.ts';
import {
  createPriceFeed,
  type PriceQuote,
  type PriceSource,
} from '../../../src/copytrade/monitor/price-feed.ts';
import { createDexScreenerTokenMarketSource } from '../../../src/copytrade/safety/dexscreener-token-pairs.safety-source.ts';
import { createRpcOnchainTokenReads } from '../../../src/copytrade/safety/onchain-token-reads.ts';
import { createRugCheckSource } from '../../../src/copytrade/safety/rugcheck.safety-source.ts';
import { createMemorySafetyCache } from '../../../src/copytrade/safety/safety-cache.ts';
import { createTokenSafety, type TokenSafety } from '../../../src/copytrade/safety/token-safety.ts';
import {
  ANSEM,
  ansemRpcResults,
  methodTransport,
  rugcheckReportText,
  usd1TokenPairsText,
} from '../../../src/copytrade/safety/testing/recorded-safety-data.ts';
import { swapSignalOf, type SwapSignalFields } from '../../../src/copytrade/signals/swap-signal.ts';
import { writeSimulatedArchive } from '../../../src/simulator/archive/write-simulated-archive.ts';
import type { SimulationOptions } from '../../../src/simulator/market/simulation-options.ts';

export interface SimulatedTx {
  readonly signature: string;
  readonly raw: unknown;
  readonly actions: readonly Action[];
  readonly swaps: readonly SwapSignalFields[];
}

export interface SimulatedMarket {
  readonly txs: readonly SimulatedTx[];
  /** Token mints traded (SOL excluded), in first-trade order. */
  readonly mints: readonly string[];
}

/** Writes a simulated archive to a temporary folder, decodes it (SOL at $150) and removes the folder. */
export async function simulatedMarket(options: SimulationOptions): Promise<SimulatedMarket> {
  const root = mkdtempSync(join(tmpdir(), 'oof-copytrade-sim-'));
  try {
    const dir = join(root, 'archive');
    await writeSimulatedArchive(dir, options, {
      gzip: false,
      partSize: 100_000,
      createdBy: 'copytrade test',
    });
    const reader = await ArchiveReader.open(dir);
    const txs: SimulatedTx[] = [];
    const mints: string[] = [];
    try {
      for await (const line of reader.transactions()) {
        const raw = line.result;
        const actions = decodeTransaction(parseRpcTransaction(raw), { solUsdAt: () => '150' }).actions;
        const swaps = actions.map(swapSignalOf).filter((s): s is SwapSignalFields => s !== null);
        for (const s of swaps) if (!mints.includes(s.mint) && s.mint !== SOL_MINT) mints.push(s.mint);
        if (swaps.length > 0) txs.push({ signature: line.signature, raw, actions, swaps });
      }
    } finally {
      await reader.close();
    }
    return { txs, mints };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** A clock the test moves by hand, that also advances with real time (so decision latencies are real). */
export function testClock(start: Date) {
  const t0 = performance.now();
  let offsetMs = 0;
  return {
    now: (): Date => new Date(start.getTime() + offsetMs + Math.floor(performance.now() - t0)),
    advance: (ms: number): void => {
      offsetMs += ms;
    },
  };
}

/** A price source the test scripts: `set(mint, price)`; `down = true` makes it throw like an outage. */
export function scriptedPriceSource(name: string, clock: () => Date) {
  const prices = new Map<string, { priceUsd: string; liquidityUsd: string | null }>();
  const state = { down: false, requests: 0 };
  const source: PriceSource = {
    name,
    batchSize: 50,
    fetch(mints) {
      state.requests += 1;
      if (state.down) return Promise.reject(new Error(`${name} answered HTTP 503`));
      const out = new Map<string, PriceQuote>();
      for (const m of mints) {
        const p = prices.get(m);
        if (p !== undefined) {
          out.set(m, {
            mint: m,
            ...p,
            decimals: m === SOL_MINT ? 9 : 6,
            atMs: clock().getTime(),
            source: name,
          });
        }
      }
      return Promise.resolve(out);
    },
  };
  return {
    source,
    state,
    set: (mint: string, priceUsd: string, liquidityUsd: string | null = '15059888.24'): void => {
      prices.set(mint, { priceUsd, liquidityUsd });
    },
    remove: (mint: string): void => {
      prices.delete(mint);
    },
  };
}

/**
 * Token safety over the recorded ANSEM report and USD1 pools, served for any mint (the mint renamed in the
 * bodies). A mint in `unsafe` gets the recorded data edited the way a rug looks: mint authority live on chain
 * and in the report, and pools of $1,200 of liquidity.
 */
export function recordedSafety(clock: () => Date, unsafe: ReadonlySet<string>): TokenSafety {
  const report = rugcheckReportText();
  const pairs = usd1TokenPairsText().replaceAll('USD1ttGY1N17NEEHLmELoaybftRBUSErhqYiQzvEmuB', ANSEM);
  const MINT_AUTHORITY = 'BJE5MMbqXjVwjAF7oxwPYXnTXDyspzZyt4vwenNw5ruG';
  const build = (mint: string): TokenSafety => {
    const bad = unsafe.has(mint);
    let reportBody = report.replaceAll(ANSEM, mint);
    let pairsBody = pairs.replaceAll(ANSEM, mint);
    if (bad) {
      reportBody = reportBody.replace(/"mintAuthority":\s*null/g, `"mintAuthority":"${MINT_AUTHORITY}"`);
      pairsBody = pairsBody.replace(/"usd":\s*[0-9.e+]+/g, '"usd":1200');
    }
    const fetch = (url: string): Promise<Response> => {
      const body = url.includes('rugcheck') ? reportBody : url.includes('token-pairs') ? pairsBody : null;
      if (body === null) return Promise.reject(new Error(`unexpected fetch ${url}`));
      return Promise.resolve(
        new Response(body, { status: 200, headers: { 'content-type': 'application/json' } }),
      );
    };
    const rpcResults = ansemRpcResults() as {
      getAccountInfo: { value: { data: { parsed: { info: Record<string, unknown> } } } };
    };
    if (bad) rpcResults.getAccountInfo.value.data.parsed.info.mintAuthority = MINT_AUTHORITY;
    return createTokenSafety({
      rugcheck: createRugCheckSource({ fetch }),
      market: createDexScreenerTokenMarketSource({ fetch }),
      onchain: createRpcOnchainTokenReads(
        new SolanaRpc(methodTransport(rpcResults as Record<string, unknown>)),
      ),
      cache: createMemorySafetyCache(),
      now: clock,
    });
  };
  const perMint = new Map<string, TokenSafety>();
  return (mint) => {
    let s = perMint.get(mint);
    if (s === undefined) {
      s = build(mint);
      perMint.set(mint, s);
    }
    return s(mint);
  };
}

export function engineDeps(
  database: EngineDeps['database'],
  clock: () => Date,
  sources: readonly PriceSource[],
  safety: TokenSafety,
  live: LiveExecutor | null = null,
): EngineDeps {
  return {
    database,
    logger: createLogger('silent'),
    prices: createPriceFeed(sources),
    safety,
    clock,
    live,
  };
}
