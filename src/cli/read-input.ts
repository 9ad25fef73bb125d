import { createReadStream, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { OofError } from '../core/errors/oof-error.ts';

/** Reads a file (or stdin for `-`) as UTF-8, refusing more than `maxBytes` before buffering it all. */
export async function readInput(file: string, maxBytes: number): Promise<string> {
  if (file !== '-') {
    let size: number;
    try {
      size = statSync(file).size;
    } catch (cause) {
      throw new OofError('INPUT_EMPTY', `Cannot read ${file}: ${(cause as Error).message}`, { file }, cause);
    }
    if (size > maxBytes) {
      throw new OofError(
        'INPUT_TOO_LARGE',
        `${file} is ${(size / 1024 / 1024).toFixed(1)} MiB, above the ${(maxBytes / 1024 / 1024).toFixed(0)} MiB limit. ` +
          'Split it into smaller files, or raise the limit with --max-bytes.',
        { file, size, maxBytes },
      );
    }
  }
  const stream: Readable = file === '-' ? process.stdin : createReadStream(file);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buf = chunk as Buffer;
    total += buf.length;
    if (total > maxBytes) {
      stream.destroy();
      throw new OofError(
        'INPUT_TOO_LARGE',
        `Input exceeds the ${(maxBytes / 1024 / 1024).toFixed(0)} MiB limit. Split it, or raise the limit with --max-bytes.`,
        { maxBytes },
      );
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}
