/**
 * The golden multi-year wallet (docs/golden-wallet.md): a scenario placed on the real Binance hourly closes,
 * written as a chain archive, served by the replay server and analyzed by `oof analyze`. Every expected number
 * comes from the hand derivation (analyze-golden-wallet/derive.py → expected.json), never from our analytics.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeTransaction, parseRpcTransaction } from '../../src/decoder/decode-transaction.ts';
import { writeGoldenWalletArchive } from '../../src/simulator/scenario/golden-wallet.ts';
import type { ScenarioArchiveResult } from '../../src/simulator/scenario/write-scenario-archive.ts';
import { SHARED_DATA } from '../support/shared-data.ts';

interface ExpectedEvent {
  n: number;
  kind: string;
  qtyRaw?: number;
  usdcRaw?: number;
  lamports?: number;
  lamportsQuote?: number;
}
interface ExpectedMoment {
  kind: string;
  event: number;
  usd: string;
  pct: string;
  severity: string | null;
}
interface Expected {
  asOf: string;
  events: ExpectedEvent[];
  realizedPnlUsd: string;
  unrealizedPnlUsd: string;
  counts: Record<string, number>;
  moments: ExpectedMoment[];
}

const HERE = fileURLToPath(new URL('./analyze-golden-wallet/', import.meta.url));
const expected = JSON.parse(readFileSync(join(HERE, 'expected.json'), 'utf8')) as Expected;
const hasCloses = existsSync(join(SHARED_DATA, 'mark6-binance-hourly-closes/data/SOLUSDT.csv'));
const ANALYZE_COMMAND = fileURLToPath(new URL('../../src/cli/commands/analyze.command.ts', import.meta.url));
const SOL = 'So11111111111111111111111111111111111111112';

function filesHash(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[p.slice(dir.length)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

describe.runIf(hasCloses)('golden wallet: scenario → chain archive', () => {
  const dirs: string[] = [];
  let archive: ScenarioArchiveResult;
  beforeAll(async () => {
    dirs.push(mkdtempSync(join(tmpdir(), 'oof-golden-')));
    archive = await writeGoldenWalletArchive(dirs[0]!, { sharedDataDir: SHARED_DATA });
  });
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('writes the same bytes twice', async () => {
    const again = mkdtempSync(join(tmpdir(), 'oof-golden-'));
    dirs.push(again);
    await writeGoldenWalletArchive(again, { sharedDataDir: SHARED_DATA });
    expect(filesHash(again)).toEqual(filesHash(dirs[0]!));
  });

  it('places every amount where the hand derivation puts it', () => {
    expect(archive.transactions.map((t) => t.event.n)).toEqual(expected.events.map((e) => e.n));
    archive.transactions.forEach((t, i) => {
      const e = expected.events[i]!;
      const amounts = [t.amountIn, t.amountOut].filter((a) => a !== null).map(String);
      for (const v of [e.qtyRaw, e.usdcRaw, e.lamports, e.lamportsQuote]) {
        if (v !== undefined) expect(amounts, `event ${e.n}`).toContain(String(v));
      }
    });
  });

  it('decodes each event into exactly the scenario action for the wallet, with a 5,000-lamport fee', () => {
    const main = archive.wallets.main;
    for (const t of archive.transactions) {
      const d = decodeTransaction(parseRpcTransaction(JSON.parse(JSON.stringify(t.result)) as unknown));
      const mine = d.actions.filter((a) => a.owner === main && a.kind !== 'fee');
      const fees = d.actions.filter((a) => a.owner === main && a.kind === 'fee');
      const n = `event ${t.event.n}`;
      expect(mine, n).toHaveLength(1);
      const a = mine[0]!;
      const kind = {
        sol_in: 'transfer_in',
        usdc_in: 'transfer_in',
        sol_out: 'transfer_out',
        usdc_out_all: 'transfer_out',
        buy: 'swap',
        sell: 'swap',
        airdrop: 'mint',
        transfer: t.mintIn === null ? 'transfer_in' : 'transfer_out',
      }[t.event.kind];
      expect(a.kind, n).toBe(kind);
      expect([a.mintIn, a.amountIn, a.mintOut, a.amountOut], n).toEqual([
        t.mintIn,
        t.amountIn,
        t.mintOut,
        t.amountOut,
      ]);
      if (a.kind === 'swap') {
        expect(a.venue, n).toBe('orca_whirlpool');
        expect(a.side, n).toBe(t.event.kind);
      }
      if (t.event.kind === 'transfer') {
        expect(a.counterparty, n).toBe(archive.wallets.linked);
      }
      const paysFee =
        !['sol_in', 'usdc_in', 'airdrop'].includes(t.event.kind) &&
        !(t.event.kind === 'transfer' && t.mintOut !== null);
      expect(
        fees.map((f) => [f.mintIn, f.amountIn]),
        n,
      ).toEqual(paysFee ? [[SOL, 5000n]] : []);
    }
  });
});

describe.runIf(hasCloses && existsSync(ANALYZE_COMMAND))('golden wallet: oof analyze over replay-rpc', () => {
  it('prints the hand-derived realized PnL, counts and moments', async () => {
    const { startReplayFixture } = await import('../../src/chain/replay/testing/replay-fixture.ts');
    const { runCli } = await import('../../src/cli/main.ts');
    const dir = mkdtempSync(join(tmpdir(), 'oof-golden-'));
    const dataDir = mkdtempSync(join(tmpdir(), 'oof-golden-data-'));
    const archive = await writeGoldenWalletArchive(dir, { sharedDataDir: SHARED_DATA });
    const replay = await startReplayFixture(dir);
    const chunks: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    const previousDataDir = process.env.OOF_DATA_DIR;
    process.env.OOF_DATA_DIR = dataDir;
    process.stdout.write = ((c: string | Uint8Array) => {
      chunks.push(typeof c === 'string' ? c : Buffer.from(c).toString('utf8'));
      return true;
    }) as typeof process.stdout.write;
    let code: number;
    try {
      code = await runCli([
        'analyze',
        archive.wallets.main,
        '--rpc',
        replay.server.url,
        '--prices',
        replay.server.url,
        '--plan',
        'PRO',
        '--as-of',
        expected.asOf,
        '--linked',
        archive.wallets.linked,
        '--json',
        '--cards',
        join(dataDir, 'cards'),
      ]);
    } finally {
      process.stdout.write = write;
      if (previousDataDir === undefined) delete process.env.OOF_DATA_DIR;
      else process.env.OOF_DATA_DIR = previousDataDir;
      await replay.close();
    }
    expect(code).toBe(0);
    if (process.env.GOLDEN_DEBUG) process.stderr.write(chunks.join('').slice(0, 3000));
    const doc = JSON.parse(chunks.join('')) as {
      wallet: string;
      status: string;
      realizedPnlUsd: string;
      unrealizedPnlUsd: string;
      counts: Record<string, number>;
      moments: { kind: string; usd: string; pct: string; severity: string; sigRef: string; status: string }[];
    };
    expect(doc.wallet).toBe(archive.wallets.main);
    expect(doc.status).toBe('done');
    const sigOf = new Map(archive.transactions.map((t) => [t.event.n, t.signature]));
    const got = doc.moments
      .map((m) => ({ kind: m.kind, sigRef: m.sigRef, usd: m.usd, pct: m.pct, severity: m.severity }))
      .sort(byKindEventUsd);
    const want = expected.moments
      .map((m) => ({
        kind: m.kind,
        sigRef: sigOf.get(m.event),
        usd: m.usd,
        pct: m.pct,
        severity: m.severity,
      }))
      .sort(byKindEventUsd);
    expect(got).toEqual(want);
    expect(doc.realizedPnlUsd).toBe(expected.realizedPnlUsd);
    // The ACT bag is still held at as-of: its value at the last close minus its open cost.
    expect(doc.unrealizedPnlUsd).toBe(expected.unrealizedPnlUsd);
    expect(doc.counts).toEqual(expected.counts);
    // One PNG card per moment (there are fewer than 10), named by rank and kind, largest USD first.
    const cards = readdirSync(join(dataDir, 'cards')).sort();
    expect(cards.length).toBe(doc.moments.length);
    expect(cards[0]).toMatch(new RegExp(`^01-${doc.moments[0]!.kind}-`));
    for (const c of cards) {
      expect(
        readFileSync(join(dataDir, 'cards', c))
          .subarray(1, 4)
          .toString('ascii'),
      ).toBe('PNG');
    }
    rmSync(dir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }, 120_000);
});

/** Moments in a stable order for comparison: kind, then source transaction, then amount (two idle windows can
 * share the transaction that opened them). */
function byKindEventUsd(
  a: { kind: string; sigRef?: string | undefined; usd: string },
  b: { kind: string; sigRef?: string | undefined; usd: string },
): number {
  if (a.kind !== b.kind) return a.kind < b.kind ? -1 : 1;
  if ((a.sigRef ?? '') !== (b.sigRef ?? '')) return (a.sigRef ?? '') < (b.sigRef ?? '') ? -1 : 1;
  return Number(a.usd) - Number(b.usd);
}
