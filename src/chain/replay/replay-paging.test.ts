import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sharedDataAvailable } from '../../../test/support/shared-data.ts';
import { buildTestArchive, type TestArchive } from '../archive/testing/shared-data-archive.ts';
import type { SignatureInfo } from '../rpc/methods/get-signatures-for-address.ts';
import { startReplayFixture, type ReplayFixture } from './testing/replay-fixture.ts';

interface Row {
  readonly signature: string;
  readonly slot: number;
  readonly accounts: ReadonlySet<string>;
}

/** The archive's transactions read straight from its file, with the accounts each loads: the reference. */
function referenceRows(dir: string): Row[] {
  const text = readFileSync(join(dir, 'transactions/part-00001.jsonl'), 'utf8');
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const t = JSON.parse(line) as {
        signature: string;
        slot: string;
        result: {
          transaction: { message: { accountKeys: (string | { pubkey: string })[] } };
          meta: { loadedAddresses?: { writable: string[]; readonly: string[] } };
        };
      };
      const keys = t.result.transaction.message.accountKeys.map((k) =>
        typeof k === 'string' ? k : k.pubkey,
      );
      const loaded = t.result.meta.loadedAddresses;
      return {
        signature: t.signature,
        slot: Number(t.slot),
        accounts: new Set([...keys, ...(loaded?.writable ?? []), ...(loaded?.readonly ?? [])]),
      };
    });
}

let archive: TestArchive;
let replay: ReplayFixture;
let rows: Row[];
beforeAll(async () => {
  if (!sharedDataAvailable()) return;
  archive = await buildTestArchive();
  replay = await startReplayFixture(archive.dir);
  rows = referenceRows(archive.dir);
});
afterAll(async () => {
  await replay?.close();
  archive?.remove();
});

const history = (address: string): string[] =>
  rows
    .filter((r) => r.accounts.has(address))
    .reverse()
    .map((r) => r.signature);

/** Addresses with long histories (programs, busy wallets) and short ones. */
function addresses(): string[] {
  const counts = new Map<string, number>();
  for (const r of rows) for (const a of r.accounts) counts.set(a, (counts.get(a) ?? 0) + 1);
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return [...ranked.slice(0, 8), ...ranked.slice(-4)].map(([a]) => a);
}

async function walk(address: string, pageSize: number, until?: string): Promise<SignatureInfo[]> {
  const out: SignatureInfo[] = [];
  let before: string | undefined;
  for (;;) {
    const page = await replay.client.rpc.getSignaturesForAddress(address, {
      limit: pageSize,
      ...(before === undefined ? {} : { before }),
      ...(until === undefined ? {} : { until }),
    });
    if (page.length === 0) return out;
    expect(page.length).toBeLessThanOrEqual(pageSize);
    out.push(...page);
    before = page[page.length - 1]?.signature;
  }
}

describe.skipIf(!sharedDataAvailable())('replay-rpc getSignaturesForAddress paging', () => {
  test('before/limit walks of every page size equal the full history, newest first, no dupes or losses', async () => {
    for (const address of addresses()) {
      const expected = history(address);
      const full = await replay.client.rpc.getSignaturesForAddress(address);
      expect(full.map((s) => s.signature)).toEqual(expected);
      for (const size of [1, 2, 3, 7, 1000]) {
        const walked = await walk(address, size);
        expect(
          walked.map((s) => s.signature),
          `${address} page ${size}`,
        ).toEqual(expected);
      }
      const slots = full.map((s) => s.slot);
      expect(slots).toEqual([...slots].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0)));
    }
  });

  test('until is exclusive and combines with before; our listSignatures pages through it', async () => {
    const address = addresses()[0] as string;
    const expected = history(address);
    for (const u of [0, 1, Math.floor(expected.length / 2), expected.length - 1]) {
      const until = expected[u] as string;
      expect((await walk(address, 3, until)).map((s) => s.signature)).toEqual(expected.slice(0, u));
      const listed: string[] = [];
      for await (const s of replay.client.rpc.listSignatures(address, { until, pageSize: 2 }))
        listed.push(s.signature);
      expect(listed).toEqual(expected.slice(0, u));
    }
    const page = await replay.client.rpc.getSignaturesForAddress(address, {
      before: expected[2] as string,
      until: expected[6] as string,
    });
    expect(page.map((s) => s.signature)).toEqual(expected.slice(3, 6));
  });

  test('cursors are chain positions: a `before` from another address history works, an unknown one gives []', async () => {
    const [a, b] = addresses() as [string, string];
    const other = rows.find((r) => r.accounts.has(b) && !r.accounts.has(a) && history(a).length > 0);
    if (other !== undefined) {
      const page = await replay.client.rpc.getSignaturesForAddress(a, { before: other.signature });
      const older = rows.filter((r) => r.accounts.has(a) && rows.indexOf(r) < rows.indexOf(other));
      expect(page.map((s) => s.signature)).toEqual(older.reverse().map((r) => r.signature));
    }
    const unknown = '5'.repeat(87);
    expect((await replay.call('getSignaturesForAddress', [a, { before: unknown }])).result).toEqual([]);
    const all = (await replay.call('getSignaturesForAddress', [a, { until: unknown }])).result as unknown[];
    expect(all).toHaveLength(history(a).length);
  });

  test('entries have the node shape', async () => {
    const [entry] = (await replay.call('getSignaturesForAddress', [addresses()[0], { limit: 1 }]))
      .result as Record<string, unknown>[];
    expect(Object.keys(entry ?? {})).toEqual([
      'signature',
      'slot',
      'err',
      'memo',
      'blockTime',
      'confirmationStatus',
    ]);
    expect(entry).toMatchObject({ err: null, memo: null, confirmationStatus: 'finalized' });
  });

  test('bad params get the node errors (-32602) and messages', async () => {
    const a = addresses()[0];
    const cases: [unknown[], string][] = [
      [[a, { limit: 0 }], 'Invalid limit; max 1000'],
      [[a, { limit: 1001 }], 'Invalid limit; max 1000'],
      [[a, { limit: 'ten' }], 'Invalid params: invalid type: string "ten", expected usize.'],
      [['not-an-address'], 'Invalid param: Invalid'],
      [['abc'], 'Invalid param: WrongSize'],
      [[a, { before: 'xyz' }], 'Invalid param: WrongSize'],
      [[a, { commitment: 'processed' }], 'Method does not support commitment below `confirmed`'],
    ];
    for (const [params, message] of cases) {
      expect((await replay.call('getSignaturesForAddress', params)).error).toEqual({ code: -32602, message });
    }
    expect((await replay.call('getSignaturesForAddress', [a, { minContextSlot: 1e15 }])).error).toMatchObject(
      {
        code: -32016,
      },
    );
  });
});
