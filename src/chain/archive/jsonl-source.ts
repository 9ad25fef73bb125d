import { createReadStream, createWriteStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { OofError } from '../../core/errors/oof-error.ts';

/** One line of a JSON Lines file and where its bytes are, so a reader can come back for it later. */
export interface ScannedLine {
  readonly text: string;
  /** 1-based, for error messages. */
  readonly number: number;
  readonly offset: number;
  readonly length: number;
}

const CHUNK_BYTES = 4 << 20;
const NEWLINE = 0x0a;

/**
 * Every non-empty line of an uncompressed JSON Lines file with its byte offset, read in 4 MiB chunks
 * (readline gives no offsets). A trailing line without a newline counts; `\r\n` endings are accepted.
 */
export async function* scanLines(path: string): AsyncGenerator<ScannedLine, void, undefined> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK_BYTES);
    let carry: Buffer = Buffer.alloc(0);
    let carryOffset = 0;
    let position = 0;
    let number = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, position);
      if (bytesRead === 0) break;
      const chunk =
        carry.length > 0
          ? Buffer.concat([carry, buffer.subarray(0, bytesRead)])
          : buffer.subarray(0, bytesRead);
      const chunkOffset = carry.length > 0 ? carryOffset : position;
      position += bytesRead;
      let start = 0;
      for (let i = chunk.indexOf(NEWLINE); i >= 0; i = chunk.indexOf(NEWLINE, start)) {
        number += 1;
        const line = lineAt(chunk, start, i, chunkOffset, number);
        if (line !== null) yield line;
        start = i + 1;
      }
      // Copy: `buffer` is reused by the next read.
      carry = Buffer.from(chunk.subarray(start));
      carryOffset = chunkOffset + start;
    }
    if (carry.length > 0) {
      const line = lineAt(carry, 0, carry.length, carryOffset, number + 1);
      if (line !== null) yield line;
    }
  } finally {
    await handle.close();
  }
}

function lineAt(
  chunk: Buffer,
  start: number,
  end: number,
  chunkOffset: number,
  number: number,
): ScannedLine | null {
  let stop = end;
  if (stop > start && chunk[stop - 1] === 0x0d) stop -= 1;
  const text = chunk.toString('utf8', start, stop);
  if (text.trim() === '') return null;
  return { text, number, offset: chunkOffset + start, length: stop - start };
}

/**
 * A part file ready for random access: a `.gz` part is inflated once into `tempDir` (gzip has no random
 * access; the temporary copy costs disk, not memory), a plain part is used in place.
 */
export async function plainCopyOf(path: string, tempDir: () => string, name: string): Promise<string> {
  if (!path.endsWith('.gz')) return path;
  const target = join(tempDir(), basename(name.replaceAll('/', '_'), '.gz'));
  try {
    await pipeline(createReadStream(path), createGunzip(), createWriteStream(target));
  } catch (cause) {
    throw new OofError(
      'ARCHIVE_INVALID',
      `${path} is not a readable gzip file (${(cause as Error).message}); the archive is damaged, write it again.`,
      { file: path },
      cause,
    );
  }
  return target;
}

/** Reads line bytes back by offset; one open handle per file. */
export class LineFiles {
  private readonly handles = new Map<string, Promise<FileHandle>>();

  async read(path: string, offset: number, length: number): Promise<string> {
    let handle = this.handles.get(path);
    if (handle === undefined) {
      handle = open(path, 'r');
      this.handles.set(path, handle);
    }
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await (await handle).read(buffer, 0, length, offset);
    if (bytesRead !== length) {
      throw new OofError(
        'ARCHIVE_INVALID',
        `${path} changed while the archive was open (short read at ${offset}).`,
        {
          file: path,
        },
      );
    }
    return buffer.toString('utf8');
  }

  async close(): Promise<void> {
    const handles = [...this.handles.values()];
    this.handles.clear();
    for (const h of handles) await (await h).close();
  }
}
