import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findRpcTransaction, rpcIndex, sharedDataAvailable } from '../../../test/support/shared-data.ts';
import { actionToJson } from '../../decoder/action-json.ts';
import { decodeTransaction, parseRpcTransaction } from '../../decoder/decode-transaction.ts';
import { stringifyExact } from '../archive/json-text.ts';
import { buildTestArchive, tempDir, type TestArchive } from '../archive/testing/shared-data-archive.ts';
import { parseJsonExact } from '../../decoder/input/parse-json-exact.ts';
import { startReplayFixture, type ReplayFixture } from './testing/replay-fixture.ts';

let archive: TestArchive;
let replay: ReplayFixture;
beforeAll(async () => {
  if (!sharedDataAvailable()) return;
  archive = await buildTestArchive();
  replay = await startReplayFixture(archive.dir);
});
afterAll(async () => {
  await replay?.close();
  archive?.remove();
});

interface Archived {
  readonly signature: string;
  readonly slot: string;
  readonly encoding: 'json' | 'jsonParsed';
  readonly result: Record<string, unknown>;
}

async function archived(): Promise<Archived[]> {
  const out: Archived[] = [];
  for await (const t of replay.archive.transactions()) out.push(t);
  return out;
}

const decoded = (raw: unknown): unknown => {
  const d = decodeTransaction(parseRpcTransaction(raw));
  return { actions: d.actions.map(actionToJson), participants: d.participants };
};

