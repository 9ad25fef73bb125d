import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseJsonExact } from '../../decoder/input/parse-json-exact.ts';

/**
 * The `getTransaction` results of `signatures` from the simulated market that `oof start` generated in
 * `dataDir` (its chain archive), u64 values kept exact — what a Helius raw webhook would deliver for them.
 */
export function archiveTransactions(dataDir: string, signatures: readonly string[]): unknown[] {
  const dir = join(dataDir, 'archive', 'oof-embedded', 'transactions');
  const wanted = new Set(signatures);
  const found = new Map<string, unknown>();
  for (const file of readdirSync(dir).sort()) {
    const raw = readFileSync(join(dir, file));
    const text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
    for (const line of text.split('\n')) {
      if (line === '') continue;
      const sig = /"signature":"([1-9A-HJ-NP-Za-km-z]+)"/.exec(line)?.[1];
      if (sig === undefined || !wanted.has(sig)) continue;
      found.set(sig, (parseJsonExact(line) as { result: unknown }).result);
    }
  }
  const missing = signatures.filter((s) => !found.has(s));
  if (missing.length > 0) throw new Error(`not in the archive of ${dataDir}: ${missing.join(', ')}`);
  return signatures.map((s) => found.get(s));
}
