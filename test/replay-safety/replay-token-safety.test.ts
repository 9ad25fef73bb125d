import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestArchive, type TestArchive } from '../../src/chain/archive/testing/shared-data-archive.ts';
import { transactionAccounts } from '../../src/chain/archive/transaction-accounts.ts';
import { startReplayFixture, type ReplayFixture } from '../../src/chain/replay/testing/replay-fixture.ts';
import { createDexScreenerTokenMarketSource } from '../../src/copytrade/safety/dexscreener-token-pairs.safety-source.ts';
import { createRpcOnchainTokenReads } from '../../src/copytrade/safety/onchain-token-reads.ts';
import { createRugCheckSource } from '../../src/copytrade/safety/rugcheck.safety-source.ts';
import { createJupiterPriceSource } from '../../src/market/jupiter/jupiter-price.price-source.ts';
import { formatUnits } from '../../src/domain/decimal.ts';
import { SOL_MINT } from '../../src/domain/mints.ts';
import { writeSimulatedArchive } from '../../src/simulator/archive/write-simulated-archive.ts';

/**
 * The replay node answers the three token-safety sources from a simulated market's own facts; every value is
 * checked against an independent pass over the archive's transactions (final post-token balance per account).
 */
let dir: string;
let fx: ReplayFixture;
/** account → {mint, owner, amount} after the last transaction touching it (closed accounts dropped). */
const balances = new Map<string, { mint: string; owner: string; amount: bigint }>();
let tokens: string[];
let migrated: string[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'oof-replay-safety-'));
  const written = await writeSimulatedArchive(
    dir,
    { seed: 'replay-safety', wallets: 20, tokens: 4, days: 1, transactions: 800 },
    { gzip: false, partSize: 100_000, createdBy: 'test' },
  );
  tokens = written.manifest.tokens.filter((t) => t.mint !== SOL_MINT).map((t) => t.mint);
  migrated = written.manifest.tokens.filter((t) => t.roles.includes('migrated')).map((t) => t.mint);
  fx = await startReplayFixture(dir);
  for await (const tx of fx.archive.transactions()) {
    const keys = transactionAccounts(tx.result);
    type B = { accountIndex: number; mint: string; owner: string; uiTokenAmount: { amount: string } };
    const meta = tx.result.meta as { preTokenBalances: B[]; postTokenBalances: B[] };
    const post = new Set(meta.postTokenBalances.map((b) => keys[b.accountIndex]));
    for (const b of meta.preTokenBalances) {
      const a = keys[b.accountIndex]!;
      if (!post.has(a)) balances.delete(a);
    }
    for (const b of meta.postTokenBalances) {
      balances.set(keys[b.accountIndex]!, {
        mint: b.mint,
        owner: b.owner,
        amount: BigInt(b.uiTokenAmount.amount),
      });
    }
  }
}, 60_000);

afterAll(async () => {
  await fx.close();
  rmSync(dir, { recursive: true, force: true });
});

const holdersOf = (mint: string): Array<[string, bigint]> =>
  [...balances.entries()]
    .filter(([, b]) => b.mint === mint)
    .map(([a, b]): [string, bigint] => [a, b.amount])
    .sort((x, y) => (x[1] === y[1] ? (x[0] < y[0] ? -1 : 1) : x[1] > y[1] ? -1 : 1));

describe('replay node: token supply, largest accounts, mint accounts', () => {
  it('getTokenSupply is the sum of every account of the mint (= the recorded mint supply)', async () => {
    for (const mint of tokens) {
      const r = (await fx.call('getTokenSupply', [mint])) as {
        result: { context: { slot: number }; value: { amount: string; decimals: number } };
      };
      const sum = holdersOf(mint).reduce((s, [, a]) => s + a, 0n);
      expect(r.result.value.amount).toBe(sum.toString());
      expect(r.result.value.decimals).toBe(6);
      expect(r.result.context.slot).toBe(Number(fx.archive.lastSlot));
    }
  });

  it('getTokenLargestAccounts: the 20 largest accounts, largest first, node shape', async () => {
    const mint = tokens[0]!;
    const r = (await fx.call('getTokenLargestAccounts', [mint])) as {
      result: { value: Array<{ address: string; amount: string; uiAmountString: string; uiAmount: number }> };
    };
    const expected = holdersOf(mint).slice(0, 20);
    expect(r.result.value.map((h) => [h.address, BigInt(h.amount)])).toEqual(expected);
    expect(Object.keys(r.result.value[0]!).sort()).toEqual(
      ['address', 'amount', 'decimals', 'uiAmount', 'uiAmountString'].sort(),
    );
  });

  it('params are validated like a node', async () => {
    expect((await fx.call('getTokenSupply', ['abc'])).error).toEqual({
      code: -32602,
      message: 'Invalid param: WrongSize',
    });
    expect((await fx.call('getTokenLargestAccounts', [5])).error?.code).toBe(-32602);
    const unknown = '11111111111111111111111111111112';
    expect((await fx.call('getTokenSupply', [unknown])).error).toEqual({
      code: -32602,
      message: 'Invalid param: could not find account',
    });
  });

  it('the on-chain safety reads parse the answers (jsonParsed mint, holders, supply)', async () => {
    const reads = createRpcOnchainTokenReads(fx.client.rpc);
    const mint = tokens[0]!;
    const auth = await reads.getMintAuthorities(mint);
    expect(auth).toMatchObject({ mintAuthority: null, freezeAuthority: null });
    const raw = (await fx.call('getAccountInfo', [mint, { encoding: 'jsonParsed' }])) as {
      result: { value: { data: { parsed: { type: string; info: { supply: string } } } } };
    };
    expect(raw.result.value.data.parsed.type).toBe('mint');
    const share = await reads.getTopHolderShare(mint, 10);
    const top = holdersOf(mint).slice(0, 10);
    expect(share.topAmountRaw).toBe(top.reduce((s, [, a]) => s + a, 0n));
    expect(share.supplyRaw.toString()).toBe(raw.result.value.data.parsed.info.supply);
  });
});

