import { readFileSync } from 'node:fs';
import { stringify as stringifyExact } from 'lossless-json';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { isOofError } from '../../core/errors/oof-error.ts';
import { SHARED_DATA } from '../../../test/support/shared-data.ts';
import { systemClock } from './clock.ts';
import { createHttpTransport } from './http-transport.ts';
import { SolanaRpc } from './solana-rpc.ts';
import { startJsonRpcServer, type JsonRpcTestServer } from './testing/json-rpc-test-server.ts';
import { ledgerHandler, type LedgerView } from './testing/ledger-rpc-handler.ts';
import {
  chainstackBondingCurve,
  jupiterAccounts,
  mintState,
  type RecordedAccount,
} from './testing/recorded-accounts.ts';
import { recordedChain, sharedDataAvailable, historyOf, TOKEN_PROGRAM } from './testing/recorded-chain.ts';

const USDC = 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v';
/** The address under which the test node serves the recorded bonding curve (its own was not recorded). */
const CURVE = 'FFzxakVNzpirwMFtLyD22UZ6UM3KLF2EAGC2RxNPaYoH';

describe.skipIf(!sharedDataAvailable())('typed Solana methods against a node serving recorded data', () => {
  let server: JsonRpcTestServer;
  let rpc: SolanaRpc;
  let view: LedgerView;

  beforeAll(async () => {
    const chain = recordedChain();
    const accounts = new Map<string, RecordedAccount>(jupiterAccounts());
    accounts.set(CURVE, chainstackBondingCurve());
    view = { chain, slot: (chain[chain.length - 1]?.slot ?? 0n) + 10n, accounts };
    server = await startJsonRpcServer(ledgerHandler(() => view));
    rpc = new SolanaRpc(createHttpTransport({ url: server.url, timeoutMs: 5000 }, { clock: systemClock }));
  });
  afterAll(() => server.close());

  test('getTransaction returns every recorded transaction exactly as recorded (json and jsonParsed)', async () => {
    const chain = recordedChain();
    expect(chain.length).toBeGreaterThan(100);
    for (const tx of chain) {
      const got = await rpc.getTransaction(tx.signature, { encoding: tx.encoding });
      // Same JSON text: u64 above 2^53 arrive as bigint here, where the fixture reader may hold a number.
      expect(stringifyExact(got)).toBe(stringifyExact(tx.raw));
    }
    expect(server.requests.filter((r) => r.methods[0] === 'getTransaction')).toHaveLength(chain.length);
    // 5e17 lamports in a recorded test-validator transaction: the client keeps it an exact bigint.
    const big = chain.find((t) => stringifyExact(t.raw)?.includes('500000000000000000'));
    if (big !== undefined) {
      const got = (await rpc.getTransaction(big.signature, { encoding: big.encoding })) as {
        meta: { preBalances: unknown[] };
      };
      expect(got.meta.preBalances).toContain(500000000000000000n);
    }
  }, 30_000);

  test('getTransaction of an unknown signature is null', async () => {
    const someone = recordedChain()[0];
    if (someone === undefined) throw new Error('no data');
    // Asking for the other encoding: the test node has no such record, like a node missing the tx.
    const other = someone.encoding === 'json' ? 'jsonParsed' : 'json';
    await expect(rpc.getTransaction(someone.signature, { encoding: other })).resolves.toBeNull();
  });

  test('getSignaturesForAddress pages newest → oldest with before/until exclusive', async () => {
    const history = historyOf(TOKEN_PROGRAM);
    expect(history.length).toBeGreaterThan(50);
    const first = await rpc.getSignaturesForAddress(TOKEN_PROGRAM, { limit: 10 });
    expect(first.map((s) => s.signature)).toEqual(history.slice(0, 10).map((t) => t.signature));
    expect(first[0]?.slot).toBe(history[0]?.slot);
    expect(typeof first[0]?.slot).toBe('bigint');
    const all: string[] = [];
    for await (const s of rpc.listSignatures(TOKEN_PROGRAM, { pageSize: 7 })) all.push(s.signature);
    expect(all).toEqual(history.map((t) => t.signature));
    const between: string[] = [];
    for await (const s of rpc.listSignatures(TOKEN_PROGRAM, {
      pageSize: 3,
      before: history[5]?.signature as string,
      until: history[20]?.signature as string,
    })) {
      between.push(s.signature);
    }
    expect(between).toEqual(history.slice(6, 20).map((t) => t.signature));
  });

  test('getAccountInfo keeps u64 exact (rentEpoch = u64::MAX) and decodes base64 data', async () => {
    const curve = chainstackBondingCurve();
    const got = await rpc.getAccountInfo(CURVE);
    expect(got.contextSlot).toBe(BigInt(curve.context.slot));
    expect(got.value?.rentEpoch).toBe(18446744073709551615n);
    expect(got.value?.lamports).toBe(73551852n);
    expect(got.value?.data).toEqual({
      encoding: 'base64',
      bytes: new Uint8Array(Buffer.from(curve.value.data[0], 'base64')),
    });
    // jsonParsed falls back to base64 for programs the node has no parser for (pump.fun has none).
    const asParsed = await rpc.getAccountInfo(CURVE, { encoding: 'jsonParsed' });
    expect(asParsed.value?.data.encoding).toBe('base64');
    const missing = await rpc.getAccountInfo('11111111111111111111111111111112');
    expect(missing.value).toBeNull();
  });

  test('rentEpoch rounded by a JS recorder (18446744073709552000) reads as u64::MAX', async () => {
    const recorded = jupiterAccounts().get(USDC);
    expect(recorded?.value.rentEpoch).toBe(18446744073709552000n);
    const got = await rpc.getAccountInfo(USDC);
    expect(got.value?.rentEpoch).toBe(18446744073709551615n);
    expect(got.value?.owner).toBe('TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA');
    expect(got.value?.space).toBe(82n);
  });

  test('getTokenSupply and getTokenLargestAccounts read base-unit amounts as bigint', async () => {
    const mint = mintState(jupiterAccounts().get(USDC) as RecordedAccount);
    const supply = await rpc.getTokenSupply(USDC);
    expect(supply.value.amount).toBe(mint?.supply);
    expect(supply.value.decimals).toBe(6);
    const largest = await rpc.getTokenLargestAccounts(USDC);
    expect(largest.value.length).toBeGreaterThan(0);
    const amounts = largest.value.map((h) => h.amount);
    expect([...amounts].sort((a, b) => (a > b ? -1 : 1))).toEqual(amounts);
    expect(largest.value[0]).not.toHaveProperty('uiAmount');
  });

  test('getSlot, getBlockTime, getHealth', async () => {
    expect(await rpc.getSlot()).toBe(view.slot);
    const tx = recordedChain().find((t) => t.blockTime !== null);
    expect(await rpc.getBlockTime(tx?.slot ?? 0n)).toBe(tx?.blockTime);
    expect(await rpc.getHealth()).toBe('ok');
    view = { ...view, slotsBehind: 42 };
    const err = await rpc.getHealth().catch((e: unknown) => e);
    view = { ...view, slotsBehind: null };
    expect(isOofError(err, 'RPC_ERROR')).toBe(true);
    expect((err as { details: { rpcCode: number; rpcData: unknown } }).details).toMatchObject({
      rpcCode: -32005,
      rpcData: { numSlotsBehind: 42 },
    });
  });

  test('bad input is refused before any request', async () => {
    const before = server.requests.length;
    await expect(rpc.getSignaturesForAddress('not-an-address')).rejects.toMatchObject({
      code: 'RPC_PARAMS_INVALID',
    });
    await expect(rpc.getSignaturesForAddress(TOKEN_PROGRAM, { limit: 1001 })).rejects.toMatchObject({
      code: 'RPC_PARAMS_INVALID',
    });
    await expect(rpc.getTransaction('0OIl')).rejects.toMatchObject({ code: 'RPC_PARAMS_INVALID' });
    expect(server.requests.length).toBe(before);
  });
});

