import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { isOofError } from '../core/errors/oof-error.ts';
import { loadActions } from '../store/transactions/transaction.repository.ts';
import { dumpCoreTables } from '../store/testing/dump-core-tables.ts';
import { actions, participants, txRaw } from '../store/schema/core-tables.ts';
import { ingest } from './ingest.ts';
import { loadStoredTransaction } from './load-stored-transaction.ts';
import { openIngestHarness, type IngestHarness } from './testing/ingest-harness.ts';
import { loadRealTransactions, type RealTransaction } from './testing/real-transactions.ts';
import type { TransactionDecoder } from './transaction-decoder.ts';
import { txObjectKey } from './tx-body.ts';

let h: IngestHarness;
let real: RealTransaction[];
/** The recorded transactions the store accepts (a slot and a decodable shape). */
let storable: RealTransaction[];

beforeAll(async () => {
  h = await openIngestHarness();
  real = loadRealTransactions();
  storable = real.filter((t) => {
    try {
      return h.deps.decoder.decode(t.raw).tx.slot !== null;
    } catch {
      return false;
    }
  });
});
afterAll(() => h.dispose());
beforeEach(async () => {
  // actions and participants go with their tx_raw row (ON DELETE CASCADE).
  await h.database.db.delete(txRaw);
  h.calls.put = 0;
  h.calls.get = 0;
});

const clone = <T>(v: T): T => structuredClone(v);

describe('ingest of real recorded transactions', () => {
  test('the recordings hold enough storable transactions to mean something', () => {
    expect(real.length).toBeGreaterThan(100);
    expect(storable.length).toBeGreaterThan(50);
  });

  test('stores every decodable transaction, reports the rest by code, and a second run changes nothing', async () => {
    const input = real.map((t) => t.raw);
    const first = await ingest(h.deps, input);
    expect(first.stored).toBe(storable.length);
    expect(first.duplicates).toBe(0);
    expect(first.stored + first.failed.length).toBe(real.length);
    // Recordings cut from getBlock lack a slot; two files are malformed on purpose (broken_data, geyser).
    expect(first.failed.every((f) => f.code === 'TX_SLOT_MISSING' || f.code === 'TX_SHAPE_INVALID')).toBe(
      true,
    );
    expect(first.failed.some((f) => f.code === 'TX_SLOT_MISSING')).toBe(true);
    expect(first.actions).toBeGreaterThan(first.stored);
    expect(h.calls.put).toBe(storable.length);

    const dump = await dumpCoreTables(h.database.db);
    expect(dump.txRaw).toHaveLength(storable.length);
    expect(dump.actions).toHaveLength(first.actions);

    const second = await ingest(h.deps, input);
    expect(second).toEqual({
      stored: 0,
      duplicates: storable.length,
      redecoded: 0,
      actions: 0,
      failed: first.failed,
    });
    expect(h.calls.put).toBe(storable.length); // no object written the second time
    expect(await dumpCoreTables(h.database.db)).toEqual(dump); // not a row, not a timestamp changed
  });

  test('batch size and repeats inside the input do not change what is stored', async () => {
    const input = storable.map((t) => t.raw);
    await ingest(h.deps, input, { batchSize: 500 });
    const oneBatch = await dumpCoreTables(h.database.db);
    await h.database.db.delete(txRaw);

    const repeated = [...input, ...input.slice(0, 5)].reverse();
    const result = await ingest(h.deps, repeated, { batchSize: 7 });
    expect(result.stored).toBe(storable.length);
    expect(result.duplicates).toBe(5);
    const small = await dumpCoreTables(h.database.db);
    // Timestamps differ between the two runs; everything derived from the input must not.
    const withoutTimes = (rows: string[]): string[] =>
      rows.map((r) => r.replace(/,"[^"]*\+00","[^"]*\+00"\)$/, ')'));
    expect(withoutTimes(small.txRaw)).toEqual(withoutTimes(oneBatch.txRaw));
    expect(small.actions).toEqual(oneBatch.actions);
    expect(small.participants).toEqual(oneBatch.participants);
  });

  test('two ingests of the same input at once store each transaction once', async () => {
    const input = storable.map((t) => t.raw);
    const [a, b] = await Promise.all([ingest(h.deps, input), ingest(h.deps, input)]);
    expect(a.stored + b.stored).toBe(storable.length);
    expect(a.duplicates + b.duplicates).toBe(storable.length);
    const dump = await dumpCoreTables(h.database.db);
    expect(dump.txRaw).toHaveLength(storable.length);
    expect(dump.actions).toHaveLength(a.actions + b.actions);
  });

  test('stored actions read back equal to what the decoder produced, bigints and all', async () => {
    const input = storable.map((t) => t.raw);
    await ingest(h.deps, input);
    for (const t of storable) {
      const decoded = h.deps.decoder.decode(t.raw);
      expect(await loadActions(h.database.db, t.signature)).toEqual(decoded.actions);
    }
  });

  test('loadStoredTransaction returns the ingested JSON; an unknown signature is TX_NOT_STORED', async () => {
    const [t] = storable;
    if (t === undefined) throw new Error('no storable transaction');
    await ingest(h.deps, [t.raw]);
    expect(await loadStoredTransaction(h.deps, t.signature)).toEqual(t.raw);
    const missing: unknown = await loadStoredTransaction(h.deps, '1'.repeat(88)).catch((e: unknown) => e);
    expect(isOofError(missing, 'TX_NOT_STORED')).toBe(true);
  });
});

