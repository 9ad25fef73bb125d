import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OofError } from '../../core/errors/oof-error.ts';
import {
  accountLine,
  logLine,
  priceLine,
  signatureLine,
  transactionLine,
  type AccountLine,
  type LogLine,
  type PriceLine,
  type SignatureLine,
  type TransactionLine,
} from './archive-lines.ts';
import {
  ARCHIVE_FORMAT,
  ARCHIVE_VERSION,
  renderManifest,
  type ArchiveManifest,
  type ManifestDescription,
} from './archive-manifest.ts';
import { stringifyExact } from './json-text.ts';
import { JsonlFileWriter } from './jsonl-file-writer.ts';

export interface ArchiveWriterOptions {
  /** Write `.jsonl.gz` instead of `.jsonl`. */
  readonly gzip?: boolean;
  /** Lines per part file of transactions, signatures and logs. */
  readonly linesPerPart?: number;
}

type PartKind = 'transactions' | 'signatures' | 'logs';

/**
 * Streams a chain archive to disk in the documented layout. The caller hands transactions in chain order
 * (slot, then position in the block) and the writer refuses a step back, because readers and the replay
 * server rely on file order; accounts and candles are few, so they are held and written sorted at the end.
 * The manifest is written last: a folder without one is an unfinished archive.
 */
export class ArchiveWriter {
  private readonly parts = new Map<PartKind, { writer: JsonlFileWriter | null; files: string[] }>();
  private readonly accounts = new Map<string, AccountLine>();
  private readonly prices = new Map<string, PriceLine[]>();
  private readonly ext: string;
  private readonly linesPerPart: number;
  private readonly counts = { transactions: 0, failed: 0, signatures: 0, accounts: 0, logs: 0 };
  private lastSlot: bigint | null = null;
  private firstSlot: bigint | null = null;
  private fromTime: number | null = null;
  private toTime: number | null = null;
  private finished = false;

  private constructor(
    readonly dir: string,
    private readonly gzip: boolean,
    linesPerPart: number,
  ) {
    this.ext = gzip ? '.jsonl.gz' : '.jsonl';
    this.linesPerPart = linesPerPart;
    for (const kind of ['transactions', 'signatures', 'logs'] as const) {
      this.parts.set(kind, { writer: null, files: [] });
    }
  }

  /** Opens a writer on a folder that does not exist or is empty. */
  static create(dir: string, options: ArchiveWriterOptions = {}): ArchiveWriter {
    if (existsSync(dir) && readdirSync(dir).length > 0) {
      throw new OofError(
        'ARCHIVE_OUTPUT_EXISTS',
        `${dir} is not empty: write the archive to a new folder, or remove this one first.`,
        { dir },
      );
    }
    mkdirSync(dir, { recursive: true });
    return new ArchiveWriter(dir, options.gzip ?? false, options.linesPerPart ?? 100_000);
  }

  async addTransaction(line: TransactionLine): Promise<void> {
    const slot = BigInt(line.slot);
    if (this.lastSlot !== null && slot < this.lastSlot) {
      throw new OofError(
        'INVARIANT_BROKEN',
        `Transaction ${line.signature} at slot ${slot} comes after slot ${this.lastSlot}: an archive holds ` +
          'transactions in chain order; sort them by (slot, position in block) before writing.',
        { signature: line.signature },
      );
    }
    this.firstSlot ??= slot;
    this.lastSlot = slot;
    if (line.blockTime !== null) {
      this.fromTime = this.fromTime === null ? line.blockTime : Math.min(this.fromTime, line.blockTime);
      this.toTime = this.toTime === null ? line.blockTime : Math.max(this.toTime, line.blockTime);
    }
    const meta = line.result.meta as { err?: unknown } | null | undefined;
    if (meta?.err !== null && meta?.err !== undefined) this.counts.failed += 1;
    this.counts.transactions += 1;
    await this.append('transactions', stringifyExact(transactionLine(line)));
  }

