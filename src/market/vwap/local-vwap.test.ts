import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toScaled } from '../../domain/decimal.ts';
import { SOL_MINT, USDC_MINT, USDT_MINT } from '../../domain/mints.ts';
import { parseHourlyCloseCsv } from '../csv/hourly-close-csv.ts';
import { LOCAL_VWAP_SOURCE, localVwapCandles, type SwapFill } from './local-vwap.ts';

const MINT = 'Token11111111111111111111111111111111111111';
const T = 1_717_200_000; // 2024-06-01T00:00:00Z, on the minute
const SOL_CSV = new URL(
  '../../../../shared/data/mark6-binance-hourly-closes/data/SOLUSDT.csv',
  import.meta.url,
);

let seq = 0;
function fill(p: Partial<SwapFill> & { blockTime: number }): SwapFill {
  seq += 1;
  return {
    signature: `sig${String(seq).padStart(4, '0')}`,
    index: 0,
    slot: BigInt(p.blockTime) * 2n,
    mintIn: null,
    amountIn: null,
    decimalsIn: null,
    mintOut: null,
    amountOut: null,
    decimalsOut: null,
    usdIn: null,
    usdOut: null,
    ...p,
  };
}
/** Bought `tokens` (6 decimals) for `usdc` (6 decimals). */
const buyUsdc = (t: number, tokens: bigint, usdc: bigint, quote = USDC_MINT): SwapFill =>
  fill({
    blockTime: t,
    mintIn: quote,
    amountIn: usdc,
    decimalsIn: 6,
    mintOut: MINT,
    amountOut: tokens,
    decimalsOut: 6,
  });
/** Sold `tokens` for `lamports` SOL. */
const sellForSol = (t: number, tokens: bigint, lamports: bigint, usdOut: string | null = null): SwapFill =>
  fill({
    blockTime: t,
    mintIn: MINT,
    amountIn: tokens,
    decimalsIn: 6,
    mintOut: SOL_MINT,
    amountOut: lamports,
    decimalsOut: 9,
    usdOut,
  });

describe('localVwapCandles', () => {
  it('turns fills into exact 1m candles: close = last fill, vwap and volume alongside', () => {
    const candles = localVwapCandles(MINT, [
      buyUsdc(T + 5, 2_000_000n, 3_000_000n), // 2 tokens for $3 → 1.5
      buyUsdc(T + 40, 1_000_000n, 1_000_000n, USDT_MINT), // 1 token for $1 → 1
      buyUsdc(T + 20, 3_000_000n, 6_000_000n), // 3 tokens for $6 → 2
      buyUsdc(T + 61, 3_000_000n, 1_000_000n), // next minute: 1/3, truncated at 18 places
    ]);
    expect(candles).toEqual([
      {
        mint: MINT,
        resolution: '1m',
        bucketStart: new Date(T * 1000),
        open: '1.5',
        high: '2',
        low: '1',
        close: '1',
        volumeUsd: '10',
        source: LOCAL_VWAP_SOURCE,
        vwap: '1.666666666666666666',
        fills: 3,
      },
      expect.objectContaining({
        bucketStart: new Date((T + 60) * 1000),
        open: '0.333333333333333333',
        close: '0.333333333333333333',
        vwap: '0.333333333333333333',
        volumeUsd: '1',
        fills: 1,
      }),
    ]);
  });

  it('bridges SOL-quoted fills through real SOL/USD closes, else the stored USD leg, else skips them', () => {
    const sol = parseHourlyCloseCsv(readFileSync(SOL_CSV, 'utf8'), SOL_MINT);
    const at = sol.find((c) => c.bucketStart.getTime() === T * 1000);
    if (at === undefined) throw new Error('SOL close missing for 2024-06-01');
    // 4 tokens sold for 0.5 SOL at the SOL/USD close of that hour.
    const [bridged] = localVwapCandles(MINT, [sellForSol(T + 30, 4_000_000n, 500_000_000n)], {
      solUsdCandles: sol,
    });
    const expected = (toScaled(at.close, 18) * 500_000_000n) / 10n ** 9n; // USD × 10^18
    expect(toScaled(bridged?.volumeUsd ?? '', 18)).toBe(expected);
    expect(toScaled(bridged?.close ?? '', 18)).toBe((expected * 10n ** 18n) / (4n * 10n ** 18n));
    // No SOL/USD near the fill: the decoder's USD value of the SOL leg is used; without it, no candle.
    const far = T + 400 * 86_400 * 1000;
    expect(
      localVwapCandles(MINT, [sellForSol(far, 4_000_000n, 1n, '10')], { solUsdCandles: sol })[0]?.close,
    ).toBe('2.5');
    expect(localVwapCandles(MINT, [sellForSol(far, 4_000_000n, 1n)], { solUsdCandles: sol })).toEqual([]);
  });

  it('ignores what is not a priced swap of the mint against SOL/USDC/USDT', () => {
    const other = 'Other111111111111111111111111111111111111111';
    expect(
      localVwapCandles(MINT, [
        fill({
          blockTime: T,
          mintIn: other,
          amountIn: 1n,
          decimalsIn: 6,
          mintOut: MINT,
          amountOut: 1n,
          decimalsOut: 6,
        }),
        fill({
          blockTime: T,
          mintIn: USDC_MINT,
          amountIn: 1n,
          decimalsIn: 6,
          mintOut: MINT,
          amountOut: 0n,
          decimalsOut: 6,
        }),
        fill({ blockTime: T, mintOut: MINT, amountOut: 5n, decimalsOut: 6 }),
        { ...buyUsdc(T, 1n, 1n), blockTime: null },
      ]),
    ).toEqual([]);
  });

  it('any order of the same fills gives the same candles; low ≤ vwap ≤ high; volume = Σ', () => {
    const fills = fc.array(
      fc.record({
        dt: fc.integer({ min: 0, max: 300 }),
        tokens: fc.bigInt({ min: 1n, max: 10n ** 12n }),
        usdc: fc.bigInt({ min: 0n, max: 10n ** 12n }),
      }),
      { minLength: 1, maxLength: 40 },
    );
    fc.assert(
      fc.property(fills, fc.integer(), (rows, seed) => {
        const list = rows.map((r) => buyUsdc(T + r.dt, r.tokens, r.usdc));
        const shuffled = [...list].sort(
          (a, b) => ((a.signature.charCodeAt(5) * seed) % 7) - ((b.signature.charCodeAt(5) * seed) % 7),
        );
        const candles = localVwapCandles(MINT, list);
        expect(localVwapCandles(MINT, shuffled)).toEqual(candles);
        let volume = 0n;
        for (const c of candles) {
          const v = toScaled(c.vwap, 18);
          expect(toScaled(c.low, 18) <= v + 1n && v <= toScaled(c.high, 18)).toBe(true);
          volume += toScaled(c.volumeUsd ?? '0', 18);
        }
        expect(volume).toBe(rows.reduce((s, r) => s + r.usdc * 10n ** 12n, 0n));
      }),
      { numRuns: 200 },
    );
  });
});
