/** Test-only action builders for the ledger tests (no IO). */
import type { Action } from '../../decoder/action.ts';
import { SOL_MINT, USDC_MINT } from '../../domain/mints.ts';
import type { LedgerOptions, PriceAt } from './ledger-options.ts';

export const WALLET = 'Wa11et1111111111111111111111111111111111111';
export const TOKEN = 'Tok3n11111111111111111111111111111111111111';
export const OTHER = 'Oth3r11111111111111111111111111111111111111';

/** An action with every optional field empty: builders spread it and set what they mean. */
export const base: Action = {
  signature: '',
  index: 0,
  slot: 0n,
  blockTime: 1_700_000_000,
  kind: 'swap',
  owner: WALLET,
  mintIn: null,
  amountIn: null,
  decimalsIn: null,
  mintOut: null,
  amountOut: null,
  decimalsOut: null,
  venue: null,
  programs: [],
  side: null,
  counterparty: null,
  usdIn: null,
  usdOut: null,
  transferFeeRaw: null,
  event: null,
};

export function at(slot: number, index = 0): Pick<Action, 'slot' | 'signature' | 'index' | 'blockTime'> {
  return {
    slot: BigInt(slot),
    signature: `sig${String(slot).padStart(6, '0')}`,
    index,
    blockTime: 1_700_000_000 + slot * 60,
  };
}

/** Buy `qtyRaw` of `mint` for `usd` USDC. */
export function buy(
  slot: number,
  mint: string,
  qtyRaw: bigint,
  usd: string,
  decimals = 6,
  index = 0,
): Action {
  return {
    ...base,
    ...at(slot, index),
    side: 'buy',
    mintIn: USDC_MINT,
    amountIn: 1n,
    decimalsIn: 6,
    usdIn: usd,
    mintOut: mint,
    amountOut: qtyRaw,
    decimalsOut: decimals,
  };
}

export function sell(
  slot: number,
  mint: string,
  qtyRaw: bigint,
  usd: string,
  decimals = 6,
  index = 0,
): Action {
  return {
    ...base,
    ...at(slot, index),
    side: 'sell',
    mintIn: mint,
    amountIn: qtyRaw,
    decimalsIn: decimals,
    mintOut: USDC_MINT,
    amountOut: 1n,
    decimalsOut: 6,
    usdOut: usd,
  };
}

export function tokenSwap(slot: number, give: [string, bigint], get: [string, bigint], decimals = 6): Action {
  return {
    ...base,
    ...at(slot),
    side: 'swap',
    mintIn: give[0],
    amountIn: give[1],
    decimalsIn: decimals,
    mintOut: get[0],
    amountOut: get[1],
    decimalsOut: decimals,
  };
}

export function transferIn(
  slot: number,
  mint: string,
  qtyRaw: bigint,
  counterparty: string | null,
  decimals = 6,
): Action {
  return {
    ...base,
    ...at(slot),
    kind: 'transfer_in',
    mintOut: mint,
    amountOut: qtyRaw,
    decimalsOut: decimals,
    counterparty,
  };
}

export function airdrop(slot: number, mint: string, qtyRaw: bigint, decimals = 6): Action {
  return { ...transferIn(slot, mint, qtyRaw, null, decimals), kind: 'mint' };
}

export function transferOut(
  slot: number,
  mint: string,
  qtyRaw: bigint,
  counterparty: string,
  decimals = 6,
): Action {
  return {
    ...base,
    ...at(slot),
    kind: 'transfer_out',
    mintIn: mint,
    amountIn: qtyRaw,
    decimalsIn: decimals,
    counterparty,
  };
}

export function solFee(slot: number, lamports: bigint, index = 9): Action {
  return { ...base, ...at(slot, index), kind: 'fee', mintIn: SOL_MINT, amountIn: lamports, decimalsIn: 9 };
}

/** Fixed prices per mint, any time. */
export function fixedPrices(prices: Record<string, string>): PriceAt {
  return (mint) => {
    const priceUsd = prices[mint];
    return priceUsd === undefined ? null : { priceUsd, source: 'test' };
  };
}

export function options(
  prices: Record<string, string> = {},
  extra: Partial<LedgerOptions> = {},
): LedgerOptions {
  return { quoteMints: [SOL_MINT, USDC_MINT], priceAt: fixedPrices(prices), ...extra };
}