describe('replay node: RugCheck report and DexScreener pairs', () => {
  const fetchPort = (url: string, init?: RequestInit): Promise<Response> => fetch(url, init);

  it('RugCheck: the parser reads the report; holders and authorities from the archive; 404 unknown', async () => {
    const source = createRugCheckSource({ fetch: fetchPort, baseUrl: fx.server.url });
    const mint = tokens[0]!;
    const report = await source(mint);
    expect(report.mintAuthority).toBeNull();
    expect(report.freezeAuthority).toBeNull();
    expect(report.honeypotReasons).toEqual([]);
    const expected = holdersOf(mint).filter(([, a]) => a > 0n);
    expect(report.topHolders.map((h) => h.address)).toEqual(expected.slice(0, 20).map(([a]) => a));
    expect(report.supplyRaw).toBe(expected.reduce((s, [, a]) => s + a, 0n));
    // Risks are computed from those facts: the largest holder above 10% is flagged, its share in bp.
    const firstPct = (expected[0]![1] * 10_000n) / report.supplyRaw!;
    const single = report.risks.find((r) => r.name === 'Single holder ownership');
    if (firstPct > 1000n) expect(single?.score).toBe(Number(firstPct));
    else expect(single).toBeUndefined();
    expect(report.score).toBe(report.risks.reduce((s, r) => s + (r.score ?? 0), 0));
    await expect(source('11111111111111111111111111111112')).rejects.toThrow(/HTTP 404/);
  });

  it('DexScreener token-pairs: liquidity from the recorded market reserves', async () => {
    const source = createDexScreenerTokenMarketSource({ fetch: fetchPort, baseUrl: fx.server.url });
    let withLiquidity = 0;
    for (const mint of tokens) {
      const market = await source(mint);
      const res = await fetch(`${fx.server.url}/token-pairs/v1/solana/${mint}`);
      const text = await res.text();
      const base = /"base":([0-9.]+)/.exec(text)?.[1];
      if (market.maxLiquidityUsd === null) {
        expect(base).toBeUndefined();
        continue;
      }
      withLiquidity += 1;
      // The token side is the balance of an account of the mint owned by its market (pool or curve).
      expect(holdersOf(mint).map(([, a]) => formatUnits(a, 6))).toContain(base);
      expect(Number(market.maxLiquidityUsd)).toBeGreaterThan(0);
    }
    expect(withLiquidity).toBeGreaterThan(0);
    expect(migrated.length).toBeGreaterThan(0);
    // Jupiter Price v3 carries the same pool liquidity (the copy-trading fill model reads it from there).
    const jupiter = await createJupiterPriceSource({ fetch: fetchPort, baseUrl: fx.server.url })(tokens);
    for (const mint of tokens) {
      const market = await source(mint);
      expect(jupiter.get(mint)?.liquidityUsd ?? null).toBe(market.maxLiquidityUsd);
    }
    // A migrated token's market is its PumpSwap pool: the quote side is the pool's WSOL vault, non-zero.
    for (const mint of migrated) {
      const text = await (await fetch(`${fx.server.url}/token-pairs/v1/solana/${mint}`)).text();
      expect(text).toMatch(/"liquidity":\{"usd":[0-9.]+,"base":[0-9.]+,"quote":[0-9.]+\}/);
    }
  });
});

describe('replay node: mints built by recorded instructions (no recorded mint account)', () => {
  // A real pump.fun create transaction of ../shared/data: InitializeMint2 (mint authority = pump's PDA, no
  // freeze authority) then SetAuthority(MintTokens, None), the whole supply minted to two accounts.
  const CREATES = [
    { mint: '5dNYcCZXEGfGgbdUdq7MMR7KLsNJLLLgL83wLH8Fpump', minted: 965387096774194n + 34612903225806n },
  ];
  let shared: TestArchive;
  let node: ReplayFixture;
  beforeAll(async () => {
    shared = await buildTestArchive();
    node = await startReplayFixture(shared.dir);
  }, 30_000);
  afterAll(async () => {
    await node.close();
    shared.remove();
  });

  it('getAccountInfo jsonParsed: authorities revoked as the create did, supply minted', async () => {
    for (const { mint, minted } of CREATES) {
      expect(node.archive.account(mint)).toBeUndefined();
      const r = (await node.call('getAccountInfo', [mint, { encoding: 'jsonParsed' }])) as {
        result: {
          value: { owner: string; data: { parsed: { type: string; info: Record<string, unknown> } } };
        };
      };
      expect(r.result.value.owner).toBe('TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA');
      expect(r.result.value.data.parsed).toEqual({
        type: 'mint',
        info: {
          decimals: 6,
          freezeAuthority: null,
          isInitialized: true,
          mintAuthority: null,
          supply: minted.toString(),
        },
      });
      const reads = createRpcOnchainTokenReads(node.client.rpc);
      expect(await reads.getMintAuthorities(mint)).toMatchObject({
        mintAuthority: null,
        freezeAuthority: null,
      });
      // The base64 bytes of the same account decode to the same header (the reads' fallback path).
      const b64 = (await node.call('getAccountInfo', [mint, { encoding: 'base64' }])) as {
        result: { value: { data: [string, string] } };
      };
      const bytes = Buffer.from(b64.result.value.data[0], 'base64');
      expect(bytes.length).toBe(82);
      expect(bytes.readBigUInt64LE(36)).toBe(minted);
    }
  });
});
