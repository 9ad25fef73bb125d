import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { dirname } from 'node:path';
import { constants, createGzip, type Gzip } from 'node:zlib';
import { OofError } from '../../core/errors/oof-error.ts';

/**
 * One append-only JSON Lines file, optionally gzip-compressed, written through a buffer so millions of
 * lines cost a few thousand syscalls. gzip at a fixed level with no name or mtime in the header: the same
 * lines always give the same bytes.
 */
export class JsonlFileWriter {
  private readonly file: WriteStream;
  private readonly gzip: Gzip | null;
  private buffer: string[] = [];
  private bufferedChars = 0;
  private failure: Error | null = null;
  lines = 0;

  constructor(
    readonly path: string,
    compress: boolean,
  ) {
    mkdirSync(dirname(path), { recursive: true });
    this.file = createWriteStream(path);
    this.file.on('error', (e) => (this.failure = e));
    this.gzip = compress ? createGzip({ level: 6, strategy: constants.Z_DEFAULT_STRATEGY }) : null;
    if (this.gzip !== null) {
      this.gzip.on('error', (e) => (this.failure = e));
      this.gzip.pipe(this.file);
    }
  }

  async write(text: string): Promise<void> {
    this.buffer.push(text, '\n');
    this.bufferedChars += text.length + 1;
    this.lines += 1;
    if (this.bufferedChars >= FLUSH_CHARS) await this.flush();
  }

  async close(): Promise<void> {
    await this.flush();
    const sink = this.gzip ?? this.file;
    sink.end();
    if (!this.file.closed) await once(this.file, 'close');
    this.check();
  }

  private async flush(): Promise<void> {
    this.check();
    if (this.buffer.length === 0) return;
    const chunk = this.buffer.join('');
    this.buffer = [];
    this.bufferedChars = 0;
    const sink = this.gzip ?? this.file;
    if (!sink.write(chunk)) await once(sink, 'drain');
    this.check();
  }

  private check(): void {
    if (this.failure !== null) {
      throw new OofError(
        'ARCHIVE_WRITE_FAILED',
        `Cannot write ${this.path}: ${this.failure.message}. Check the folder is writable and the disk has room.`,
        { file: this.path },
        this.failure,
      );
    }
  }
}

const FLUSH_CHARS = 1 << 20;