  async addSignature(line: SignatureLine): Promise<void> {
    this.counts.signatures += 1;
    await this.append('signatures', stringifyExact(signatureLine(line)));
  }

  async addLog(line: LogLine): Promise<void> {
    this.counts.logs += 1;
    await this.append('logs', stringifyExact(logLine(line)));
  }

  /** The latest state per address wins (by slot, then by call order). */
  addAccount(line: AccountLine): void {
    const held = this.accounts.get(line.address);
    if (held === undefined || BigInt(held.slot) <= BigInt(line.slot)) this.accounts.set(line.address, line);
  }

  addPrice(line: PriceLine): void {
    const list = this.prices.get(line.mint) ?? [];
    list.push(line);
    this.prices.set(line.mint, list);
  }

  /** Closes every file and writes `manifest.json`; returns the manifest. */
  async finish(description: ManifestDescription): Promise<ArchiveManifest> {
    if (this.finished) throw new OofError('INVARIANT_BROKEN', 'ArchiveWriter.finish called twice.');
    this.finished = true;
    for (const part of this.parts.values()) await part.writer?.close();
    if (this.accounts.size > 0) {
      const file = new JsonlFileWriter(join(this.dir, `accounts${this.ext}`), this.gzip);
      for (const address of [...this.accounts.keys()].sort()) {
        await file.write(stringifyExact(accountLine(this.accounts.get(address) as AccountLine)));
      }
      await file.close();
      this.counts.accounts = this.accounts.size;
    }
    const priceFiles: string[] = [];
    for (const mint of [...this.prices.keys()].sort()) {
      const name = `prices/${mint}${this.ext}`;
      const file = new JsonlFileWriter(join(this.dir, name), this.gzip);
      const candles = (this.prices.get(mint) ?? []).sort(
        (a, b) =>
          a.bucketStart - b.bucketStart ||
          RESOLUTIONS.indexOf(a.resolution) - RESOLUTIONS.indexOf(b.resolution),
      );
      for (const c of candles) await file.write(stringifyExact(priceLine(c)));
      await file.close();
      priceFiles.push(name);
    }
    const manifest: ArchiveManifest = {
      format: ARCHIVE_FORMAT,
      version: ARCHIVE_VERSION,
      source: description.source,
      createdBy: description.createdBy,
      ...(description.seed === undefined ? {} : { seed: description.seed }),
      network: description.network,
      timeRange:
        this.firstSlot === null || this.lastSlot === null
          ? null
          : {
              fromSlot: this.firstSlot.toString(),
              toSlot: this.lastSlot.toString(),
              fromTime: this.fromTime,
              toTime: this.toTime,
            },
      wallets: [...description.wallets],
      tokens: [...description.tokens],
      programs: [...description.programs],
      counts: { ...this.counts },
      files: {
        transactions: this.filesOf('transactions'),
        signatures: this.filesOf('signatures'),
        logs: this.filesOf('logs'),
        prices: priceFiles,
      },
    };
    writeFileSync(join(this.dir, 'manifest.json'), renderManifest(manifest));
    return manifest;
  }

  private filesOf(kind: PartKind): string[] {
    return [...(this.parts.get(kind)?.files ?? [])];
  }

  private async append(kind: PartKind, text: string): Promise<void> {
    const part = this.parts.get(kind) as { writer: JsonlFileWriter | null; files: string[] };
    if (part.writer !== null && part.writer.lines >= this.linesPerPart) {
      await part.writer.close();
      part.writer = null;
    }
    if (part.writer === null) {
      const name = `${kind}/part-${String(part.files.length + 1).padStart(5, '0')}${this.ext}`;
      part.files.push(name);
      part.writer = new JsonlFileWriter(join(this.dir, name), this.gzip);
    }
    await part.writer.write(text);
  }
}

const RESOLUTIONS = ['1m', '5m', '1h'];