/** The example bodies Helius documents for getSignaturesForAddress (helius-docs-openapi, SOURCES.md §B). */
describe.skipIf(!sharedDataAvailable())('documented example responses', () => {
  const spec = parseYaml(
    readFileSync(`${SHARED_DATA}helius-docs-openapi/openapi/rpc-http/getSignaturesForAddress.yaml`, 'utf8'),
  ) as {
    paths: Record<
      string,
      {
        post: {
          responses: Record<
            string,
            { content: Record<string, { examples?: { response: { value: unknown } }; example?: unknown }> }
          >;
        };
      }
    >;
  };
  const responses = spec.paths['/']?.post.responses ?? {};
  const example = (status: string): unknown => {
    const c = responses[status]?.content['application/json'];
    return c?.examples?.response.value ?? c?.example;
  };
  let server: JsonRpcTestServer;
  let rpc: SolanaRpc;
  beforeAll(async () => {
    server = await startJsonRpcServer(() => {
      throw new Error('unused');
    });
    rpc = new SolanaRpc(createHttpTransport({ url: server.url, timeoutMs: 5000 }, { clock: systemClock }));
  });
  afterAll(() => server.close());

  test('the 200 example parses into typed signature infos', async () => {
    const body = example('200') as { result: unknown };
    server.handler = () => body.result;
    const page = await rpc.getSignaturesForAddress('Vote111111111111111111111111111111111111111', {
      limit: 1,
    });
    expect(page).toEqual([
      {
        signature: '5h6xBEauJ3PK6SWCZ1PGjBvj8vDdWG3KpwATGy1ARAXFSDwt8GFXM7W5Ncn16wmqokgpiKRLuS83KUxyZyv2sUYv',
        slot: 114n,
        err: null,
        memo: null,
        blockTime: null,
        confirmationStatus: 'finalized',
      },
    ]);
  });

  test.each([
    ['400', 'RPC_ERROR', -32602],
    ['429', 'RPC_RATE_LIMITED', undefined],
    ['503', 'RPC_UNAVAILABLE', undefined],
    ['504', 'RPC_UNAVAILABLE', undefined],
  ])('the documented HTTP %s error body maps to %s', async (status, code, rpcCode) => {
    // Serve the documented body verbatim, with its status.
    server.faults = () => ({ kind: 'verbatim', status: Number(status), body: example(status) });
    const err = await rpc
      .getSignaturesForAddress('Vote111111111111111111111111111111111111111')
      .catch((x: unknown) => x);
    expect(isOofError(err)).toBe(true);
    expect((err as { code: string }).code).toBe(code);
    if (rpcCode !== undefined)
      expect((err as { details: { rpcCode: number } }).details.rpcCode).toBe(rpcCode);
    server.faults = () => null;
  });
});
