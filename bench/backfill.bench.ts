/**
 * Backfill throughput through `oof replay-rpc`: transactions/s listed (getSignaturesForAddress), fetched
 * (getTransaction) with our RPC client, and fetched + ingested into the embedded database (PGlite on disk)
 * and, when DATABASE_URL is set, into Postgres — the path a wallet backfill takes, served offline.
 *
 *   npx tsx bench/backfill.bench.ts            # 20,000 transactions
 *   npx tsx bench/backfill.bench.ts 50000      # any N
 *   DATABASE_URL=postgres://… npx tsx bench/backfill.bench.ts
 *
 * The archive holds the real `json` transactions of ../shared/data repeated with synthetic unique signatures
 * (only the signature changes; the output says how many real ones). Figures on stdout, progress on stderr.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getBase58Decoder } from '@solana/kit';
import pg from 'pg';
import { ArchiveReader } from '../src/chain/archive/archive-reader.ts';
import { ArchiveWriter } from '../src/chain/archive/archive-writer.ts';
import { ManifestEntities } from '../src/chain/archive/manifest-entities.ts';
import {
  readSharedDataIndex,
  SharedDataFiles,
} from '../src/chain/archive/shared-data/shared-data-records.ts';
import { startReplayServer } from '../src/chain/replay/replay-server.ts';
import { createRpcClient, type RpcClient } from '../src/chain/rpc/create-rpc-client.ts';
import { createProgress } from '../src/cli/progress.ts';
import { createLogger } from '../src/core/log/logger.ts';
import { createMetrics } from '../src/core/metrics/metrics.ts';
import { decodeTransaction, parseRpcTransaction } from '../src/decoder/decode-transaction.ts';
import { ingest } from '../src/ingest/ingest.ts';
import { createTransactionDecoder } from '../src/ingest/transaction-decoder.ts';
import { createFsObjectStore } from '../src/objectstore/fs-object-store.ts';
import type { Database } from '../src/store/database.ts';
import { openDatabase } from '../src/store/open-database.ts';
import { SHARED_DATA } from '../test/support/shared-data.ts';

const N = Number(process.argv[2] ?? 20_000);
const INGEST_BATCH = 200;
const logger = createLogger('silent');
const base58 = getBase58Decoder();

interface Real {
  readonly raw: Record<string, unknown>;
  readonly slot: number;
}

/** The usable `json` recordings (a real node's default answer to a backfill), one per signature. */
function realJsonTransactions(): { txs: Real[]; entities: ManifestEntities } {
  const files = new SharedDataFiles(SHARED_DATA);
  const seen = new Set<string>();
  const txs: Real[] = [];
  const entities = new ManifestEntities();
  for (const row of readSharedDataIndex(SHARED_DATA)) {
    if (row.encoding !== 'json' || seen.has(row.signature)) continue;
    const raw = files.find(row);
    if (raw === null || typeof raw.slot !== 'number') continue;
    try {
      entities.add(decodeTransaction(parseRpcTransaction(raw)));
    } catch {
      continue;
    }
    seen.add(row.signature);
    txs.push({ raw, slot: raw.slot });
  }
  return { txs: txs.sort((a, b) => a.slot - b.slot), entities };
}

function withSignature(
  raw: Record<string, unknown>,
  k: number,
): { signature: string; raw: Record<string, unknown> } {
  const copy = structuredClone(raw) as { transaction: { signatures: string[] } };
  const original = copy.transaction.signatures[0] ?? '';
  const signature =
    k === 0 ? original : base58.decode(createHash('sha512').update(`${k}:${original}`).digest());
  copy.transaction.signatures[0] = signature;
  return { signature, raw: copy as unknown as Record<string, unknown> };
}

async function writeArchive(dir: string, real: readonly Real[], entities: ManifestEntities): Promise<void> {
  const writer = ArchiveWriter.create(dir);
  const progress = createProgress('bench: writing archive', N);
  const copies = Math.ceil(N / real.length);
  let written = 0;
  // Chain order: every copy of a transaction sits in the original's slot.
  for (const t of real) {
    for (let k = 0; k < copies && written < N; k++) {
      const { signature, raw } = withSignature(t.raw, k);
      const blockTime = typeof raw.blockTime === 'number' ? raw.blockTime : null;
      await writer.addTransaction({
        signature,
        slot: String(t.slot),
        blockTime,
        encoding: 'json',
        result: raw,
      });
      progress.update(++written);
    }
  }
  progress.finish();
  await writer.finish({
    source: 'simulated',
    createdBy: 'bench/backfill',
    network: 'bench',
    ...entities.result(),
  });
}

async function listAll(client: RpcClient, wallets: readonly string[]): Promise<string[]> {
  const all = new Set<string>();
  const progress = createProgress('bench: listing signatures', 0);
  for (const wallet of wallets) {
    for await (const s of client.rpc.listSignatures(wallet)) {
      all.add(s.signature);
      progress.update(all.size);
    }
  }
  progress.finish();
  return [...all];
}

/** `fn` over `items` with `workers` calls in flight, results in input order. */
async function mapPool<T, R>(
  items: readonly T[],
  workers: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const work = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: workers }, work));
  return out;
}

