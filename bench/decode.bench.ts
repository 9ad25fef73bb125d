import { decodeTransaction, parseRpcTransaction } from '../src/decoder/decode-transaction.ts';
import { loadCorpus } from './peer/corpus.ts';
import { runPeer } from './peer/peer-swaps.ts';

/**
 * `npm run bench:decode`: transactions per second of our decoder (`decodeTransaction(parseRpcTransaction(x))`,
 * schema validation included, as production calls it) against solana-dex-parser's `parseAll(x)`, on the same
 * in-memory RPC results: every recorded mainnet/test transaction in ../shared/data that our decoder accepts.
 * Both sides run in one process, in alternating full passes over the corpus (warm-up and measurement alike), so
 * JIT state, GC pressure and CPU frequency drift hit them equally. Each side is measured for at least MIN_MS.
 * Neither parser mutates its input (checked once while writing this), so the same objects are reused.
 * Table on stdout, progress on stderr.
 */
const MIN_MS = Number(process.env.BENCH_MIN_MS ?? 3000);
const WARMUP_PASSES = 20;

type Run = (tx: unknown) => number;

const ours: Run = (tx) => decodeTransaction(parseRpcTransaction(tx)).actions.length;
const peer: Run = (tx) => runPeer(tx).trades.length;

interface Stats {
  txCount: number;
  elapsedNs: bigint;
  samplesNs: bigint[];
}

/** One timed pass over every input; per-call times feed the percentiles, the pass time feeds tx/s. */
function pass(run: Run, inputs: readonly unknown[], stats: Stats | null): number {
  let sink = 0;
  const start = process.hrtime.bigint();
  for (const tx of inputs) {
    const t0 = process.hrtime.bigint();
    sink += run(tx);
    if (stats !== null) stats.samplesNs.push(process.hrtime.bigint() - t0);
  }
  if (stats !== null) {
    stats.elapsedNs += process.hrtime.bigint() - start;
    stats.txCount += inputs.length;
  }
  return sink; // returned so the work cannot be optimised away
}

function percentileMs(sorted: readonly bigint[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length));
  return Number(sorted[i] ?? 0n) / 1e6;
}

function main(): void {
  process.stderr.write('loading ../shared/data…\n');
  // Only inputs our decoder accepts: the same set for both parsers (upstream's deliberately broken copy is out).
  const inputs = loadCorpus()
    .map((c) => c.raw)
    .filter((raw) => {
      try {
        ours(raw);
        return true;
      } catch {
        return false;
      }
    });
  process.stderr.write(`${inputs.length} transactions in memory\n`);

  let sink = 0;
  for (let i = 0; i < WARMUP_PASSES; i++) {
    sink += pass(ours, inputs, null) + pass(peer, inputs, null);
  }
  process.stderr.write(`warm-up: ${WARMUP_PASSES} alternating passes done\n`);

  const stats = { ours: fresh(), peer: fresh() };
  const minNs = BigInt(MIN_MS) * 1_000_000n;
  let lastReport = 0n;
  while (stats.ours.elapsedNs < minNs || stats.peer.elapsedNs < minNs) {
    sink += pass(ours, inputs, stats.ours) + pass(peer, inputs, stats.peer);
    const now = process.hrtime.bigint();
    if (now - lastReport > 500_000_000n) {
      lastReport = now; // twice a second is enough to show it is alive without flooding a piped stderr
      process.stderr.write(
        `measuring: ours ${ms(stats.ours.elapsedNs)} ms, solana-dex-parser ${ms(stats.peer.elapsedNs)} ms (≥ ${MIN_MS} each)\n`,
      );
    }
  }
  process.stderr.write(`done (checksum ${sink})\n`);

  const rows = (['ours', 'peer'] as const).map((k) =>
    summarise(k === 'ours' ? 'ours' : 'solana-dex-parser', stats[k]),
  );
  const [o, p] = rows;
  console.log(`Decode throughput, ${inputs.length} recorded transactions, Node ${process.version}`);
  console.log('');
  console.log('| parser | tx/s | ms/tx p50 | ms/tx p95 | calls timed |');
  console.log('|---|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(
      `| ${r.name} | ${r.txPerS.toFixed(0)} | ${r.p50.toFixed(3)} | ${r.p95.toFixed(3)} | ${r.calls} |`,
    );
  }
  if (o !== undefined && p !== undefined) {
    console.log('');
    console.log(`ours / solana-dex-parser throughput: ${(o.txPerS / p.txPerS).toFixed(2)}×`);
  }
}

function fresh(): Stats {
  return { txCount: 0, elapsedNs: 0n, samplesNs: [] };
}

function summarise(
  name: string,
  s: Stats,
): { name: string; txPerS: number; p50: number; p95: number; calls: number } {
  const sorted = [...s.samplesNs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    name,
    txPerS: s.txCount / (Number(s.elapsedNs) / 1e9),
    p50: percentileMs(sorted, 50),
    p95: percentileMs(sorted, 95),
    calls: sorted.length,
  };
}

function ms(ns: bigint): string {
  return (Number(ns) / 1e6).toFixed(0);
}

main();