describe('a bad transaction does not poison its batch', () => {
  test('nothing of it is written, its neighbours are, and it is reported with position and code', async () => {
    const good = storable.slice(0, 3);
    const broken = clone(good[0]?.raw) as {
      transaction: { signatures: string[] };
      meta: { preBalances: number[] };
    };
    const brokenSig = `5${'K'.repeat(87)}`;
    broken.transaction.signatures[0] = brokenSig;
    broken.meta.preBalances = broken.meta.preBalances.slice(1); // account count no longer matches
    // Decodable, but a block time no database column can hold: must fail alone, not roll back the batch.
    const farFuture = clone(good[1]?.raw) as { transaction: { signatures: string[] }; blockTime: number };
    farFuture.transaction.signatures[0] = `6${'F'.repeat(87)}`;
    farFuture.blockTime = 1e15;
    const input = [
      good[0]?.raw,
      broken,
      42,
      null,
      { transaction: { signatures: ['../../etc/passwd'] } },
      farFuture,
      good[1]?.raw,
      good[2]?.raw,
    ];

    const result = await ingest(h.deps, input);
    expect(result.stored).toBe(3);
    expect(result.failed.map((f) => [f.position, f.code])).toEqual([
      [1, 'TX_SHAPE_INVALID'],
      [2, 'TX_SHAPE_INVALID'],
      [3, 'TX_SHAPE_INVALID'],
      [4, 'TX_SHAPE_INVALID'],
      [5, 'TX_SHAPE_INVALID'],
    ]);
    expect(result.failed[4]?.message).toMatch(/impossible blockTime/);
    expect(result.failed[0]?.signature).toBe(brokenSig);
    expect(result.failed[0]?.message).toMatch(/balances/);
    const dump = await dumpCoreTables(h.database.db);
    expect(dump.txRaw.some((r) => r.includes(brokenSig))).toBe(false);
    expect([...dump.actions, ...dump.participants].some((r) => r.includes(brokenSig))).toBe(false);
    expect(await h.deps.objects.has(txObjectKey(brokenSig))).toBe(false);
    expect(h.calls.put).toBe(3);
  });

  test('a decoder crash on one transaction is reported as INVARIANT_BROKEN and the rest is stored', async () => {
    const victim = storable[1]?.signature;
    const crashing: TransactionDecoder = {
      version: h.deps.decoder.version,
      decode: (raw) => {
        const decoded = h.deps.decoder.decode(raw);
        if (decoded.tx.signature === victim) throw new TypeError('cannot read properties of undefined');
        return decoded;
      },
    };
    const result = await ingest(
      { ...h.deps, decoder: crashing },
      storable.slice(0, 4).map((t) => t.raw),
    );
    expect(result.stored).toBe(3);
    expect(result.failed).toEqual([
      expect.objectContaining({ position: 1, signature: victim, code: 'INVARIANT_BROKEN' }),
    ]);
  });

  test('counts land in the metrics', async () => {
    // A deep copy: prom-client hands out its live value objects.
    const snapshot = async () => structuredClone(await h.deps.metrics.registry.getMetricsAsJSON());
    const before = await snapshot();
    await ingest(h.deps, [storable[0]?.raw, storable[0]?.raw, 7]);
    const after = await snapshot();
    const value = (metrics: typeof before, name: string, label?: Record<string, string>): number =>
      metrics
        .find((m) => m.name === name)
        ?.values.filter(
          (v) => label === undefined || Object.entries(label).every(([k, x]) => v.labels[k] === x),
        )
        .reduce((sum, v) => sum + v.value, 0) ?? 0;
    const delta = (name: string, label?: Record<string, string>): number =>
      value(after, name, label) - value(before, name, label);
    expect(delta('oof_tx_ingested_total', { result: 'stored' })).toBe(1);
    expect(delta('oof_tx_ingested_total', { result: 'duplicate' })).toBe(1);
    expect(delta('oof_decode_errors_total', { code: 'TX_SHAPE_INVALID' })).toBe(1);
    expect(delta('oof_actions_written_total')).toBeGreaterThan(0);
  });
});

