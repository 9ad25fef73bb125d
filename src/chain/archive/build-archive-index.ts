import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OofError } from '../../core/errors/oof-error.ts';
import { parseJsonExact } from '../../decoder/input/parse-json-exact.ts';
import { AddressIndex } from './address-index.ts';
import { archiveInvalid, parseJsonLine, parseLine } from './archive-line-parse.ts';
import {
  accountLineSchema,
  signatureLineSchema,
  transactionLineSchema,
  type AccountLine,
} from './archive-lines.ts';
import { manifestSchema, type ArchiveManifest } from './archive-manifest.ts';
import { plainCopyOf, scanLines } from './jsonl-source.ts';
import { transactionAccounts, transactionError } from './transaction-accounts.ts';
import { TransactionIndex } from './transaction-index.ts';

export interface ArchiveIndex {
  readonly index: TransactionIndex;
  readonly addresses: AddressIndex;
  /** Plain (inflated) transaction parts, in order. */
  readonly plainFiles: readonly string[];
  readonly memos: ReadonlyMap<number, string>;
  /** Addresses whose history comes from signatures files. */
  readonly covered: readonly string[];
  readonly accounts: ReadonlyMap<string, AccountLine>;
}

// How our writer starts every transaction line: when a line starts so and has exactly these five keys, its
// `result` is the text between this prefix and the final brace, and can be served without re-encoding.
const CANONICAL_PREFIX =
  /^\{"signature":"[1-9A-HJ-NP-Za-km-z]{32,88}","slot":"\d{1,20}","blockTime":(?:-?\d+|null),"encoding":"(?:json|jsonParsed)","result":/;
const LINE_KEYS = 'signature,slot,blockTime,encoding,result';

export function readManifest(dir: string): ArchiveManifest {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) {
    throw new OofError(
      'ARCHIVE_NOT_FOUND',
      `${dir} is not a chain archive (no manifest.json). Build one with \`oof build-archive\`, \`oof record\` or \`oof simulate\`.`,
      { dir },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw archiveInvalid('manifest.json', null, `not JSON (${(e as Error).message})`);
  }
  return parseLine(manifestSchema, json, 'manifest.json', null, (v) => v);
}

/**
 * Reads every transaction line once (JSON.parse: the index needs no exact u64) and indexes it: where it
 * is, slot, time, error, version, and every account it loads; then the signatures files and the accounts.
 */
export async function buildArchiveIndex(
  dir: string,
  manifest: ArchiveManifest,
  temp: () => string,
  onProgress?: (indexed: number, total: number) => void,
): Promise<ArchiveIndex> {
  const index = new TransactionIndex();
  const addresses = new AddressIndex();
  const plainFiles: string[] = [];
  for (const name of manifest.files.transactions) {
    const plain = await plainCopyOf(partPath(dir, name), temp, name);
    plainFiles.push(plain);
    for await (const line of scanLines(plain)) {
      const raw = parseJsonLine(line.text, name, line.number, JSON.parse);
      const tx = parseLine(transactionLineSchema, raw, name, line.number, JSON.parse);
      const transaction = tx.result.transaction as {
        signatures?: unknown[];
        message?: { accountKeys?: unknown[] };
      };
      const first = transaction?.signatures?.[0];
      if (first !== tx.signature) {
        throw archiveInvalid(
          name,
          line.number,
          `result is the transaction ${String(first)}, not ${tx.signature}`,
        );
      }
      if ((typeof transaction.message?.accountKeys?.[0] === 'object') !== (tx.encoding === 'jsonParsed')) {
        throw archiveInvalid(
          name,
          line.number,
          `encoding says ${tx.encoding} but the account keys say otherwise`,
        );
      }
      const prefix = CANONICAL_PREFIX.exec(line.text);
      const canonical =
        prefix !== null && line.text.endsWith('}') && Object.keys(raw as object).join(',') === LINE_KEYS;
      const version = tx.result.version;
      const ordinal = index.add({
        signature: tx.signature,
        slot: safeSlot(tx.slot, name, line.number),
        blockTime: tx.blockTime,
        err: transactionError(tx.result),
        encoding: tx.encoding,
        version: version === 'legacy' || typeof version === 'number' ? version : null,
        file: plain,
        offset: line.offset,
        length: line.length,
        resultStart: canonical ? prefix[0].length : 0,
      });
      for (const account of transactionAccounts(tx.result)) addresses.add(account, ordinal);
      if (ordinal % 5000 === 4999) onProgress?.(ordinal + 1, manifest.counts.transactions);
    }
  }
  onProgress?.(index.size, manifest.counts.transactions);
  const { memos, covered } = await readSignatures(dir, manifest, index, addresses, temp);
  return { index, addresses, plainFiles, memos, covered, accounts: await readAccounts(dir, temp) };
}

async function readSignatures(
  dir: string,
  manifest: ArchiveManifest,
  index: TransactionIndex,
  addresses: AddressIndex,
  temp: () => string,
): Promise<{ memos: Map<number, string>; covered: string[] }> {
  const memos = new Map<number, string>();
  const byAddress = new Map<string, number[]>();
  for (const name of manifest.files.signatures) {
    for await (const line of scanLines(await plainCopyOf(partPath(dir, name), temp, name))) {
      const s = parseLine(signatureLineSchema, line.text, name, line.number, JSON.parse);
      const ordinal = index.ordinalOf(s.signature);
      // An entry without its transaction cannot be served by getTransaction; a node would not list it.
      if (ordinal === undefined) continue;
      const list = byAddress.get(s.address) ?? [];
      list.push(ordinal);
      byAddress.set(s.address, list);
      if (s.memo !== null) memos.set(ordinal, s.memo);
    }
  }
  for (const [address, ordinals] of byAddress) addresses.replace(address, ordinals);
  return { memos, covered: [...byAddress.keys()].sort() };
}

async function readAccounts(dir: string, temp: () => string): Promise<Map<string, AccountLine>> {
  const accounts = new Map<string, AccountLine>();
  for (const name of ['accounts.jsonl', 'accounts.jsonl.gz']) {
    if (!existsSync(join(dir, name))) continue;
    for await (const line of scanLines(await plainCopyOf(join(dir, name), temp, name))) {
      const a = parseLine(accountLineSchema, line.text, name, line.number, parseJsonExact);
      const held = accounts.get(a.address);
      if (held === undefined || BigInt(held.slot) <= BigInt(a.slot)) accounts.set(a.address, a);
    }
  }
  return accounts;
}

export function partPath(dir: string, name: string): string {
  if (name.includes('..') || name.startsWith('/')) {
    throw archiveInvalid('manifest.json', null, `file ${name} is outside the archive`);
  }
  const path = join(dir, name);
  if (!existsSync(path)) throw archiveInvalid('manifest.json', null, `lists ${name}, which does not exist`);
  return path;
}

function safeSlot(slot: string, file: string, lineNumber: number): number {
  const n = Number(slot);
  // Mainnet is near slot 4e8; 2^53 is decades of slots away, so a larger value is a corrupt line.
  if (!Number.isSafeInteger(n)) throw archiveInvalid(file, lineNumber, `slot ${slot} is out of range`);
  return n;
}
