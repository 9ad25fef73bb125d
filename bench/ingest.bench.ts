/**
 * Ingest throughput: real recorded transactions → decode → brotli → object store → tx_raw + actions +
 * participants, into the embedded database (PGlite on disk) and, when DATABASE_URL is set, into Postgres.
 *
 *   npm run bench:ingest                 # 20,000 transactions
 *   npm run bench:ingest -- 50000        # any N
 *   DATABASE_URL=postgres://… npm run bench:ingest
 *
 * The recordings hold fewer storable transactions than N, so the set is repeated with synthetic, unique
 * signatures (the only field changed); the output says so. Figures go to stdout, progress to stderr.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getBase58Decoder } from '@solana/kit';
import pg from 'pg';
import { createLogger } from '../src/core/log/logger.ts';
import { createMetrics } from '../src/core/metrics/metrics.ts';
import { ingest } from '../src/ingest/ingest.ts';
import { loadRealTransactions } from '../src/ingest/testing/real-transactions.ts';
import { createTransactionDecoder } from '../src/ingest/transaction-decoder.ts';
import { encodeTxBody } from '../src/ingest/tx-body.ts';
import { createFsObjectStore } from '../src/objectstore/fs-object-store.ts';
import type { Database } from '../src/store/database.ts';
import { openDatabase } from '../src/store/open-database.ts';

const N = Number(process.argv[2] ?? 20_000);
const BATCH = 200;
const logger = createLogger('silent');
const decoder = createTransactionDecoder();
const base58 = getBase58Decoder();

function storableSet(): unknown[] {
  return loadRealTransactions()
    .filter((t) => {
      try {
        return decoder.decode(t.raw).tx.slot !== null;
      } catch {
        return false;
      }
    })
    .map((t) => t.raw);
}

/** Copy `k` of a transaction under a new signature: 64 deterministic bytes, base58 like a real one. */
function withSyntheticSignature(raw: unknown, k: number): unknown {
  const copy = structuredClone(raw) as { transaction: { signatures: string[] } };
  const original = copy.transaction.signatures[0] ?? '';
  copy.transaction.signatures[0] = base58.decode(createHash('sha512').update(`${k}:${original}`).digest());
  return copy;
}

function buildInput(real: unknown[]): unknown[] {
  return Array.from({ length: N }, (_, i) => {
    const raw = real[i % real.length];
    const k = Math.floor(i / real.length);
    return k === 0 ? raw : withSyntheticSignature(raw, k);
  });
}

interface Figures {
  seconds: number;
  txPerSecond: number;
  actionsPerSecond: number;
  stored: number;
  actions: number;
}

async function run(
  label: string,
  database: Database,
  objectsDir: string,
  input: unknown[],
): Promise<Figures> {
  const deps = {
    database,
    objects: createFsObjectStore({ root: objectsDir }),
    decoder,
    metrics: createMetrics(),
    logger,
  };
  let stored = 0;
  let actions = 0;
  const startedMs = performance.now();
  let lastReportMs = startedMs;
  // One ingest call per 10 batches, so progress can be printed between them.
  const step = BATCH * 10;
  for (let i = 0; i < input.length; i += step) {
    const result = await ingest(deps, input.slice(i, i + step), { batchSize: BATCH });
    stored += result.stored;
    actions += result.actions;
    const now = performance.now();
    if (now - lastReportMs > 1000 || i + step >= input.length) {
      const rate = Math.round(((i + step) / (now - startedMs)) * 1000);
      process.stderr.write(
        `  ${label}: ${Math.min(i + step, input.length)}/${input.length} (${rate} tx/s)\n`,
      );
      lastReportMs = now;
    }
  }
  const seconds = (performance.now() - startedMs) / 1000;
  return { seconds, txPerSecond: stored / seconds, actionsPerSecond: actions / seconds, stored, actions };
}

async function rerun(database: Database, objectsDir: string, input: unknown[]): Promise<number> {
  const deps = {
    database,
    objects: createFsObjectStore({ root: objectsDir }),
    decoder,
    metrics: createMetrics(),
    logger,
  };
  const startedMs = performance.now();
  const result = await ingest(deps, input, { batchSize: BATCH });
  if (result.stored !== 0) throw new Error('second run stored rows: ingest is not idempotent');
  return input.length / ((performance.now() - startedMs) / 1000);
}

function print(label: string, f: Figures, dupRate: number): void {
  console.log(
    `${label.padEnd(26)} ${f.stored} tx, ${f.actions} actions in ${f.seconds.toFixed(1)} s → ` +
      `${Math.round(f.txPerSecond)} tx/s, ${Math.round(f.actionsPerSecond)} actions/s; ` +
      `re-ingest of the same input (all duplicates): ${Math.round(dupRate)} tx/s`,
  );
}

async function main(): Promise<void> {
  const real = storableSet();
  const input = buildInput(real);
  const repeats = Math.ceil(N / real.length);
  console.log(
    `ingest bench: ${N} transactions = ${real.length} real recorded transactions repeated ${repeats}×` +
      ' with synthetic unique signatures; batch size ' +
      BATCH +
      `; node ${process.version}`,
  );

  // Decode + compress alone, for scale: what ingest costs before any IO.
  const t0 = performance.now();
  for (const raw of input.slice(0, 5000)) {
    decoder.decode(raw);
    encodeTxBody(raw);
  }
  const cpuRate = Math.min(5000, input.length) / ((performance.now() - t0) / 1000);
  console.log(`${'decode + brotli only'.padEnd(26)} ${Math.round(cpuRate)} tx/s (no IO)`);

  const dir = mkdtempSync(join(tmpdir(), 'oof-ingest-bench-'));
  try {
    process.stderr.write('creating an embedded database (a few seconds)…\n');
    const embedded = await openDatabase({ dataDir: dir }, logger);
    const e = await run('pglite', embedded, join(dir, 'objects-pglite'), input);
    const eDup = await rerun(embedded, join(dir, 'objects-pglite'), input);
    await embedded.close();
    print('embedded (PGlite on disk)', e, eDup);

    const url = process.env.DATABASE_URL;
    if (url !== undefined && url !== '') {
      const schema = `oof_bench_${randomBytes(4).toString('hex')}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${schema}`);
      try {
        const server = await openDatabase({ dataDir: dir, databaseUrl: url }, logger, { schema });
        const p = await run('postgres', server, join(dir, 'objects-pg'), input);
        const pDup = await rerun(server, join(dir, 'objects-pg'), input);
        await server.close();
        print('postgres', p, pDup);
      } finally {
        await admin.query(`DROP SCHEMA ${schema} CASCADE`);
        await admin.end();
      }
    } else {
      console.log('postgres                   skipped (set DATABASE_URL to measure it)');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
