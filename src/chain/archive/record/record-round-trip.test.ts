import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { sharedDataAvailable } from '../../../../test/support/shared-data.ts';
import { runCli } from '../../../cli/main.ts';
import { startReplayFixture, type ReplayFixture } from '../../replay/testing/replay-fixture.ts';
import { ArchiveReader } from '../archive-reader.ts';
import {
  buildTestArchive,
  tempDir,
  withoutOrdinal,
  type TestArchive,
} from '../testing/shared-data-archive.ts';
import { RecordStaging } from './record-staging.ts';

const TOKEN_PROGRAM = 'TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA';

function files(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

/** Same files, same bytes; on a difference, names the file and the first line that differs (briefly). */
function expectSameFiles(actualDir: string, expectedDir: string): void {
  const a = files(actualDir);
  const b = files(expectedDir);
  expect([...a.keys()]).toEqual([...b.keys()]);
  for (const [name, text] of a) {
    const expected = b.get(name) as string;
    if (text === expected) continue;
    const al = text.split('\n');
    const bl = expected.split('\n');
    const i = al.findIndex((l, k) => l !== bl[k]);
    expect.fail(
      `${name} line ${i + 1} differs:\n  got      ${al[i]?.slice(0, 300)}\n  expected ${bl[i]?.slice(0, 300)}`,
    );
  }
}

let source: TestArchive;
let replay: ReplayFixture;
let wallet: string;
const work = tempDir('oof-record-');
let stdout: string[] = [];
beforeAll(async () => {
  if (!sharedDataAvailable()) return;
  source = await buildTestArchive();
  replay = await startReplayFixture(source.dir);
  // The wallet with the longest history in the recorded data.
  const reader = replay.archive;
  const sizes = reader.manifest.wallets.map(
    (w) => [w.address, reader.signatures(w.address, { limit: 1000 }).length] as const,
  );
  wallet = [...sizes].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] as string;
});
afterAll(async () => {
  await replay?.close();
  source?.remove();
  work.remove();
});
beforeEach(() => {
  stdout = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => vi.restoreAllMocks());

async function record(
  rpc: string,
  out: string,
  ...args: string[]
): Promise<{ listed: number; alreadyRecorded: number; fetched: number }> {
  stdout = [];
  const code = await runCli(['record', '--rpc', rpc, '--out', out, ...args]);
  expect(code, stdout.join('')).toBe(0);
  return JSON.parse(stdout.join('')) as { listed: number; alreadyRecorded: number; fetched: number };
}

describe.skipIf(!sharedDataAvailable())('oof record', () => {
  test('record from replay → replay the recording → record again gives the same archive, byte for byte', async () => {
    const first = join(work.dir, 'first');
    const program = await record(replay.server.url, first, '--program', TOKEN_PROGRAM);
    const byWallet = await record(replay.server.url, first, '--wallet', wallet);
    expect(program.listed).toBe(replay.archive.signatures(TOKEN_PROGRAM, { limit: 1000 }).length);
    expect(byWallet.fetched + byWallet.alreadyRecorded).toBe(byWallet.listed);

    const again = await startReplayFixture(first);
    try {
      const second = join(work.dir, 'second');
      await record(again.server.url, second, '--program', TOKEN_PROGRAM);
      await record(again.server.url, second, '--wallet', wallet);
      expectSameFiles(second, first);
    } finally {
      await again.close();
    }

    // What was recorded is what the source served, and the manifest says what it is.
    const recorded = await ArchiveReader.open(first);
    try {
      expect(recorded.manifest.source).toBe('recorded');
      expect(recorded.manifest.wallets.find((w) => w.address === wallet)?.roles).toContain('watched');
      expect(recorded.manifest.programs).toContain(TOKEN_PROGRAM);
      expect(recorded.addressesWithSignatureFiles()).toEqual([TOKEN_PROGRAM, wallet].sort());
      expect(recorded.account(wallet)).toBeDefined();
      for await (const t of recorded.transactions()) {
        const o = replay.archive.ordinalOf(t.signature) as number;
        expect(t.result).toEqual((await replay.archive.transaction(o)).result);
      }
      const history = (r: ArchiveReader): string[] =>
        r.signatures(wallet, { limit: 1000 }).map((s) => s.signature);
      expect(history(recorded)).toEqual(history(replay.archive));
    } finally {
      await recorded.close();
    }
  });

  test('resumable: a short run then a full run (or a run after a crash) fetches only what is missing', async () => {
    const fresh = join(work.dir, 'fresh');
    const full = await record(replay.server.url, fresh, '--program', TOKEN_PROGRAM);

    const resumed = join(work.dir, 'resumed');
    const short = await record(replay.server.url, resumed, '--program', TOKEN_PROGRAM, '--limit', '5');
    expect(short).toMatchObject({ listed: 5, fetched: 5 });
    const rest = await record(replay.server.url, resumed, '--program', TOKEN_PROGRAM);
    expect(rest).toMatchObject({ listed: full.listed, alreadyRecorded: 5, fetched: full.listed - 5 });
    expectSameFiles(resumed, fresh);

    // A crash after 7 fetches: staged lines but no archive yet, plus a torn last line.
    const crashed = join(work.dir, 'crashed');
    const staging = await RecordStaging.open(join(crashed, '.record'));
    let staged = 0;
    for await (const t of replay.archive.transactions()) {
      if (!replay.archive.mentions(TOKEN_PROGRAM, t.ordinal) || staged === 7) continue;
      await staging.append(withoutOrdinal(t));
      staged += 1;
    }
    await staging.close();
    const { appendFileSync } = await import('node:fs');
    appendFileSync(join(crashed, '.record/transactions.jsonl'), '{"signature":"torn');
    const after = await record(replay.server.url, crashed, '--program', TOKEN_PROGRAM);
    expect(after).toMatchObject({ alreadyRecorded: 7, fetched: full.listed - 7 });
    expectSameFiles(crashed, fresh);
  });

  test('a flaky node (503s, latency) still yields the same archive', async () => {
    const flaky = await startReplayFixture(source.dir, { faults: { failRate: 0.3, latencyMs: 2, seed: 7 } });
    try {
      const fresh = join(work.dir, 'fresh-flaky');
      const got = join(work.dir, 'flaky');
      await record(replay.server.url, fresh, '--wallet', wallet);
      await record(flaky.server.url, got, '--wallet', wallet);
      expectSameFiles(got, fresh);
    } finally {
      await flaky.close();
    }
  });

  test('bad usage is refused with exit code 2', async () => {
    expect(await runCli(['record', '--rpc', replay.server.url, '--out', join(work.dir, 'x')])).toBe(2);
    expect(
      await runCli(['record', '--wallet', 'nope', '--rpc', replay.server.url, '--out', join(work.dir, 'x')]),
    ).toBe(2);
    expect(
      await runCli(['record', '--program', TOKEN_PROGRAM, '--rpc', replay.server.url, '--out', source.dir]),
    ).toBe(1);
  });
});
