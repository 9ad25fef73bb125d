import { defineAnchorEvent } from './anchor-event-layout.ts';
import { enumOf, fields, struct } from './borsh-type.ts';

/**
 * Raydium LaunchLab (`LanMV9sAd7wArD4vJFi2qDdfnVhFxYSUg6eADduJ3uj`, "letsbonk" launches) events, as in
 * chainstack-pump-fun-bot's raydium_launchlab_idl.json (2025-06; the create-pair transaction we hold is this
 * layout). LaunchLab only emits through `emit_cpi!`, never as a log line. Its `TradeEvent` shares pump.fun's
 * discriminator (same event name), which is harmless because layouts are looked up per program.
 */

export const LAUNCHLAB_TRADE_EVENT = defineAnchorEvent('TradeEvent', [
  fields(
    ['poolState', 'pubkey'],
    ['totalBaseSell', 'u64'],
    ['virtualBase', 'u64'],
    ['virtualQuote', 'u64'],
    ['realBaseBefore', 'u64'],
    ['realQuoteBefore', 'u64'],
    ['realBaseAfter', 'u64'],
    ['realQuoteAfter', 'u64'],
    ['amountIn', 'u64'],
    ['amountOut', 'u64'],
    ['protocolFee', 'u64'],
    ['platformFee', 'u64'],
    ['shareFee', 'u64'],
    ['tradeDirection', enumOf('Buy', 'Sell')],
    ['poolStatus', enumOf('Fund', 'Migrate', 'Trade')],
  ),
]);

const curveBody = (withTotalBaseSell: boolean) =>
  struct(
    ['supply', 'u64'],
    ...(withTotalBaseSell ? [['totalBaseSell', 'u64'] as const] : []),
    ['totalQuoteFundRaising', 'u64'],
    ['migrateType', 'u8'],
  );

export const LAUNCHLAB_POOL_CREATE_EVENT = defineAnchorEvent('PoolCreateEvent', [
  fields(
    ['poolState', 'pubkey'],
    ['creator', 'pubkey'],
    ['config', 'pubkey'],
    [
      'baseMintParam',
      struct(['decimals', 'u8'], ['name', 'string'], ['symbol', 'string'], ['uri', 'string']),
    ],
    [
      'curveParam',
      enumOf(
        ['Constant', [['data', curveBody(true)]]],
        ['Fixed', [['data', curveBody(false)]]],
        ['Linear', [['data', curveBody(false)]]],
      ),
    ],
    ['vestingParam', struct(['totalLockedAmount', 'u64'], ['cliffPeriod', 'u64'], ['unlockPeriod', 'u64'])],
  ),
]);

export const LAUNCHLAB_EVENTS = [LAUNCHLAB_TRADE_EVENT, LAUNCHLAB_POOL_CREATE_EVENT] as const;
