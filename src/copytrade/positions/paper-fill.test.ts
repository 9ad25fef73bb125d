import { describe, expect, test } from 'vitest';
import {
  DEFAULT_PAPER_FILL_CONFIG,
  paperFill,
  type PaperFillConfig,
  type PaperFillRequest,
} from './paper-fill.ts';

const flat: PaperFillConfig = {
  slippageBps: 100,
  sizeImpact: null,
  maxSlippageBps: 500,
  feeBps: 25,
  networkFeeLamports: 105_000n,
};

// 1 000 tokens of 6 decimals at $0.002, SOL at $150.
const request = (over: Partial<PaperFillRequest> = {}): PaperFillRequest => ({
  side: 'buy',
  qtyRaw: 1_000_000_000n,
  decimals: 6,
  quotePriceUsd: '0.002',
  solPriceUsd: '150',
  liquidityUsd: null,
  atMs: 1_000,
  ...over,
});

function ok(c: PaperFillConfig, r: PaperFillRequest) {
  const res = paperFill(c, r);
  if (!res.ok) throw new Error(`expected a fill, got ${res.reason}`);
  return res.fill;
}

describe('paperFill', () => {
  test('a buy fills above the quote: price, notional, fees and slippage exact', () => {
    expect(ok(flat, request())).toEqual({
      side: 'buy',
      source: 'paper',
      qtyRaw: 1_000_000_000n,
      quotePriceUsd: '0.002',
      priceUsd: '0.00202',
      notionalUsd: '2.02',
      swapFeeUsd: '0.00505',
      networkFeeUsd: '0.01575',
      feesUsd: '0.0208',
      slippageUsd: '0.02',
      atMs: 1_000,
    });
  });

  test('a sell fills below the quote', () => {
    const f = ok(flat, request({ side: 'sell' }));
    expect([f.priceUsd, f.notionalUsd, f.swapFeeUsd, f.feesUsd, f.slippageUsd]).toEqual([
      '0.00198',
      '1.98',
      '0.00495',
      '0.0207',
      '0.02',
    ]);
  });

  test('size impact adds notional / liquidity × factor to the slippage', () => {
    const c: PaperFillConfig = { ...flat, sizeImpact: { factor: '1' } };
    // $2 at the quote in a $100 000 pool: +0.002 % → 1.002 % in all.
    expect(ok(c, request({ liquidityUsd: '100000' })).priceUsd).toBe('0.00202004');
    const doubled: PaperFillConfig = { ...flat, sizeImpact: { factor: '2' } };
    expect(ok(doubled, request({ liquidityUsd: '100000' })).priceUsd).toBe('0.00202008');
  });

  test('without liquidity the size impact cannot be modelled: no fill', () => {
    const c: PaperFillConfig = { ...flat, sizeImpact: { factor: '1' } };
    expect(paperFill(c, request())).toEqual({ ok: false, reason: 'LIQUIDITY_UNKNOWN', slippageBps: null });
  });

  test('slippage exactly at the tolerance fills; one bps above does not', () => {
    expect(paperFill({ ...flat, maxSlippageBps: 100 }, request()).ok).toBe(true);
    expect(paperFill({ ...flat, maxSlippageBps: 99 }, request())).toEqual({
      ok: false,
      reason: 'SLIPPAGE_EXCEEDED',
      slippageBps: '100',
    });
  });

  test('rounding on the 18-digit grid goes against us on both sides', () => {
    const tiny = request({ quotePriceUsd: '0.000000000000000003', decimals: 0, qtyRaw: 1n });
    expect(ok(flat, tiny).priceUsd).toBe('0.000000000000000004');
    expect(ok(flat, { ...tiny, side: 'sell' }).priceUsd).toBe('0.000000000000000002');
  });

  test('zero slippage and fees: the fill is the quote, costs nothing', () => {
    const free: PaperFillConfig = { ...flat, slippageBps: 0, feeBps: 0, networkFeeLamports: 0n };
    const f = ok(free, request());
    expect([f.priceUsd, f.feesUsd, f.slippageUsd]).toEqual(['0.002', '0', '0']);
  });

  test('settings out of range are rejected with a code', () => {
    expect(() => paperFill({ ...flat, maxSlippageBps: 10_000 }, request())).toThrow(
      expect.objectContaining({ code: 'PAPER_FILL_CONFIG_INVALID' }),
    );
    expect(() => paperFill({ ...flat, feeBps: 1.5 }, request())).toThrow(
      expect.objectContaining({ code: 'PAPER_FILL_CONFIG_INVALID' }),
    );
    expect(() => paperFill({ ...flat, sizeImpact: { factor: '-1' } }, request())).toThrow(
      expect.objectContaining({ code: 'PAPER_FILL_CONFIG_INVALID' }),
    );
    expect(() => paperFill(DEFAULT_PAPER_FILL_CONFIG, request({ qtyRaw: 0n }))).toThrow(
      expect.objectContaining({ code: 'POSITION_INPUT_INVALID' }),
    );
  });
});
