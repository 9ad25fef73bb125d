import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accountLineSchema,
  priceLineSchema,
  transactionLineSchema,
  type PriceLine,
} from '../chain/archive/archive-lines.ts';
import { manifestSchema } from '../chain/archive/archive-manifest.ts';
import { ArchiveReader } from '../chain/archive/archive-reader.ts';
import { decodeTransaction, parseRpcTransaction } from '../decoder/decode-transaction.ts';
import { parseJsonExact } from '../decoder/input/parse-json-exact.ts';
import { SOL_MINT } from '../domain/mints.ts';
import { toScaled } from '../domain/decimal.ts';
import { writeSimulatedArchive } from './archive/write-simulated-archive.ts';
import type { SimulationOptions } from './market/simulation-options.ts';
import { eventInteger, eventText } from './programs/event-values.ts';

const OPTIONS: SimulationOptions = {
  seed: 'archive-test',
  wallets: 60,
  tokens: 5,
  days: 0.5,
  transactions: 1_500,
};
const root = mkdtempSync(join(tmpdir(), 'oof-simulate-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function write(name: string, options: SimulationOptions, partSize = 400): Promise<string> {
  const dir = join(root, name);
  await writeSimulatedArchive(dir, options, { gzip: true, partSize, createdBy: 'test' });
  return dir;
}

function digests(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const entry of readdirSync(d).sort()) {
      const path = join(d, entry);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dir, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

function lines(dir: string, file: string): unknown[] {
  const text = gunzipSync(readFileSync(join(dir, file))).toString('utf8');
  return text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => parseJsonExact(l));
}

describe('oof simulate archives', () => {
  let a = '';
  beforeAll(async () => {
    a = await write('a', OPTIONS);
  });

  it('are byte-identical for the same seed and options, and differ for another seed', async () => {
    const b = await write('b', OPTIONS);
    const c = await write('c', { ...OPTIONS, seed: 'another seed' });
    const da = digests(a);
    expect(Object.keys(da).length).toBeGreaterThan(8);
    expect(digests(b)).toEqual(da);
    const dc = digests(c);
    expect(dc['manifest.json']).not.toBe(da['manifest.json']);
    expect(dc['transactions/part-00001.jsonl.gz']).not.toBe(da['transactions/part-00001.jsonl.gz']);
  });

  it('follow docs/chain-archive.md: the reader schemas accept every manifest field and line', () => {
    const dir = a;
    const manifest = manifestSchema.parse(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')));
    expect(manifest).toMatchObject({ source: 'simulated', seed: 'archive-test', network: 'simulated' });
    expect(manifest.counts.transactions).toBe(1_500);
    expect(manifest.files.transactions).toEqual(
      [1, 2, 3, 4].map((i) => `transactions/part-0000${i}.jsonl.gz`),
    );
    let previous = -1n;
    const signatures = new Set<string>();
    let failed = 0;
    for (const file of manifest.files.transactions) {
      for (const raw of lines(dir, file)) {
        const line = transactionLineSchema.parse(raw);
        expect(BigInt(line.slot) >= previous).toBe(true);
        previous = BigInt(line.slot);
        signatures.add(line.signature);
        if (decodeTransaction(parseRpcTransaction(line.result)).tx.failed) failed += 1;
      }
    }
    expect(signatures.size).toBe(1_500);
    expect(failed).toBe(manifest.counts.failed);
    for (const raw of lines(dir, 'accounts.jsonl.gz')) accountLineSchema.parse(raw);
    expect(manifest.counts.accounts).toBeGreaterThan(10);
    const roles = new Set(manifest.wallets.flatMap((w) => w.roles));
    for (const r of ['trader', 'creator', 'sniper', 're-entry', 'rugger', 'exchange', 'keeper'])
      expect(roles, r).toContain(r);
    const tokenRoles = new Set(manifest.tokens.flatMap((t) => t.roles));
    for (const r of ['quote', 'launch', 'migrated', 'rug']) expect(tokenRoles, r).toContain(r);
    for (const file of manifest.files.prices) for (const raw of lines(dir, file)) priceLineSchema.parse(raw);
    expect(manifest.files.prices).toContain(`prices/${SOL_MINT}.jsonl.gz`);
  });

  it('open with the archive reader the replay server uses: signatures per wallet, accounts, prices', async () => {
    const reader = await ArchiveReader.open(a);
    try {
      expect(reader.transactionCount).toBe(1_500);
      const trader = reader.manifest.wallets.find((w) => w.roles.includes('trader'));
      expect(reader.signatures(trader?.address ?? '', { limit: 1_000 }).length).toBeGreaterThan(0);
      const curve = reader
        .accountLines()
        .find(
          (a) =>
            (a.value as { owner?: string } | null)?.owner === '6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P',
        );
      expect(curve).toBeDefined();
      expect(reader.priceMints()).toContain(SOL_MINT);
    } finally {
      await reader.close();
    }
  });

  it('write 1-minute candles that contain every trade price, with the trades’ SOL volume', () => {
    const dir = a;
    const manifest = manifestSchema.parse(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')));
    const sol = new Map<number, PriceLine>();
    for (const raw of lines(dir, `prices/${SOL_MINT}.jsonl.gz`)) {
      const c = priceLineSchema.parse(raw);
      sol.set(c.bucketStart, c);
    }
    const candles = new Map<string, PriceLine>();
    for (const file of manifest.files.prices) {
      for (const raw of lines(dir, file)) {
        const c = priceLineSchema.parse(raw);
        if (c.mint !== SOL_MINT) candles.set(`${c.mint}|${c.bucketStart}`, c);
      }
    }
    const volume = new Map<string, bigint>();
    let trades = 0;
    for (const file of manifest.files.transactions) {
      for (const raw of lines(dir, file)) {
        const line = transactionLineSchema.parse(raw);
        const decoded = decodeTransaction(parseRpcTransaction(line.result));
        for (const a of decoded.actions) {
          const e = a.event;
          if (e === null) continue;
          const trade = tradeOf(e.name, e.data, line.result);
          if (trade === null) continue;
          const [mint, lamports, tokens] = trade;
          const bucket =
            (line.blockTime ?? 0) - (((line.blockTime ?? 0) - (manifest.timeRange?.fromTime ?? 0)) % 60);
          const solUsd = toScaled(sol.get(bucket)?.close ?? 'NaN', 6);
          const price = (lamports * solUsd * 1_000_000_000n) / tokens;
          const candle = candles.get(`${mint}|${bucket}`);
          expect(candle, `${mint} ${bucket}`).toBeDefined();
          expect(toScaled(candle!.low, 18) <= price && price <= toScaled(candle!.high, 18)).toBe(true);
          volume.set(
            `${mint}|${bucket}`,
            (volume.get(`${mint}|${bucket}`) ?? 0n) + lamports * solUsd * 1_000n,
          );
          trades += 1;
        }
      }
    }
    expect(trades).toBeGreaterThan(1_000);
    expect(volume.size).toBe(candles.size);
    for (const [key, v] of volume) expect(toScaled(candles.get(key)!.volumeUsd, 18), key).toBe(v);
  });
});

/** (mint, SOL at the curve or pool, tokens) of a pump.fun or PumpSwap trade event. */
function tradeOf(
  name: string,
  d: Readonly<Record<string, unknown>>,
  result: Record<string, unknown>,
): [string, bigint, bigint] | null {
  if (name === 'TradeEvent')
    return [eventText(d, 'mint'), eventInteger(d, 'solAmount'), eventInteger(d, 'tokenAmount')];
  if (name !== 'BuyEvent' && name !== 'SellEvent') return null;
  const mint = poolMint(result, eventText(d, 'userBaseTokenAccount'));
  if (name === 'BuyEvent') return [mint, eventInteger(d, 'quoteAmountIn'), eventInteger(d, 'baseAmountOut')];
  return [mint, eventInteger(d, 'quoteAmountOut'), eventInteger(d, 'baseAmountIn')];
}

/** The pump token of a PumpSwap event: the mint of the user's base account in the token balances. */
function poolMint(result: Record<string, unknown>, account: string): string {
  const keys = (result.transaction as { message: { accountKeys: string[] } }).message.accountKeys;
  const meta = result.meta as { postTokenBalances: { accountIndex: number; mint: string }[] };
  const b = meta.postTokenBalances.find((x) => keys[x.accountIndex] === account);
  return b?.mint ?? '';
}
