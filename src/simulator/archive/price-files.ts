import { createReadStream, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { PriceLine } from '../../chain/archive/archive-lines.ts';
import { priceLine } from '../../chain/archive/archive-lines.ts';
import { stringifyExact } from '../../chain/archive/json-text.ts';
import { JsonlFileWriter } from '../../chain/archive/jsonl-file-writer.ts';

/** Open price files per pass: well under a process's file-descriptor limit. */
const FILES_PER_PASS = 200;

/**
 * `prices/<mint>.jsonl[.gz]` for any number of mints without holding candles in memory: candles are appended
 * to one spill file as they close (time order within each mint), then split per mint in passes of at most
 * 200 open files, each pass re-reading the spill. Returns the price files, sorted.
 */
export class PriceFiles {
  private readonly spill: JsonlFileWriter;
  private readonly mints = new Set<string>();

  constructor(
    private readonly dir: string,
    private readonly gzip: boolean,
  ) {
    this.spill = new JsonlFileWriter(join(dir, '.prices-spill.jsonl'), false);
  }

  async add(line: PriceLine): Promise<void> {
    this.mints.add(line.mint);
    await this.spill.write(stringifyExact(priceLine(line)));
  }

  async finish(): Promise<string[]> {
    await this.spill.close();
    const ext = this.gzip ? '.jsonl.gz' : '.jsonl';
    const mints = [...this.mints].sort();
    for (let i = 0; i < mints.length; i += FILES_PER_PASS) {
      const writers = new Map(
        mints
          .slice(i, i + FILES_PER_PASS)
          .map((m) => [m, new JsonlFileWriter(join(this.dir, `prices/${m}${ext}`), this.gzip)]),
      );
      const lines = createInterface({ input: createReadStream(this.spill.path), crlfDelay: Infinity });
      for await (const text of lines) {
        // The mint is the first field of every spilled line: {"mint":"<base58>",…}.
        const mint = text.slice(9, text.indexOf('"', 9));
        const writer = writers.get(mint);
        if (writer !== undefined) await writer.write(text);
      }
      for (const w of writers.values()) await w.close();
    }
    rmSync(this.spill.path, { force: true });
    return mints.map((m) => `prices/${m}${ext}`);
  }
}
