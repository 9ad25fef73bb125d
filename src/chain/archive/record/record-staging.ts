import { existsSync, mkdirSync, truncateSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { transactionLineSchema, type TransactionLine } from '../archive-lines.ts';
import { parseJsonExact } from '../../../decoder/input/parse-json-exact.ts';
import { stringifyExact } from '../json-text.ts';
import { LineFiles, scanLines } from '../jsonl-source.ts';

/** Where a staged transaction line is. */
export interface StagedTransaction {
  readonly signature: string;
  readonly slot: bigint;
  readonly offset: number;
  readonly length: number;
}

/**
 * The recorder's crash-safe scratch file: every fetched transaction is appended as an archive line the
 * moment it arrives, so an interrupted `oof record` resumes without fetching anything twice. A torn last
 * line (a crash mid-write) is cut off when the file is reopened.
 */
export class RecordStaging {
  readonly staged = new Map<string, StagedTransaction>();
  private handle: FileHandle | null = null;
  private size = 0;
  private writing: Promise<void> = Promise.resolve();
  private readonly reader = new LineFiles();

  private constructor(readonly path: string) {}

  static async open(dir: string): Promise<RecordStaging> {
    mkdirSync(dir, { recursive: true });
    const staging = new RecordStaging(join(dir, 'transactions.jsonl'));
    if (existsSync(staging.path)) {
      let end = 0;
      for await (const line of scanLines(staging.path)) {
        const parsed = transactionLineSchema.safeParse(safeJson(line.text));
        if (!parsed.success) break;
        staging.staged.set(parsed.data.signature, {
          signature: parsed.data.signature,
          slot: BigInt(parsed.data.slot),
          offset: line.offset,
          length: line.length,
        });
        end = line.offset + line.length + 1;
      }
      truncateSync(staging.path, end);
      staging.size = end;
    }
    staging.handle = await open(staging.path, 'a');
    return staging;
  }

  /** Appends one line; appends are serialized so offsets stay exact under concurrent fetches. */
  append(line: TransactionLine): Promise<void> {
    const text = stringifyExact(line);
    const next = this.writing.then(async () => {
      const bytes = Buffer.from(`${text}\n`, 'utf8');
      await (this.handle as FileHandle).write(bytes);
      this.staged.set(line.signature, {
        signature: line.signature,
        slot: BigInt(line.slot),
        offset: this.size,
        length: bytes.length - 1,
      });
      this.size += bytes.length;
    });
    this.writing = next.catch(() => undefined);
    return next;
  }

  async read(entry: StagedTransaction): Promise<TransactionLine> {
    await this.writing;
    return transactionLineSchema.parse(
      parseJsonExact(await this.reader.read(this.path, entry.offset, entry.length)),
    );
  }

  async close(): Promise<void> {
    await this.writing;
    await this.handle?.close();
    this.handle = null;
    await this.reader.close();
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
