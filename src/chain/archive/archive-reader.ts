import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import { parseJsonExact } from '../../decoder/input/parse-json-exact.ts';
import type { AddressIndex } from './address-index.ts';
import { parseLine } from './archive-line-parse.ts';
import {
  logLineSchema,
  priceLineSchema,
  transactionLineSchema,
  type AccountLine,
  type LogLine,
  type PriceLine,
  type TransactionLine,
} from './archive-lines.ts';
import type { ArchiveManifest } from './archive-manifest.ts';
import { buildArchiveIndex, partPath, readManifest, type ArchiveIndex } from './build-archive-index.ts';
import { LineFiles, plainCopyOf, scanLines } from './jsonl-source.ts';
import { logLineOf } from './log-line-of.ts';
import { signaturePage, type Cursor } from './signature-page.ts';
import type { IndexedTransaction, TransactionIndex } from './transaction-index.ts';

/** A getSignaturesForAddress entry as the node returns it. */
export interface SignatureEntry {
  readonly signature: string;
  readonly slot: number;
  readonly err: unknown;
  readonly memo: string | null;
  readonly blockTime: number | null;
  readonly confirmationStatus: 'finalized';
}

export interface SignatureQuery {
  readonly before?: string;
  readonly until?: string;
  readonly limit: number;
}

export interface OpenArchiveOptions {
  /** Called every few thousand transactions while the index is built. */
  readonly onProgress?: (indexed: number, total: number) => void;
}

/**
 * A chain archive opened for reading. Opening reads every transaction line once to index it (signature →
 * file/offset, slot, time, error, and the accounts each loads); bodies stay on disk and are read back by
 * offset on demand. gzip parts are inflated once into a temporary folder that `close()` removes.
 */
export class ArchiveReader {
  private readonly index: TransactionIndex;
  private readonly addresses: AddressIndex;

  private constructor(
    readonly dir: string,
    readonly manifest: ArchiveManifest,
    private readonly built: ArchiveIndex,
    private readonly lineFiles: LineFiles,
    private readonly tempDir: string | null,
  ) {
    this.index = built.index;
    this.addresses = built.addresses;
  }

  static async open(dir: string, options: OpenArchiveOptions = {}): Promise<ArchiveReader> {
    const manifest = readManifest(dir);
    let tempDir: string | null = null;
    const temp = (): string => (tempDir ??= mkdtempSync(join(tmpdir(), 'oof-archive-')));
    try {
      const built = await buildArchiveIndex(dir, manifest, temp, options.onProgress);
      return new ArchiveReader(dir, manifest, built, new LineFiles(), tempDir);
    } catch (e) {
      if (tempDir !== null) rmSync(tempDir, { recursive: true, force: true });
      throw e;
    }
  }

  get transactionCount(): number {
    return this.index.size;
  }

  /** The newest slot of the archive: what `getSlot` answers. */
  get lastSlot(): bigint | null {
    const slot = this.index.lastSlot;
    if (slot !== null) return BigInt(slot);
    return this.manifest.timeRange === null ? null : BigInt(this.manifest.timeRange.toSlot);
  }

  ordinalOf(signature: string): number | undefined {
    return this.index.ordinalOf(signature);
  }

  indexed(ordinal: number): IndexedTransaction {
    return this.index.get(ordinal);
  }

  blockTimeOfSlot(slot: number): number | null | undefined {
    return this.index.blockTimeOfSlot(slot);
  }

  /** The stored line text of a transaction, exactly as written. */
  async transactionText(ordinal: number): Promise<string> {
    const t = this.index.get(ordinal);
    return this.lineFiles.read(t.file, t.offset, t.length);
  }

  /** The stored line of a transaction, u64 exact. */
  async transaction(ordinal: number): Promise<TransactionLine> {
    const t = this.index.get(ordinal);
    return parseLine(
      transactionLineSchema,
      await this.transactionText(ordinal),
      t.file,
      null,
      parseJsonExact,
    );
  }

  /** Every transaction line in chain order, read sequentially (u64 exact). */
  async *transactions(): AsyncGenerator<TransactionLine & { readonly ordinal: number }, void, undefined> {
    let ordinal = 0;
    for (const file of this.built.plainFiles) {
      for await (const line of scanLines(file)) {
        yield { ...parseLine(transactionLineSchema, line.text, file, line.number, parseJsonExact), ordinal };
        ordinal += 1;
      }
    }
  }

  /** A getSignaturesForAddress page (see signature-page.ts for the node's cursor rules). */
  signatures(address: string, query: SignatureQuery): SignatureEntry[] {
    const cursor = (signature: string | undefined): Cursor =>
      signature === undefined ? 'absent' : (this.index.ordinalOf(signature) ?? 'unknown');
    const page = signaturePage(
      this.addresses.ordinals(address),
      cursor(query.before),
      cursor(query.until),
      query.limit,
    );
    return page.map((ordinal) => {
      const t = this.index.get(ordinal);
      return {
        signature: t.signature,
        slot: t.slot,
        err: t.err,
        memo: this.built.memos.get(ordinal) ?? null,
        blockTime: t.blockTime,
        confirmationStatus: 'finalized',
      };
    });
  }

  /** Addresses whose history comes from the signatures files (the rest is derived from account keys). */
  addressesWithSignatureFiles(): readonly string[] {
    return this.built.covered;
  }

  /** Whether the transaction at `ordinal` loads `address` (the node's `mentions` rule). */
  mentions(address: string, ordinal: number): boolean {
    return this.addresses.has(address, ordinal);
  }

  account(address: string): AccountLine | undefined {
    return this.built.accounts.get(address);
  }

  accountLines(): AccountLine[] {
    return [...this.built.accounts.values()];
  }

  get hasLogFiles(): boolean {
    return this.manifest.files.logs.length > 0;
  }

  /** The logsNotifications to deliver, in order: the logs files, or one per transaction when there are none. */
  async *logs(): AsyncGenerator<LogLine, void, undefined> {
    if (!this.hasLogFiles) {
      for await (const tx of this.transactions()) yield logLineOf(tx.signature, tx.slot, tx.result);
      return;
    }
    yield* this.readParts(this.manifest.files.logs, logLineSchema);
  }

  /** Candles of one mint, as stored. */
  async *prices(mint: string): AsyncGenerator<PriceLine, void, undefined> {
    const files = this.manifest.files.prices.filter(
      (f) => f === `prices/${mint}.jsonl` || f === `prices/${mint}.jsonl.gz`,
    );
    yield* this.readParts(files, priceLineSchema);
  }

  priceMints(): string[] {
    return this.manifest.files.prices.map((f) => f.replace(/^prices\//, '').replace(/\.jsonl(\.gz)?$/, ''));
  }

  async close(): Promise<void> {
    await this.lineFiles.close();
    if (this.tempDir !== null) rmSync(this.tempDir, { recursive: true, force: true });
  }

  private async *readParts<S extends z.ZodType>(
    files: readonly string[],
    schema: S,
  ): AsyncGenerator<z.output<S>> {
    let extra: string | null = null;
    try {
      for (const name of files) {
        const plain = await plainCopyOf(
          partPath(this.dir, name),
          () => (extra ??= mkdtempSync(join(tmpdir(), 'oof-archive-'))),
          name,
        );
        for await (const line of scanLines(plain))
          yield parseLine(schema, line.text, name, line.number, parseJsonExact);
      }
    } finally {
      if (extra !== null) rmSync(extra, { recursive: true, force: true });
    }
  }
}