describe('re-decoding with a newer decoder', () => {
  const newer = (): TransactionDecoder => ({
    version: h.deps.decoder.version + 1,
    // Same decoder, visibly different output, so the test can tell old rows from new ones.
    decode: (raw) => {
      const decoded = h.deps.decoder.decode(raw);
      return { ...decoded, actions: decoded.actions.map((a) => ({ ...a, venue: `v2:${a.venue ?? '-'}` })) };
    },
  });

  test('without redecode, older rows are duplicates and stay as they are', async () => {
    const input = storable.map((t) => t.raw);
    await ingest(h.deps, input);
    const dump = await dumpCoreTables(h.database.db);
    const result = await ingest({ ...h.deps, decoder: newer() }, input);
    expect(result).toMatchObject({ stored: 0, redecoded: 0, duplicates: storable.length });
    expect(await dumpCoreTables(h.database.db)).toEqual(dump);
  });

  test('with redecode, actions are rebuilt from the stored body (not the input) and the version recorded', async () => {
    await ingest(
      h.deps,
      storable.map((t) => t.raw),
    );
    const before = await h.database.db.select().from(txRaw);
    const puts = h.calls.put;
    // The input carries only signatures: the re-decode must read the stored bodies.
    const stubs = storable.map((t) => ({ transaction: { signatures: [t.signature] } }));
    const v2 = newer();

    const result = await ingest({ ...h.deps, decoder: v2 }, stubs, { redecode: true });
    expect(result).toMatchObject({ stored: 0, redecoded: storable.length, duplicates: 0, failed: [] });
    expect(h.calls.put).toBe(puts);
    for (const t of storable.slice(0, 10)) {
      expect(await loadActions(h.database.db, t.signature)).toEqual(v2.decode(t.raw).actions);
    }
    const after = await h.database.db.select().from(txRaw);
    expect(after.every((r) => r.decoderVersion === v2.version)).toBe(true);
    const ingestedAt = (rows: typeof before) => new Map(rows.map((r) => [r.sig, r.ingestedAt.getTime()]));
    expect(ingestedAt(after)).toEqual(ingestedAt(before));

    const again = await ingest({ ...h.deps, decoder: v2 }, stubs, { redecode: true });
    expect(again).toMatchObject({ redecoded: 0, duplicates: storable.length, actions: 0 });
  });

  test('a stored body that fails the new decoder keeps its old rows and is reported', async () => {
    const [a, b] = storable;
    if (a === undefined || b === undefined) throw new Error('need two transactions');
    await ingest(h.deps, [a.raw, b.raw]);
    const oldActions = await loadActions(h.database.db, a.signature);
    const picky: TransactionDecoder = {
      version: h.deps.decoder.version + 1,
      decode: (raw) => {
        const decoded = h.deps.decoder.decode(raw);
        if (decoded.tx.signature === a.signature) throw new Error('new decoder rejects it');
        return decoded;
      },
    };
    const result = await ingest({ ...h.deps, decoder: picky }, [a.raw, b.raw], { redecode: true });
    expect(result.redecoded).toBe(1);
    expect(result.failed).toEqual([expect.objectContaining({ position: 0, code: 'INVARIANT_BROKEN' })]);
    expect(await loadActions(h.database.db, a.signature)).toEqual(oldActions);
    const versions = await h.database.db.select({ sig: txRaw.sig, v: txRaw.decoderVersion }).from(txRaw);
    expect(new Map(versions.map((r) => [r.sig, r.v]))).toEqual(
      new Map([
        [a.signature, h.deps.decoder.version],
        [b.signature, picky.version],
      ]),
    );
    expect(await h.database.db.$count(actions)).toBeGreaterThan(0);
    expect(await h.database.db.$count(participants)).toBeGreaterThan(0);
  });
});
