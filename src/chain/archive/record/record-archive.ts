import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { OofError } from '../../../core/errors/oof-error.ts';
import type { ArchiveManifest } from '../archive-manifest.ts';
import { ArchiveReader } from '../archive-reader.ts';
import { recoverSwap, swapArchive } from './archive-swap.ts';
import { writeRecordedArchive } from './write-recorded-archive.ts';
import { RecordStaging } from './record-staging.ts';
import type { ListedSignature, RecordSource } from './record-source.ts';

export interface RecordOptions {
  /** The wallet or program whose history is recorded. */
  readonly address: string;
  readonly role: 'wallet' | 'program';
  readonly out: string;
  /** Newest signatures to record at most. */
  readonly limit?: number;
  /** Record only what is newer than this signature (exclusive). */
  readonly since?: string;
  /** getTransaction calls in flight. */
  readonly concurrency?: number;
  readonly gzip?: boolean;
  readonly createdBy: string;
  readonly network?: string;
  readonly onProgress?: (stage: 'listing' | 'fetching', done: number, total: number) => void;
}

export interface RecordReport {
  readonly listed: number;
  /** Listed signatures the folder already held (from an earlier or interrupted run): not fetched again. */
  readonly alreadyRecorded: number;
  readonly fetched: number;
  /** Listed signatures the node answered `null` for (not available yet, or pruned). */
  readonly missing: readonly string[];
  readonly manifest: ArchiveManifest;
}

/**
 * `oof record`: an address's history from a live node into a chain archive. Signatures are listed newest
 * first (`until` = since), each transaction not yet in the folder is fetched once and staged on disk as it
 * arrives, then the archive is rewritten in chain order next to the old one and swapped in. Resumable: a
 * rerun (or a run after a crash) fetches only what the folder does not hold yet.
 */
export async function recordArchive(source: RecordSource, options: RecordOptions): Promise<RecordReport> {
  const scratch = join(options.out, '.record');
  const next = join(scratch, 'next');
  recoverSwap(options.out, next);
  const existing = existsSync(join(options.out, 'manifest.json'))
    ? await ArchiveReader.open(options.out)
    : null;
  if (existing !== null && existing.manifest.source !== 'recorded') {
    await existing.close();
    throw new OofError(
      'ARCHIVE_OUTPUT_EXISTS',
      `${options.out} holds a ${existing.manifest.source} archive; record into a new folder or into an archive \`oof record\` wrote.`,
      { dir: options.out },
    );
  }
  const staging = await RecordStaging.open(scratch);
  try {
    const listed = await listHistory(source, options);
    const known = (s: string): boolean => existing?.ordinalOf(s) !== undefined || staging.staged.has(s);
    const toFetch = listed.filter((s) => !known(s.signature));
    const missing = await fetchAll(source, staging, toFetch, options);
    const account = await source.getAccountInfo(options.address);
    const manifest = await writeRecordedArchive({
      dir: next,
      existing,
      staging,
      listed,
      address: options.address,
      role: options.role,
      account: {
        address: options.address,
        slot: account.slot.toString(),
        encoding: 'base64',
        value: account.value,
      },
      gzip: options.gzip ?? false,
      createdBy: options.createdBy,
      network: options.network ?? 'mainnet-beta',
    });
    await existing?.close();
    await staging.close();
    swapArchive(options.out, next);
    rmSync(scratch, { recursive: true, force: true });
    return {
      listed: listed.length,
      alreadyRecorded: listed.length - toFetch.length,
      fetched: toFetch.length - missing.length,
      missing,
      manifest,
    };
  } finally {
    await existing?.close();
    await staging.close();
  }
}

async function listHistory(source: RecordSource, options: RecordOptions): Promise<ListedSignature[]> {
  const listed: ListedSignature[] = [];
  const limit = options.limit ?? Infinity;
  if (limit <= 0) return listed;
  for await (const s of source.listSignatures(
    options.address,
    options.since === undefined ? {} : { until: options.since },
  )) {
    listed.push(s);
    if (listed.length % 1000 === 0) options.onProgress?.('listing', listed.length, 0);
    if (listed.length >= limit) break;
  }
  options.onProgress?.('listing', listed.length, listed.length);
  return listed;
}

/** getTransaction for every signature, `concurrency` at a time, each staged as soon as it arrives. */
async function fetchAll(
  source: RecordSource,
  staging: RecordStaging,
  signatures: readonly ListedSignature[],
  options: RecordOptions,
): Promise<string[]> {
  const missing: string[] = [];
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < signatures.length) {
      const s = signatures[next++] as ListedSignature;
      const fetched = await source.getTransaction(s.signature);
      if (fetched === null) missing.push(s.signature);
      else {
        const result = fetched.result;
        const slot =
          typeof result.slot === 'number' || typeof result.slot === 'bigint' ? BigInt(result.slot) : s.slot;
        const blockTime = typeof result.blockTime === 'number' ? result.blockTime : s.blockTime;
        await staging.append({
          signature: s.signature,
          slot: slot.toString(),
          blockTime,
          encoding: fetched.encoding,
          result,
        });
      }
      options.onProgress?.('fetching', ++done, signatures.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 8) }, worker));
  return missing.sort();
}