describe.skipIf(!sharedDataAvailable())('replay-rpc getTransaction and node methods', () => {
  test('every transaction comes back exactly as recorded in ../shared/data, in its recorded encoding', async () => {
    const txs = await archived();
    expect(txs).toHaveLength(119);
    // The recording each archived transaction was taken from: the first copy in index order that has a slot
    // and decodes (one corrupt copy, 0xjeffro broken_data_1.json, is skipped by the builder).
    const original = new Map<string, Record<string, unknown>>();
    for (const row of rpcIndex()) {
      if (original.has(row.signature)) continue;
      const raw = findRpcTransaction(row);
      try {
        decodeTransaction(parseRpcTransaction(raw));
        if (typeof raw.slot === 'number') original.set(row.signature, raw);
      } catch {
        // not the copy the archive holds
      }
    }
    for (const t of txs) {
      const { result } = await replay.call('getTransaction', [
        t.signature,
        { encoding: t.encoding, maxSupportedTransactionVersion: 0, commitment: 'confirmed' },
      ]);
      expect(result, t.signature).toEqual(t.result);
      // Same text, key order included. (One recorder wrote a u64 as `5e+17`; as JSON text it is the same integer.)
      expect(stringifyExact(result), t.signature).toBe(stringifyExact(original.get(t.signature)));
      // and through our client, which validates it with the decoder's schema
      expect(await replay.client.rpc.getTransaction(t.signature, { encoding: t.encoding })).toEqual(t.result);
    }
  });

  test('jsonParsed of a json recording is rendered and decodes the same; the reverse is refused with a hint', async () => {
    const txs = await archived();
    const json = txs.filter((t) => t.encoding === 'json');
    for (const t of json) {
      const { result } = await replay.call('getTransaction', [
        t.signature,
        { encoding: 'jsonParsed', maxSupportedTransactionVersion: 0 },
      ]);
      const keys = (result as { transaction: { message: { accountKeys: unknown[] } } }).transaction.message
        .accountKeys;
      expect(typeof keys[0]).toBe('object');
      expect(decoded(result)).toEqual(decoded(t.result));
    }
    const parsed = txs.find((t) => t.encoding === 'jsonParsed') as Archived;
    const { error } = await replay.call('getTransaction', [
      parsed.signature,
      { encoding: 'json', maxSupportedTransactionVersion: 0 },
    ]);
    expect(error).toMatchObject({ code: -32602, data: { recordedEncoding: 'jsonParsed' } });
    const base64 = await replay.call('getTransaction', [
      parsed.signature,
      { encoding: 'base64', maxSupportedTransactionVersion: 0 },
    ]);
    expect(base64.error).toMatchObject({ code: -32602 });
    const bogus = await replay.call('getTransaction', [parsed.signature, { encoding: 'hex' }]);
    expect(bogus.error?.message).toMatch(/unknown variant `hex`/);
  });

  test('maxSupportedTransactionVersion: v0 needs it (-32015), legacy without it has no version field', async () => {
    const txs = await archived();
    const v0 = txs.find((t) => t.result.version === 0) as Archived;
    const legacy = txs.find((t) => t.result.version === 'legacy' && t.encoding === 'json') as Archived;
    const refused = await replay.call('getTransaction', [v0.signature, { encoding: v0.encoding }]);
    expect(refused.error).toEqual({
      code: -32015,
      message:
        'Transaction version (0) is not supported by the requesting client. Please try the request again with the following configuration parameter: "maxSupportedTransactionVersion": 0',
    });
    const plain = await replay.call('getTransaction', [legacy.signature, 'json']);
    const withoutVersion = { ...legacy.result };
    delete withoutVersion.version;
    expect(plain.result).toEqual(withoutVersion);
  });

  test('unknown transactions are null; malformed signatures are -32602', async () => {
    expect(
      (await replay.call('getTransaction', ['4'.repeat(87), { maxSupportedTransactionVersion: 0 }])).result,
    ).toBeNull();
    expect((await replay.call('getTransaction', ['nope'])).error).toEqual({
      code: -32602,
      message: 'Invalid param: WrongSize',
    });
    expect(
      (await replay.call('getTransaction', ['4'.repeat(87), { commitment: 'processed' }])).error?.code,
    ).toBe(-32602);
  });

  test('getSlot, getBlockTime, getHealth, getAccountInfo, getLatestBlockhash, unknown methods, batches', async () => {
    const txs = await archived();
    const last = txs[txs.length - 1] as Archived;
    expect(await replay.client.rpc.getSlot()).toBe(BigInt(last.slot));
    expect(await replay.client.rpc.getBlockTime(BigInt(last.slot))).toBe(last.result.blockTime);
    expect((await replay.call('getBlockTime', [Number(last.slot) - 1])).error).toEqual({
      code: -32004,
      message: `Block not available for slot ${Number(last.slot) - 1}`,
    });
    expect(await replay.client.rpc.getHealth()).toBe('ok');
    const account = await replay.client.rpc.getAccountInfo('So11111111111111111111111111111111111111112', {
      encoding: 'base64',
    });
    expect(account).toEqual({ contextSlot: BigInt(last.slot), value: null });
    const blockhash = (await replay.call('getLatestBlockhash')).result as { value: { blockhash: string } };
    expect(blockhash.value.blockhash).toBe(
      (last.result.transaction as { message: { recentBlockhash: string } }).message.recentBlockhash,
    );
    expect((await replay.call('getBalance', ['x'])).error).toEqual({
      code: -32601,
      message: 'Method not found',
    });

    const batch = await replay.post(
      JSON.stringify([
        { jsonrpc: '2.0', id: 'a', method: 'getSlot' },
        { jsonrpc: '2.0', id: 'b', method: 'getHealth' },
        { jsonrpc: '2.0', method: 'getHealth' }, // a notification: no answer
        { jsonrpc: '2.0', id: 'c', method: 'nope' },
      ]),
    );
    expect(batch.json).toEqual([
      { jsonrpc: '2.0', result: Number(last.slot), id: 'a' },
      { jsonrpc: '2.0', result: 'ok', id: 'b' },
      { jsonrpc: '2.0', error: { code: -32601, message: 'Method not found' }, id: 'c' },
    ]);
    expect((await replay.post('{"jsonrpc":')).json).toEqual({
      jsonrpc: '2.0',
      error: { code: -32700, message: 'Parse error' },
      id: null,
    });
    expect((await replay.post('[]')).json).toMatchObject({ error: { code: -32600 } });
  });

  test('lines another writer ordered differently (or with extra keys) are served the same', async () => {
    const other = tempDir('oof-replay-other-writer-');
    try {
      mkdirSync(join(other.dir, 'transactions'));
      copyFileSync(join(archive.dir, 'manifest.json'), join(other.dir, 'manifest.json'));
      const lines = readFileSync(join(archive.dir, 'transactions/part-00001.jsonl'), 'utf8')
        .trim()
        .split('\n');
      const reordered = lines.map((l) => {
        const t = parseJsonExact(l) as Record<string, unknown>;
        const { signature, slot, blockTime, encoding, result } = t;
        return stringifyExact({ result, encoding, blockTime, slot, signature, writer: 'another' });
      });
      writeFileSync(join(other.dir, 'transactions/part-00001.jsonl'), `${reordered.join('\n')}\n`);
      const r = await startReplayFixture(other.dir);
      try {
        for await (const t of replay.archive.transactions()) {
          const params = [t.signature, { encoding: t.encoding, maxSupportedTransactionVersion: 0 }];
          const a = await replay.post(
            JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'getTransaction', params }),
          );
          const b = await r.post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'getTransaction', params }));
          expect(stringifyExact(b.json)).toBe(stringifyExact(a.json));
        }
      } finally {
        await r.close();
      }
    } finally {
      other.remove();
    }
  });
});