/**
 * getTransaction for every signature with `workers` calls in flight (a backfill's shape: a bounded pool, not
 * thousands of queued promises); each chunk of results is handed to `sink` while the next one is fetched.
 */
async function fetchAll(
  label: string,
  client: RpcClient,
  workers: number,
  signatures: readonly string[],
  sink: (chunk: unknown[]) => Promise<void>,
): Promise<number> {
  const progress = createProgress(label, signatures.length);
  const started = performance.now();
  let pending: Promise<void> = Promise.resolve();
  const chunkSize = INGEST_BATCH * 5;
  for (let i = 0; i < signatures.length; i += chunkSize) {
    const chunk = await mapPool(signatures.slice(i, i + chunkSize), workers, (s) =>
      client.rpc.getTransaction(s, { encoding: 'json' }),
    );
    await pending; // at most one chunk being stored while the next one is fetched
    pending = sink(chunk);
    progress.update(Math.min(i + chunkSize, signatures.length));
  }
  await pending;
  progress.finish();
  return signatures.length / ((performance.now() - started) / 1000);
}

function ingestInto(database: Database, objectsDir: string): (chunk: unknown[]) => Promise<void> {
  const deps = {
    database,
    objects: createFsObjectStore({ root: objectsDir }),
    decoder: createTransactionDecoder(),
    metrics: createMetrics(),
    logger,
  };
  return async (chunk) => {
    const r = await ingest(deps, chunk, { batchSize: INGEST_BATCH });
    if (r.failed.length > 0) throw new Error(`ingest failed for ${r.failed.length} transactions`);
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'oof-backfill-bench-'));
  try {
    const { txs, entities } = realJsonTransactions();
    console.log(
      `backfill bench: ${N} transactions = ${txs.length} real json transactions repeated with synthetic signatures; node ${process.version}`,
    );
    let t0 = performance.now();
    await writeArchive(join(dir, 'archive'), txs, entities);
    console.log(`${'archive write'.padEnd(34)} ${Math.round(N / ((performance.now() - t0) / 1000))} tx/s`);
    t0 = performance.now();
    const archive = await ArchiveReader.open(join(dir, 'archive'));
    console.log(
      `${'archive open (index)'.padEnd(34)} ${Math.round(N / ((performance.now() - t0) / 1000))} tx/s`,
    );
    const server = await startReplayServer({ archive, port: 0, speed: 0 });
    const plain = createRpcClient({
      endpoints: [{ url: server.url, maxConcurrency: 16 }],
      slotProbeIntervalMs: 0,
    });
    const batched = createRpcClient({
      endpoints: [{ url: server.url, maxConcurrency: 16, batch: { maxSize: 50, maxWaitMs: 2 } }],
      slotProbeIntervalMs: 0,
    });
    try {
      t0 = performance.now();
      const signatures = await listAll(
        plain,
        entities.result().wallets.map((w) => w.address),
      );
      const listRate = signatures.length / ((performance.now() - t0) / 1000);
      console.log(
        `${'list (getSignaturesForAddress)'.padEnd(34)} ${Math.round(listRate)} signatures/s (${signatures.length} distinct)`,
      );
      const fetchRate = await fetchAll('bench: fetch', plain, 16, signatures, () => Promise.resolve());
      console.log(`${'fetch (getTransaction, 16 in flight)'.padEnd(34)} ${Math.round(fetchRate)} tx/s`);
      const batchRate = await fetchAll('bench: fetch batched', batched, 100, signatures, () =>
        Promise.resolve(),
      );
      console.log(`${'fetch (batches of 50, 100 in flight)'.padEnd(34)} ${Math.round(batchRate)} tx/s`);

      process.stderr.write('creating an embedded database (a few seconds)…\n');
      const embedded = await openDatabase({ dataDir: join(dir, 'pglite') }, logger);
      const e = await fetchAll(
        'bench: fetch + ingest pglite',
        batched,
        100,
        signatures,
        ingestInto(embedded, join(dir, 'o1')),
      );
      await embedded.close();
      console.log(`${'fetch + ingest, PGlite on disk'.padEnd(34)} ${Math.round(e)} tx/s`);

      const url = process.env.DATABASE_URL;
      if (url !== undefined && url !== '') {
        const schema = `oof_bench_${randomBytes(4).toString('hex')}`;
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        await admin.query(`CREATE SCHEMA ${schema}`);
        try {
          const server2 = await openDatabase({ dataDir: dir, databaseUrl: url }, logger, { schema });
          const p = await fetchAll(
            'bench: fetch + ingest postgres',
            batched,
            100,
            signatures,
            ingestInto(server2, join(dir, 'o2')),
          );
          await server2.close();
          console.log(`${'fetch + ingest, Postgres'.padEnd(34)} ${Math.round(p)} tx/s`);
        } finally {
          await admin.query(`DROP SCHEMA ${schema} CASCADE`);
          await admin.end();
        }
      } else {
        console.log(`${'fetch + ingest, Postgres'.padEnd(34)} skipped (set DATABASE_URL to measure it)`);
      }
    } finally {
      plain.close();
      batched.close();
      await server.close();
      await archive.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
