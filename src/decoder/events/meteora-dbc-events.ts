import { defineAnchorEvent } from './anchor-event-layout.ts';
import { fields, struct } from './borsh-type.ts';

/**
 * Meteora Dynamic Bonding Curve (`dbcij3LWUppWqq96dh6gJWwBifmcGfLSB5D4DuSMaqN`) events, from the
 * dynamic-bonding-curve-sdk IDL 0.1.10. Emitted through `emit_cpi!` only. This program version emits both
 * `EvtSwap` (the older shape) and `EvtSwap2` (with swap mode and partial fills) for every swap: they describe
 * the same trade, so a consumer should read one of them, never add both.
 * `tradeDirection` is 0 = base to quote (sell), 1 = quote to base (buy).
 */

export const DBC_SWAP_EVENT = defineAnchorEvent('EvtSwap', [
  fields(
    ['pool', 'pubkey'],
    ['config', 'pubkey'],
    ['tradeDirection', 'u8'],
    ['hasReferral', 'bool'],
    ['params', struct(['amountIn', 'u64'], ['minimumAmountOut', 'u64'])],
    [
      'swapResult',
      struct(
        ['actualInputAmount', 'u64'],
        ['outputAmount', 'u64'],
        ['nextSqrtPrice', 'u128'],
        ['tradingFee', 'u64'],
        ['protocolFee', 'u64'],
        ['referralFee', 'u64'],
      ),
    ],
    ['amountIn', 'u64'],
    ['currentTimestamp', 'u64'],
  ),
]);

export const DBC_SWAP2_EVENT = defineAnchorEvent('EvtSwap2', [
  fields(
    ['pool', 'pubkey'],
    ['config', 'pubkey'],
    ['tradeDirection', 'u8'],
    ['hasReferral', 'bool'],
    // amount0/amount1 mean amountIn/minimumAmountOut for exact-in and partial fill, amountOut/maximumAmountIn
    // for exact-out (swapMode 0 = exact in, 1 = partial fill, 2 = exact out).
    ['swapParameters', struct(['amount0', 'u64'], ['amount1', 'u64'], ['swapMode', 'u8'])],
    [
      'swapResult',
      struct(
        ['includedFeeInputAmount', 'u64'],
        ['excludedFeeInputAmount', 'u64'],
        ['amountLeft', 'u64'],
        ['outputAmount', 'u64'],
        ['nextSqrtPrice', 'u128'],
        ['tradingFee', 'u64'],
        ['protocolFee', 'u64'],
        ['referralFee', 'u64'],
      ),
    ],
    ['quoteReserveAmount', 'u64'],
    ['migrationThreshold', 'u64'],
    ['currentTimestamp', 'u64'],
  ),
]);

export const DBC_INITIALIZE_POOL_EVENT = defineAnchorEvent('EvtInitializePool', [
  fields(
    ['pool', 'pubkey'],
    ['config', 'pubkey'],
    ['creator', 'pubkey'],
    ['baseMint', 'pubkey'],
    ['poolType', 'u8'],
    ['activationPoint', 'u64'],
  ),
]);

/** The curve hit its migration threshold. */
export const DBC_CURVE_COMPLETE_EVENT = defineAnchorEvent('EvtCurveComplete', [
  fields(['pool', 'pubkey'], ['config', 'pubkey'], ['baseReserve', 'u64'], ['quoteReserve', 'u64']),
]);

export const METEORA_DBC_EVENTS = [
  DBC_SWAP_EVENT,
  DBC_SWAP2_EVENT,
  DBC_INITIALIZE_POOL_EVENT,
  DBC_CURVE_COMPLETE_EVENT,
] as const;
