import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { findRpcTransaction, rpcIndex, sharedDataAvailable } from '../../../test/support/shared-data.ts';
import { isOofError } from '../../core/errors/oof-error.ts';
import type { TransactionLine } from './archive-lines.ts';
import { ArchiveReader } from './archive-reader.ts';
import { ArchiveWriter } from './archive-writer.ts';
import { tempDir } from './testing/shared-data-archive.ts';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A few real recorded transactions (with a slot), in chain order, as archive lines. */
function realLines(count: number): TransactionLine[] {
  const seen = new Set<string>();
  const lines: TransactionLine[] = [];
  for (const row of rpcIndex()) {
    if (seen.has(row.signature)) continue;
    seen.add(row.signature);
    const raw = findRpcTransaction(row);
    if (typeof raw.slot !== 'number') continue;
    lines.push({
      signature: row.signature,
      slot: String(raw.slot),
      blockTime: typeof raw.blockTime === 'number' ? raw.blockTime : null,
      encoding: row.encoding,
      result: raw,
    });
  }
  return lines.sort((a, b) => Number(a.slot) - Number(b.slot)).slice(0, count);
}

const description = {
  source: 'recorded' as const,
  createdBy: 'test',
  network: 'mainnet-beta',
  wallets: [{ address: 'W1', roles: ['watched'] }],
  tokens: [],
  programs: [],
};

async function writeArchive(dir: string, lines: readonly TransactionLine[], gzip: boolean): Promise<void> {
  const writer = ArchiveWriter.create(dir, { gzip, linesPerPart: 4 });
  for (const l of lines) await writer.addTransaction(l);
  await writer.addLog({
    slot: lines[0]?.slot ?? '0',
    signature: lines[0]?.signature ?? '',
    err: null,
    logs: ['x'],
    mentions: [],
  });
  writer.addAccount({
    address: 'A1',
    slot: '5',
    encoding: 'base64',
    value: { data: ['AAE=', 'base64'], lamports: 1 },
  });
  writer.addAccount({ address: 'A1', slot: '3', encoding: 'base64', value: null });
  writer.addPrice({
    mint: 'M1',
    resolution: '1m',
    bucketStart: 60,
    open: '1',
    high: '2',
    low: '0.5',
    close: '1.5',
    volumeUsd: '10',
    source: 'test',
  });
  await writer.finish(description);
}

describe.skipIf(!sharedDataAvailable())('archive writer and reader', () => {
  test.each([false, true])('round trip (gzip %s): bodies, order, parts, manifest', async (gzip) => {
    const out = tempDir('oof-archive-rt-');
    cleanups.push(out.remove);
    const lines = realLines(10);
    await writeArchive(out.dir, lines, gzip);
    const reader = await ArchiveReader.open(out.dir);
    cleanups.push(() => reader.close());
    const m = reader.manifest;
    expect(m.files.transactions).toHaveLength(3); // 4 lines per part
    expect(m.files.transactions[0]).toBe(`transactions/part-00001.jsonl${gzip ? '.gz' : ''}`);
    expect(m.counts).toMatchObject({ transactions: 10, accounts: 1, logs: 1 });
    expect(m.timeRange?.fromSlot).toBe(lines[0]?.slot);
    expect(m.timeRange?.toSlot).toBe(lines[9]?.slot);
    expect(reader.transactionCount).toBe(10);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as TransactionLine;
      expect(reader.ordinalOf(line.signature)).toBe(i);
      expect((await reader.transaction(i)).result).toEqual(line.result);
    }
    const iterated: string[] = [];
    for await (const t of reader.transactions()) iterated.push(t.signature);
    expect(iterated).toEqual(lines.map((l) => l.signature));
    expect(reader.account('A1')?.slot).toBe('5'); // the latest state wins
    const logs = [];
    for await (const l of reader.logs()) logs.push(l);
    expect(logs).toHaveLength(1);
    const prices = [];
    for await (const p of reader.prices('M1')) prices.push(p);
    expect(prices.map((p) => p.close)).toEqual(['1.5']);
  });

  test('signatures per address are derived from account keys when no signatures files exist', async () => {
    const out = tempDir('oof-archive-sig-');
    cleanups.push(out.remove);
    const lines = realLines(20);
    await writeArchive(out.dir, lines, false);
    const reader = await ArchiveReader.open(out.dir);
    cleanups.push(() => reader.close());
    const feePayer = (
      lines[0]?.result.transaction as { message: { accountKeys: (string | { pubkey: string })[] } }
    ).message.accountKeys[0];
    const address = typeof feePayer === 'string' ? feePayer : (feePayer?.pubkey ?? '');
    const listed = reader.signatures(address, { limit: 1000 }).map((s) => s.signature);
    expect(listed).toContain(lines[0]?.signature);
    expect(reader.signatures('11111111111111111111111111111111', { limit: 1000 }).length).toBeGreaterThan(0);
  });

  test('the writer refuses a transaction older than the previous one', async () => {
    const out = tempDir('oof-archive-order-');
    cleanups.push(out.remove);
    const [a, b] = realLines(2) as [TransactionLine, TransactionLine];
    const writer = ArchiveWriter.create(out.dir);
    await writer.addTransaction({ ...b, slot: String(Number(a.slot) + 1) });
    await expect(writer.addTransaction(a)).rejects.toMatchObject({ code: 'INVARIANT_BROKEN' });
  });

  test('a folder that holds files is not written over', () => {
    const out = tempDir('oof-archive-busy-');
    cleanups.push(out.remove);
    writeFileSync(join(out.dir, 'notes.txt'), 'mine');
    expect(() => ArchiveWriter.create(out.dir)).toThrow(
      expect.objectContaining({ code: 'ARCHIVE_OUTPUT_EXISTS' }),
    );
  });

  test('broken archives are refused with the file and line', async () => {
    const out = tempDir('oof-archive-broken-');
    cleanups.push(out.remove);
    const missing = await ArchiveReader.open(out.dir).catch((e: unknown) => e);
    expect(isOofError(missing, 'ARCHIVE_NOT_FOUND')).toBe(true);

    await writeArchive(out.dir, realLines(3), false);
    const part = join(out.dir, 'transactions/part-00001.jsonl');
    const good = readFileSync(part, 'utf8');
    appendFileSync(part, '{"signature": "x", "slot": "1"\n');
    const torn = await ArchiveReader.open(out.dir).catch((e: unknown) => e);
    expect(isOofError(torn, 'ARCHIVE_INVALID')).toBe(true);
    expect((torn as Error).message).toContain('transactions/part-00001.jsonl line 4');

    const first = good.split('\n')[0] as string;
    writeFileSync(part, `${good}${first}\n`);
    const twice = await ArchiveReader.open(out.dir).catch((e: unknown) => e);
    expect((twice as Error).message).toMatch(/appears twice/);
  });
});
