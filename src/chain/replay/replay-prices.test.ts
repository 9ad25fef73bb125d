import { parse as parseLossless } from 'lossless-json';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedDataAvailable } from '../../../test/support/shared-data.ts';
import { fromScaled, toScaled } from '../../domain/decimal.ts';
import { tempDir } from '../archive/testing/shared-data-archive.ts';
import { replayPoolAddress } from './prices/archive-candle-book.ts';
import {
  BONK,
  MIXED,
  plainDecimal,
  SOL,
  SOL_POOL,
  writePriceArchive,
  type PriceArchiveRows,
} from './testing/price-archive.ts';
import { startReplayFixture, type ReplayFixture } from './testing/replay-fixture.ts';

/** JSON with every number kept as its text, so exactness is asserted on the bytes served. */
async function get<T = unknown>(
  fixture: ReplayFixture,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${fixture.server.url}${path}`, { headers });
  return { status: res.status, body: parseLossless(await res.text(), undefined, (n) => n) as T };
}

interface PoolsBody {
  readonly data: ReadonlyArray<{ readonly attributes: { readonly address: string } }>;
}
interface OhlcvBody {
  readonly data: { readonly attributes: { readonly ohlcv_list: unknown[][] } };
  readonly meta: { readonly base: { readonly address: string } };
}
type JupiterBody = Readonly<Record<string, { readonly usdPrice: unknown; readonly decimals: unknown }>>;
interface DexBody {
  readonly pairs: readonly unknown[] | null;
}
interface BirdeyeBody {
  readonly success: boolean;
  readonly data: { readonly items: ReadonlyArray<{ readonly unixTime: unknown; readonly value: unknown }> };
}
const rowsOf = (b: OhlcvBody): string[][] => b.data.attributes.ohlcv_list.map((r) => r.map(num));

const num = (v: unknown): string => String(v);

describe.skipIf(!sharedDataAvailable())('replay server: price endpoints from the archive candles', () => {
  let fixture: ReplayFixture;
  let rows: PriceArchiveRows;
  const out = tempDir('oof-replay-prices-');

  beforeAll(async () => {
    rows = await writePriceArchive(`${out.dir}/archive`, { gzip: true });
    fixture = await startReplayFixture(`${out.dir}/archive`, { prices: { birdeyeApiKey: 'test-key' } });
  });
  afterAll(async () => {
    await fixture.close();
    out.remove();
  });

  it('GeckoTerminal token pools: the manifest pool, else a stable derived one; unknown → 404', async () => {
    const sol = await get<PoolsBody>(fixture, `/api/v2/networks/solana/tokens/${SOL}/pools`);
    expect(sol.status).toBe(200);
    expect(sol.body.data).toHaveLength(1);
    expect(sol.body.data[0]).toMatchObject({
      id: `solana_${SOL_POOL}`,
      type: 'pool',
      attributes: { address: SOL_POOL, base_token_price_usd: rows.sol.at(-1)?.[4] },
      relationships: { base_token: { data: { id: `solana_${SOL}` } } },
    });
    const bonk = await get<PoolsBody>(fixture, `/api/v2/networks/solana/tokens/${BONK}/pools`);
    expect(bonk.body.data[0]?.attributes.address).toBe(replayPoolAddress(BONK));
    expect(replayPoolAddress(BONK)).toMatch(/^[1-9A-HJ-NP-Za-km-z]{43,44}$/);
    const unknown = await get(
      fixture,
      `/api/v2/networks/solana/tokens/Unknown111111111111111111111111111111111111/pools`,
    );
    expect(unknown).toEqual({ status: 404, body: { errors: [{ status: '404', title: 'Not Found' }] } });
  });

  it('GeckoTerminal OHLCV: newest first, exact numbers, 4h roll-up equals the hourly rows', async () => {
    const hour = await get<OhlcvBody>(
      fixture,
      `/api/v2/networks/solana/pools/${SOL_POOL}/ohlcv/hour?aggregate=1&limit=1000&currency=usd`,
    );
    const list = hour.body.data.attributes.ohlcv_list;
    expect(list).toHaveLength(rows.sol.length);
    expect(list[0]?.map(num)).toEqual(
      [...(rows.sol.at(-1) ?? [])].map((v) => String(v)).map((v) => fromScaled(toScaled(v, 18), 18)),
    );
    const four = await get<OhlcvBody>(
      fixture,
      `/api/v2/networks/solana/pools/${SOL_POOL}/ohlcv/hour?aggregate=4&limit=1000`,
    );
    const fourList = four.body.data.attributes.ohlcv_list;
    // Recompute one 4h bucket from the CSV by hand.
    const [t = 0] = (fourList[3] ?? []).map(num).map(Number);
    const members = rows.sol.filter(([s]) => s >= t && s < t + 14_400);
    const high = members.map((r) => toScaled(r[2], 18)).reduce((a, b) => (a > b ? a : b));
    const low = members.map((r) => toScaled(r[3], 18)).reduce((a, b) => (a < b ? a : b));
    const volume = members.map((r) => toScaled(r[5], 18)).reduce((a, b) => a + b);
    expect(fourList[3]?.map(num)).toEqual([
      String(t),
      fromScaled(toScaled(members[0]?.[1] ?? '', 18), 18),
      fromScaled(high, 18),
      fromScaled(low, 18),
      fromScaled(toScaled(members.at(-1)?.[4] ?? '', 18), 18),
      fromScaled(volume, 18),
    ]);
    expect(four.body.meta.base.address).toBe(SOL);
  });

  it('GeckoTerminal OHLCV paging with before_timestamp walks the whole series back without overlap', async () => {
    const pool = replayPoolAddress(BONK);
    const seen: number[] = [];
    let before: number | undefined;
    for (;;) {
      const q = `limit=1000&currency=usd${before === undefined ? '' : `&before_timestamp=${before}`}`;
      const page = await get<OhlcvBody>(fixture, `/api/v2/networks/solana/pools/${pool}/ohlcv/hour?${q}`);
      const list = page.body.data.attributes.ohlcv_list;
      if (list.length === 0) break;
      expect(list.length).toBeLessThanOrEqual(1000);
      for (const r of list) seen.push(Number(num(r[0])));
      before = Number(num(list.at(-1)?.[0]));
    }
    expect(seen).toEqual(rows.bonk.map(([t]) => t).reverse());
    // The BONK close written as 2.965e-05 in the CSV is served as 0.00002965.
    const first = await get<OhlcvBody>(
      fixture,
      `/api/v2/networks/solana/pools/${pool}/ohlcv/hour?limit=1&before_timestamp=${(rows.bonk[0]?.[0] ?? 0) + 1}`,
    );
    expect(rowsOf(first.body)[0]?.[4]).toBe('0.00002965');
  });

  it('GeckoTerminal OHLCV: only tiers that divide the bucket, finest first; bad input refused', async () => {
    const pool = replayPoolAddress(MIXED);
    const minutes = await get<OhlcvBody>(
      fixture,
      `/api/v2/networks/solana/pools/${pool}/ohlcv/minute?aggregate=1`,
    );
    expect(rowsOf(minutes.body).map((r) => r.slice(1))).toEqual([
      ['1.2', '1.6', '1.15', '1.5', '2.5'],
      ['1.1', '1.3', '1', '1.2', '1'],
    ]);
    const hours = await get<OhlcvBody>(fixture, `/api/v2/networks/solana/pools/${pool}/ohlcv/hour`);
    // The first hour has 1m candles: they win over the 1h candle of the same hour (no double counting).
    expect(rowsOf(hours.body).map((r) => r.slice(1))).toEqual([
      ['2', '3', '1', '2.5', '7'],
      ['1.1', '1.6', '1', '1.5', '3.5'],
    ]);
    expect(
      (await get<OhlcvBody>(fixture, `/api/v2/networks/solana/pools/${pool}/ohlcv/hour?aggregate=3`)).status,
    ).toBe(400);
    expect((await get<OhlcvBody>(fixture, `/api/v2/networks/solana/pools/${pool}/ohlcv/week`)).status).toBe(
      400,
    );
    expect((await get<OhlcvBody>(fixture, `/api/v2/networks/solana/pools/${SOL}/ohlcv/hour`)).status).toBe(
      404,
    );
  });

  it('Jupiter Price v3 and DexScreener: the newest close, exactly; unknown mints left out', async () => {
    const jup = await get<JupiterBody>(
      fixture,
      `/price/v3?ids=${SOL},${BONK},Unknown111111111111111111111111111111111111`,
    );
    expect(Object.keys(jup.body).sort()).toEqual([BONK, SOL].sort());
    expect(num(jup.body[SOL]?.usdPrice)).toBe(rows.sol.at(-1)?.[4]);
    expect(num(jup.body[BONK]?.decimals)).toBe('5');
    const dex = await get<DexBody>(fixture, `/latest/dex/tokens/${BONK}`);
    expect(dex.body.pairs?.[0]).toMatchObject({
      chainId: 'solana',
      pairAddress: replayPoolAddress(BONK),
      baseToken: { address: BONK },
      priceUsd: plainDecimal(rows.bonk.at(-1)?.[1] ?? ''),
    });
    expect(
      (await get(fixture, '/latest/dex/tokens/Unknown111111111111111111111111111111111111')).body,
    ).toEqual({
      schemaVersion: '1.0.0',
      pairs: null,
    });
  });

  it('Birdeye history_price: 401 without the key, closes per bucket in [time_from, time_to]', async () => {
    const [t0 = 0] = rows.sol[10] ?? [];
    const q = `/defi/history_price?address=${SOL}&address_type=token&type=1H&time_from=${t0}&time_to=${t0 + 7200}`;
    expect(await get(fixture, q)).toEqual({ status: 401, body: { success: false, message: 'Unauthorized' } });
    expect((await get(fixture, q, { 'X-API-KEY': 'other' })).status).toBe(401);
    const ok = await get<BirdeyeBody>(fixture, q, { 'X-API-KEY': 'test-key' });
    expect(ok.body.success).toBe(true);
    expect(ok.body.data.items.map((i) => [num(i.unixTime), num(i.value)])).toEqual(
      rows.sol.slice(10, 13).map(([t, , , , c]) => [String(t), c]),
    );
    const unknown = await get(fixture, q.replace(SOL, 'Unknown111111111111111111111111111111111111'), {
      'X-API-KEY': 'test-key',
    });
    expect(unknown.body).toEqual({ success: true, data: { items: [] } });
  });

  it('counts requests per price endpoint; JSON-RPC and /health are not price calls and behave as before', async () => {
    const before = fixture.server.priceRequests();
    await get<JupiterBody>(fixture, `/price/v3?ids=${SOL}`);
    await get(fixture, `/latest/dex/tokens/${SOL}`);
    expect((await fetch(`${fixture.server.url}/health`)).status).toBe(200);
    expect((await fetch(`${fixture.server.url}/nope`)).status).toBe(405);
    expect((await fixture.call('getHealth')).result).toBe('ok');
    const after = fixture.server.priceRequests();
    expect(after.jupiterPrice - before.jupiterPrice).toBe(1);
    expect(after.dexscreenerTokens - before.dexscreenerTokens).toBe(1);
    expect(after.total - before.total).toBe(2);
  });
});
