import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { SHARED_DATA, sharedDataAvailable } from '../../../../test/support/shared-data.ts';
import { runCli } from '../../../cli/main.ts';
import { SOL_MINT } from '../../../domain/mints.ts';
import { ArchiveReader } from '../archive-reader.ts';
import { tempDir } from '../testing/shared-data-archive.ts';

function files(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

const work = tempDir('oof-build-archive-');
afterAll(() => work.remove());
beforeEach(() => {
  // The command's summary and progress are not what these tests read.
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => vi.restoreAllMocks());

async function build(name: string, ...flags: string[]): Promise<string> {
  const out = join(work.dir, name);
  const code = await runCli(['build-archive', '--from', SHARED_DATA, '--out', out, ...flags]);
  expect(code).toBe(0);
  return out;
}

describe.skipIf(!sharedDataAvailable())('oof build-archive', () => {
  test('two runs give byte-identical archives, plain and gzip', async () => {
    for (const flags of [[], ['--gzip']]) {
      const a = files(await build(`a${flags.length}`, ...flags));
      const b = files(await build(`b${flags.length}`, ...flags));
      expect([...a.keys()]).toEqual([...b.keys()]);
      for (const [name, bytes] of a) expect(bytes.equals(b.get(name) as Buffer), name).toBe(true);
    }
  });

  test('the archive holds every usable recorded transaction once, in chain order, with a manifest', async () => {
    const reader = await ArchiveReader.open(join(work.dir, 'a0'));
    try {
      const m = reader.manifest;
      expect(m).toMatchObject({
        format: 'oof-chain-archive',
        version: 1,
        source: 'shared-data',
        network: 'mainnet-beta',
      });
      // 122 distinct signatures in the index: 3 recordings have no slot and one copy is corrupt (its good copy is used).
      expect(reader.transactionCount).toBe(119);
      expect(m.counts).toMatchObject({ transactions: 119, logs: 119, signatures: 0 });
      const slots: number[] = [];
      for await (const t of reader.transactions()) slots.push(Number(t.slot));
      expect(slots).toEqual([...slots].sort((x, y) => x - y));
      expect(m.programs).toContain('TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA');
      expect(m.tokens.find((t) => t.mint === SOL_MINT)).toMatchObject({
        symbol: 'SOL',
        decimals: 9,
        roles: ['quote'],
      });
      expect(m.wallets.filter((w) => w.roles.includes('trader')).length).toBeGreaterThan(20);
      expect(m.wallets.some((w) => w.roles.includes('creator'))).toBe(true);
      const logs = [];
      for await (const l of reader.logs()) logs.push(l);
      expect(logs.every((l) => l.mentions.length > 0 && l.logs.length > 0)).toBe(true);
    } finally {
      await reader.close();
    }
  });

  test('an existing folder is refused unless --force replaces an archive', async () => {
    expect(await runCli(['build-archive', '--from', SHARED_DATA, '--out', join(work.dir, 'a0')])).toBe(1);
    expect(
      await runCli(['build-archive', '--from', SHARED_DATA, '--out', join(work.dir, 'a0'), '--force']),
    ).toBe(0);
    expect(await runCli(['build-archive', '--from', work.dir, '--out', join(work.dir, 'c')])).toBe(2);
  });
});
