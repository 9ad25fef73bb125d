import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { accountLine, transactionLine } from '../../chain/archive/archive-lines.ts';
import {
  ARCHIVE_FORMAT,
  ARCHIVE_VERSION,
  renderManifest,
  type ArchiveManifest,
} from '../../chain/archive/archive-manifest.ts';
import { stringifyExact } from '../../chain/archive/json-text.ts';
import { JsonlFileWriter } from '../../chain/archive/jsonl-file-writer.ts';
import { SOL_MINT } from '../../domain/mints.ts';
import { simulateMarket, type MarketSummary } from '../market/market-simulator.ts';
import type { SimulatedTransaction } from '../market/simulated-transaction.ts';
import { simulationStart, type SimulationOptions } from '../market/simulation-options.ts';
import { SolUsdSeries } from '../market/sol-usd-series.ts';
import { SeededRandom } from '../random/seeded-random.ts';
import { CandleAggregator } from './candle-aggregator.ts';
import { PriceFiles } from './price-files.ts';
import { simulatedAccounts } from './simulated-accounts.ts';

export interface ArchiveWriteOptions {
  readonly gzip: boolean;
  /** Transactions per part file. */
  readonly partSize: number;
  /** `createdBy` of the manifest (the command line that regenerates the archive). */
  readonly createdBy: string;
  /** Called after each transaction (progress bars); `done` counts transactions. */
  readonly onProgress?: (done: number) => void;
  /** Sees every transaction with the simulator's ledger (tests); nothing is kept otherwise. */
  readonly observe?: (tx: SimulatedTransaction) => void;
}

export interface ArchiveWriteResult {
  readonly manifest: ArchiveManifest;
  /** Every file written, relative to the archive folder, with its size. */
  readonly files: readonly { readonly path: string; readonly bytes: number }[];
  readonly summary: MarketSummary;
}

/**
 * Runs the market simulation and streams it into a chain archive (docs/chain-archive.md): transactions in
 * part files as they are generated, 1-minute candles per mint through a spill file, the final accounts and the
 * manifest last. Signatures and logs files are not written: readers derive both from the transactions, which is
 * the rule a node applies, so writing them would only duplicate bytes. The folder must be new or empty.
 */
export async function writeSimulatedArchive(
  dir: string,
  options: SimulationOptions,
  write: ArchiveWriteOptions,
): Promise<ArchiveWriteResult> {
  const ext = write.gzip ? '.jsonl.gz' : '.jsonl';
  const txFiles: string[] = [];
  let part: JsonlFileWriter | null = null;
  const prices = new PriceFiles(dir, write.gzip);
  const solFile = new JsonlFileWriter(join(dir, `prices/${SOL_MINT}${ext}`), write.gzip);
  const market = simulateMarket(options);
  const candles = new CandleAggregator(
    simulationStart(options).fromTime,
    new SolUsdSeries(new SeededRandom(`oof-simulate:${options.seed}:sol-usd`)),
    (line) => prices.add(line),
    (line) => solFile.write(stringifyExact(line)),
  );
  let done = 0;
  let first: SimulatedTransaction | null = null;
  let last: SimulatedTransaction | null = null;
  let step = market.next();
  while (step.done !== true) {
    const tx = step.value;
    if (part === null || part.lines >= write.partSize) {
      await part?.close();
      const name = `transactions/part-${String(txFiles.length + 1).padStart(5, '0')}${ext}`;
      txFiles.push(name);
      part = new JsonlFileWriter(join(dir, name), write.gzip);
    }
    const slot = tx.slot.toString();
    await part.write(
      stringifyExact(
        transactionLine({
          signature: tx.signature,
          slot,
          blockTime: tx.blockTime,
          encoding: 'json',
          result: { ...tx.result },
        }),
      ),
    );
    for (const t of tx.trades) await candles.trade(t.mint, tx.blockTime, t.lamports, t.tokenRaw);
    write.observe?.(tx);
    first ??= tx;
    last = tx;
    done += 1;
    write.onProgress?.(done);
    step = market.next();
  }
  const summary = step.value;
  await part?.close();
  await candles.finish(last?.blockTime ?? summary.toTime);
  await solFile.close();
  const priceFiles = [...(await prices.finish()), `prices/${SOL_MINT}${ext}`].sort();

  const accounts = simulatedAccounts(summary.tokens, summary.state, summary.toSlot);
  const accountsFile = new JsonlFileWriter(join(dir, `accounts${ext}`), write.gzip);
  for (const a of accounts) await accountsFile.write(stringifyExact(accountLine(a)));
  await accountsFile.close();

  const manifest: ArchiveManifest = {
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    source: 'simulated',
    createdBy: write.createdBy,
    seed: options.seed,
    network: 'simulated',
    timeRange: {
      fromSlot: (first?.slot ?? summary.fromSlot).toString(),
      toSlot: (last?.slot ?? summary.toSlot).toString(),
      fromTime: first?.blockTime ?? summary.fromTime,
      toTime: last?.blockTime ?? summary.toTime,
    },
    wallets: summary.wallets.map((w) => ({ address: w.address, roles: [...w.roles] })),
    tokens: [
      { mint: SOL_MINT, symbol: 'SOL', decimals: 9, roles: ['quote'] },
      ...summary.tokens.map((t) => ({ mint: t.mint, symbol: t.symbol, decimals: 6, roles: tokenRoles(t) })),
    ],
    programs: [...summary.programs],
    counts: { transactions: done, failed: summary.failed, signatures: 0, accounts: accounts.length, logs: 0 },
    files: { transactions: txFiles, signatures: [], logs: [], prices: priceFiles },
  };
  writeFileSync(join(dir, 'manifest.json'), renderManifest(manifest));
  const all = [...txFiles, ...priceFiles, `accounts${ext}`, 'manifest.json'];
  return { manifest, files: all.map((path) => ({ path, bytes: statSync(join(dir, path)).size })), summary };
}

function tokenRoles(t: MarketSummary['tokens'][number]): string[] {
  const roles = ['launch'];
  if (t.phase === 'amm') roles.push('migrated');
  if (t.rugged) roles.push('rug');
  if (t.phase === 'curve' && !t.rugged && t.fate !== 'migrate') roles.push('dead');
  return roles;
}
