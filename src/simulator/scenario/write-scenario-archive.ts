import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { priceLine, transactionLine } from '../../chain/archive/archive-lines.ts';
import {
  ARCHIVE_FORMAT,
  ARCHIVE_VERSION,
  renderManifest,
  type ArchiveManifest,
} from '../../chain/archive/archive-manifest.ts';
import { stringifyExact } from '../../chain/archive/json-text.ts';
import { JsonlFileWriter } from '../../chain/archive/jsonl-file-writer.ts';
import { HourlyCloses } from './hourly-closes.ts';
import { ScenarioChain, type ScenarioTransaction, type ScenarioWallets } from './scenario-chain.ts';
import { type Scenario, unixSeconds } from './scenario-spec.ts';

/** Where the Binance hourly closes live inside the shared data folder. */
export const HOURLY_CLOSES_DIR = 'mark6-binance-hourly-closes/data';
export const HOURLY_CLOSE_SOURCE = 'binance-hourly-close';

export interface ScenarioArchiveOptions {
  /** The shared data folder (`../shared/data`), read at run time. */
  readonly sharedDataDir: string;
  readonly gzip?: boolean;
  readonly createdBy?: string;
}

export interface ScenarioArchiveResult {
  readonly manifest: ArchiveManifest;
  readonly wallets: ScenarioWallets;
  /** One per scenario event, in order. */
  readonly transactions: readonly ScenarioTransaction[];
  readonly files: readonly { readonly path: string; readonly bytes: number }[];
}

/**
 * Writes a scenario as a chain archive (docs/chain-archive.md): the events' transactions in one part file,
 * hourly candles of every priced token from the real closes, and the manifest. A candle is the Binance close
 * of its hour as open = high = low = close (the series has nothing else, the rule of the repository's CSV
 * loader), so any price of an hour is exactly that close. Same scenario and data → byte-identical archive.
 */
export async function writeScenarioArchive(
  dir: string,
  scenario: Scenario,
  options: ScenarioArchiveOptions,
): Promise<ScenarioArchiveResult> {
  const gzip = options.gzip ?? true;
  const ext = gzip ? '.jsonl.gz' : '.jsonl';
  const closes = new Map<string, HourlyCloses>();
  for (const t of scenario.tokens) {
    if (t.csv !== null) {
      closes.set(
        t.symbol,
        HourlyCloses.read(join(options.sharedDataDir, HOURLY_CLOSES_DIR, t.csv), t.symbol),
      );
    }
  }
  const chain = new ScenarioChain(scenario, closes);
  const transactions = scenario.events.map((e) => chain.run(e));

  const txFile = `transactions/part-00001${ext}`;
  const part = new JsonlFileWriter(join(dir, txFile), gzip);
  for (const t of transactions) {
    await part.write(
      stringifyExact(
        transactionLine({
          signature: t.signature,
          slot: t.slot.toString(),
          blockTime: t.blockTime,
          encoding: 'json',
          result: { ...t.result },
        }),
      ),
    );
  }
  await part.close();

  const priceFiles: string[] = [];
  const from = unixSeconds(scenario.prices.from);
  for (const t of [...scenario.tokens].sort((a, b) => (a.mint < b.mint ? -1 : 1))) {
    const series = closes.get(t.symbol);
    if (series === undefined) continue;
    const name = `prices/${t.mint}${ext}`;
    const w = new JsonlFileWriter(join(dir, name), gzip);
    for (const [hour, close] of series.hoursFrom(from)) {
      await w.write(
        stringifyExact(
          priceLine({
            mint: t.mint,
            resolution: '1h',
            bucketStart: hour,
            open: close,
            high: close,
            low: close,
            close,
            volumeUsd: '0',
            source: HOURLY_CLOSE_SOURCE,
          }),
        ),
      );
    }
    await w.close();
    priceFiles.push(name);
  }
  priceFiles.sort();

  const programs = new Set<string>();
  const first = transactions[0];
  const last = transactions[transactions.length - 1];
  for (const t of transactions) {
    const keys = (t.result.transaction.message as { accountKeys: string[] }).accountKeys;
    const instructions = (t.result.transaction.message as { instructions: { programIdIndex: number }[] })
      .instructions;
    for (const ix of instructions) programs.add(keys[ix.programIdIndex] ?? '');
  }
  const w = chain.wallets;
  const manifest: ArchiveManifest = {
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    source: 'simulated',
    createdBy: options.createdBy ?? `oof simulate --scenario ${scenario.name}`,
    seed: scenario.seed,
    network: 'simulated',
    timeRange: {
      fromSlot: (first?.slot ?? 0n).toString(),
      toSlot: (last?.slot ?? 0n).toString(),
      fromTime: first?.blockTime ?? null,
      toTime: last?.blockTime ?? null,
    },
    wallets: [
      { address: w.main, roles: ['watched', 'trader', 're-entry'] },
      { address: w.linked, roles: ['linked'] },
      { address: w.exchange, roles: ['exchange'] },
      { address: w.distributor, roles: ['airdrop-distributor'] },
    ],
    tokens: scenario.tokens.map((t) => ({
      mint: t.mint,
      symbol: t.symbol,
      decimals: t.decimals,
      roles: [...t.roles],
    })),
    programs: [...programs].sort(),
    counts: { transactions: transactions.length, failed: 0, signatures: 0, accounts: 0, logs: 0 },
    files: { transactions: [txFile], signatures: [], logs: [], prices: priceFiles },
  };
  writeFileSync(join(dir, 'manifest.json'), renderManifest(manifest));
  const all = [txFile, ...priceFiles, 'manifest.json'];
  return {
    manifest,
    wallets: w,
    transactions,
    files: all.map((path) => ({ path, bytes: statSync(join(dir, path)).size })),
  };
}
