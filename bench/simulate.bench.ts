import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSimulatedArchive } from '../src/simulator/archive/write-simulated-archive.ts';
import { simulateMarket } from '../src/simulator/market/market-simulator.ts';
import { validateSimulationOptions } from '../src/simulator/market/simulation-options.ts';

/**
 * `npx tsx bench/simulate.bench.ts [transactions]`: how fast `oof simulate` makes a market. Two measurements on
 * the same options (default 100,000 transactions, 2,000 wallets, 200 tokens, 7 days):
 * - generation only: the simulated programs, balances and logs, finalized into getTransaction objects
 *   (transactions/s);
 * - the whole command: generation, JSON, gzip and every archive file on a temporary disk folder
 *   (transactions/s and MB/s of archive written, gzip and plain).
 * Figures on stdout, progress on stderr. Run on an idle machine; each figure is one full run.
 */
const transactions = Number(process.argv[2] ?? process.env.BENCH_TRANSACTIONS ?? 100_000);
const options = validateSimulationOptions({
  seed: 'bench',
  wallets: 2_000,
  tokens: 200,
  days: 7,
  transactions,
});

function generationOnly(): number {
  const start = performance.now();
  const market = simulateMarket(options);
  let n = 0;
  for (let s = market.next(); s.done !== true; s = market.next()) n += 1;
  if (n !== transactions) throw new Error(`generated ${n} of ${transactions} transactions`);
  return (performance.now() - start) / 1000;
}

async function archive(gzip: boolean): Promise<{ seconds: number; bytes: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'oof-simulate-bench-'));
  try {
    const start = performance.now();
    const result = await writeSimulatedArchive(join(dir, 'archive'), options, {
      gzip,
      partSize: 100_000,
      createdBy: 'bench',
      onProgress: (done) => {
        if (done % 20_000 === 0)
          process.stderr.write(`  ${gzip ? 'gzip' : 'plain'}: ${done}/${transactions}\n`);
      },
    });
    return {
      seconds: (performance.now() - start) / 1000,
      bytes: result.files.reduce((s, f) => s + f.bytes, 0),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  process.stderr.write(`generating ${transactions} transactions (generation only)…\n`);
  const gen = generationOnly();
  process.stderr.write('writing the archive, gzip…\n');
  const gz = await archive(true);
  process.stderr.write('writing the archive, plain JSON Lines…\n');
  const plain = await archive(false);
  const row = (label: string, seconds: number, bytes: number | null): string =>
    `| ${label} | ${seconds.toFixed(2)} | ${Math.round(transactions / seconds)} | ${bytes === null ? '–' : (bytes / 1e6).toFixed(1)} | ${bytes === null ? '–' : (bytes / 1e6 / seconds).toFixed(1)} |`;
  process.stdout.write(
    [
      `oof simulate bench: ${transactions} transactions, ${options.wallets} wallets, ${options.tokens} tokens, ${options.days} days (node ${process.version})`,
      '',
      '| run | seconds | transactions/s | archive MB | MB/s written |',
      '|---|---:|---:|---:|---:|',
      row('generation only (no JSON, no disk)', gen, null),
      row('archive, gzip (default)', gz.seconds, gz.bytes),
      row('archive, plain .jsonl (--no-gzip)', plain.seconds, plain.bytes),
      '',
    ].join('\n'),
  );
}

await main();
