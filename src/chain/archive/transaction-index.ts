import { OofError } from '../../core/errors/oof-error.ts';
import type { TransactionEncoding } from './archive-lines.ts';

/** What the index knows of one archived transaction without reading its body. */
export interface IndexedTransaction {
  readonly ordinal: number;
  readonly signature: string;
  readonly slot: number;
  readonly blockTime: number | null;
  readonly err: unknown;
  readonly encoding: TransactionEncoding;
  /** `version` of the result: 'legacy', 0, or null when the result has none (fetched without opting in). */
  readonly version: 'legacy' | number | null;
  /**
   * Where `result` starts inside a line written in the canonical key order (its text is then
   * `line.slice(resultStart, -1)`, served byte for byte); 0 for other lines, which are parsed.
   */
  readonly resultStart: number;
  /** Plain (inflated) part file, byte offset and length of the line. */
  readonly file: string;
  readonly offset: number;
  readonly length: number;
}

/**
 * The transactions of an archive in chain order (ordinal = position), with where each line is, so bodies
 * are read from disk on demand and never held in memory. Parallel arrays instead of one object per
 * transaction: millions of entries stay compact.
 */
export class TransactionIndex {
  private readonly signatures: string[] = [];
  private readonly slots: number[] = [];
  private readonly blockTimes: (number | null)[] = [];
  private readonly parsed: boolean[] = [];
  /** -2 no version field, -1 'legacy', else the version number. */
  private readonly versions: number[] = [];
  private readonly resultStarts: number[] = [];
  private readonly fileIds: number[] = [];
  private readonly offsets: number[] = [];
  private readonly lengths: number[] = [];
  private readonly files: string[] = [];
  private readonly errors = new Map<number, unknown>();
  private readonly bySignature = new Map<string, number>();

  add(entry: Omit<IndexedTransaction, 'ordinal'>): number {
    const ordinal = this.signatures.length;
    if (this.bySignature.has(entry.signature)) {
      throw new OofError(
        'ARCHIVE_INVALID',
        `Transaction ${entry.signature} appears twice in the archive (${entry.file}); each appears once. Rebuild the archive.`,
        { signature: entry.signature, file: entry.file },
      );
    }
    const previous = this.slots[ordinal - 1];
    if (previous !== undefined && entry.slot < previous) {
      throw new OofError(
        'ARCHIVE_INVALID',
        `Transaction ${entry.signature} (slot ${entry.slot}) follows slot ${previous} in ${entry.file}: ` +
          'transactions must be in chain order. Rebuild the archive.',
        { signature: entry.signature, file: entry.file },
      );
    }
    let fileId = this.files.lastIndexOf(entry.file);
    if (fileId < 0) fileId = this.files.push(entry.file) - 1;
    this.signatures.push(entry.signature);
    this.slots.push(entry.slot);
    this.blockTimes.push(entry.blockTime);
    this.parsed.push(entry.encoding === 'jsonParsed');
    this.versions.push(entry.version === null ? -2 : entry.version === 'legacy' ? -1 : entry.version);
    this.resultStarts.push(entry.resultStart);
    this.fileIds.push(fileId);
    this.offsets.push(entry.offset);
    this.lengths.push(entry.length);
    if (entry.err !== null && entry.err !== undefined) this.errors.set(ordinal, entry.err);
    this.bySignature.set(entry.signature, ordinal);
    return ordinal;
  }

  get size(): number {
    return this.signatures.length;
  }

  ordinalOf(signature: string): number | undefined {
    return this.bySignature.get(signature);
  }

  get(ordinal: number): IndexedTransaction {
    const signature = this.signatures[ordinal];
    if (signature === undefined) {
      throw new OofError('INVARIANT_BROKEN', `No archived transaction at position ${ordinal}.`);
    }
    return {
      ordinal,
      signature,
      slot: this.slots[ordinal] as number,
      blockTime: this.blockTimes[ordinal] ?? null,
      err: this.errors.get(ordinal) ?? null,
      encoding: this.parsed[ordinal] === true ? 'jsonParsed' : 'json',
      version: versionOf(this.versions[ordinal] as number),
      resultStart: this.resultStarts[ordinal] as number,
      file: this.files[this.fileIds[ordinal] as number] as string,
      offset: this.offsets[ordinal] as number,
      length: this.lengths[ordinal] as number,
    };
  }

  slotOf(ordinal: number): number | undefined {
    return this.slots[ordinal];
  }

  blockTimeOf(ordinal: number): number | null {
    return this.blockTimes[ordinal] ?? null;
  }

  /** The block time of a slot the archive holds a transaction of; undefined for other slots. */
  blockTimeOfSlot(slot: number): number | null | undefined {
    let lo = 0;
    let hi = this.slots.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.slots[mid] as number) < slot) lo = mid + 1;
      else hi = mid;
    }
    if (this.slots[lo] !== slot) return undefined;
    // Any transaction of the block carries the block's time; the first that has one answers.
    for (let i = lo; i < this.slots.length && this.slots[i] === slot; i++) {
      const t = this.blockTimes[i];
      if (t !== null && t !== undefined) return t;
    }
    return null;
  }

  get lastSlot(): number | null {
    return this.slots[this.slots.length - 1] ?? null;
  }
}

function versionOf(code: number): 'legacy' | number | null {
  return code === -2 ? null : code === -1 ? 'legacy' : code;
}
