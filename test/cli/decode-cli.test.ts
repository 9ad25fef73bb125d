import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runOof, type OofRun } from '../support/oof-cli.ts';
import { SHARED_DATA, sharedDataAvailable } from '../support/shared-data.ts';

/** `oof decode` as a user runs it: a real process, real files, exit codes and streams. */
const tmp = mkdtempSync(join(tmpdir(), 'oof-decode-'));

const oof = (args: string[], input?: string): OofRun => runOof(args, input === undefined ? {} : { input });

const REQUIRED = [
  'signature',
  'index',
  'kind',
  'owner',
  'mintIn',
  'amountIn',
  'mintOut',
  'amountOut',
  'decimalsIn',
  'decimalsOut',
  'programs',
  'venue',
];
const PUMP_BUY = `${SHARED_DATA}0xjeffro-tx-parser/solana/data/pumpfun_buy_0.json`;
const RPC_WRAPPED = `${SHARED_DATA}qvecs-soltxs/tests/.data/pumpfun_sell_rpc.json`;

describe.skipIf(!sharedDataAvailable())('oof decode (CLI contract, SPEC §2.2)', () => {
  it('prints one JSON object per action with the contract fields, amounts as base-unit strings', () => {
    const r = oof(['decode', PUMP_BUY]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const l of lines) for (const f of REQUIRED) expect(l).toHaveProperty(f);
    expect(lines.map((l) => l.index)).toEqual(lines.map((_, i) => i));
    const swap = lines.find((l) => l.kind === 'swap');
    expect(swap).toMatchObject({
      owner: 'EfbbhahGNuhqEraRZXrwETfsaKxScngEttdQixWAW4WE',
      mintIn: 'So11111111111111111111111111111111111111112',
      amountIn: '3000000000',
      mintOut: 'D66sbPtYqLnwPYcUqjDktrQtb52CnfF77C3sdpNpR8Si',
      amountOut: '56716561396327',
      decimalsOut: 6,
      venue: 'pumpfun',
      side: 'buy',
    });
  });

  it('reads a JSON-RPC response from stdin and JSON Lines of several transactions', () => {
    const one = oof(['decode', '-'], readFileSync(RPC_WRAPPED, 'utf8'));
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('"kind":"swap"');
    const jsonl = [PUMP_BUY, RPC_WRAPPED]
      .map((p) => JSON.stringify(JSON.parse(readFileSync(p, 'utf8'))))
      .join('\n');
    const many = oof(['decode'], jsonl);
    expect(many.code).toBe(0);
    const sigs = new Set(
      many.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { signature: string }).signature),
    );
    expect(sigs.size).toBe(2);
  });

  it('a transaction of an unknown program decodes, with the venue "unknown"', () => {
    const raw = JSON.parse(readFileSync(PUMP_BUY, 'utf8')) as [
      { transaction: { message: { accountKeys: string[] } } },
    ];
    const keys = raw[0].transaction.message.accountKeys;
    const pump = keys.indexOf('6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P');
    keys[pump] = 'Unknown1111111111111111111111111111111111111';
    const r = oof(['decode'], JSON.stringify(raw));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"venue":"unknown"');
  });

  it.each([
    ['truncated JSON', readFileSync(PUMP_BUY, 'utf8').slice(0, 5000), 'INPUT_NOT_JSON'],
    ['JSON of another shape', JSON.stringify({ hello: 'world', items: [1, 2] }), 'TX_SHAPE_INVALID'],
    [
      'a JSON-RPC error',
      JSON.stringify({ jsonrpc: '2.0', id: 1, error: { code: -32602, message: 'bad' } }),
      'TX_SHAPE_INVALID',
    ],
    ['empty input', '   \n', 'INPUT_EMPTY'],
  ])('%s → clear message, exit 2, nothing on stdout', (_name, input, code) => {
    const r = oof(['decode', '-'], input);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(code);
    expect(r.stderr.length).toBeGreaterThan(40);
  });

  it('a 50 MB file is refused before it is read, with what to do', () => {
    const big = join(tmp, 'big.json');
    writeFileSync(big, Buffer.alloc(50 * 1024 * 1024, 0x20));
    const r = oof(['decode', big]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/INPUT_TOO_LARGE.*50\.0 MiB.*--max-bytes/s);
  });

  it('one bad item fails the whole input unless --skip-invalid', () => {
    const good = JSON.parse(readFileSync(PUMP_BUY, 'utf8')) as unknown[];
    const input = JSON.stringify([...good, { slot: 1 }]);
    const strict = oof(['decode'], input);
    expect(strict.code).toBe(2);
    expect(strict.stdout).toBe('');
    expect(strict.stderr).toContain('item 2');
    const lenient = oof(['decode', '--skip-invalid'], input);
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toContain('"kind":"swap"');
    expect(lenient.stderr).toContain('1 of 2 item(s) skipped');
  });

  it('an unknown command is a usage error', () => {
    const r = oof(['decodez']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command/);
  });
});
