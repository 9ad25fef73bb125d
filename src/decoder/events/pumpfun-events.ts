import { defineAnchorEvent } from './anchor-event-layout.ts';
import { fields, struct, vec } from './borsh-type.ts';

/**
 * Pump.fun bonding curve (`6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P`) events. Each version group names
 * the IDL it comes from; all of them are prefixes of the newest list (checked by the layout-vs-IDL test).
 * The program emits every event twice, as a `Program data:` log and as an `emit_cpi!` self-invocation.
 */

export const PUMPFUN_TRADE_EVENT = defineAnchorEvent('TradeEvent', [
  // 2024 launch layout (0xjeffro/tx-parser pumpfun.json), 113 bytes.
  fields(
    ['mint', 'pubkey'],
    ['solAmount', 'u64'],
    ['tokenAmount', 'u64'],
    ['isBuy', 'bool'],
    ['user', 'pubkey'],
    ['timestamp', 'i64'],
    ['virtualSolReserves', 'u64'],
    ['virtualTokenReserves', 'u64'],
  ),
  // Real reserves (carbon pumpfun.json); every recorded trade from 2024-05 to 2025-04 is this 121-byte form.
  fields(['realSolReserves', 'u64'], ['realTokenReserves', 'u64']),
  // Protocol and creator fees, May 2025 (chainstack pump_fun_idl.json, solana-swap-scan pump.json), 217 bytes.
  fields(
    ['feeRecipient', 'pubkey'],
    ['feeBasisPoints', 'u64'],
    ['fee', 'u64'],
    ['creator', 'pubkey'],
    ['creatorFeeBasisPoints', 'u64'],
    ['creatorFee', 'u64'],
  ),
  // pump-public-docs pump.json (official, current in ../shared/data). Deployed in several upgrades: volume
  // accumulator (track_volume … last_update_timestamp), then ix_name, mayhem mode, cashback, buyback fees and
  // creator fee sharing, and non-SOL quote mints.
  fields(
    ['trackVolume', 'bool'],
    ['totalUnclaimedTokens', 'u64'],
    ['totalClaimedTokens', 'u64'],
    ['currentSolVolume', 'u64'],
    ['lastUpdateTimestamp', 'i64'],
    ['ixName', 'string'],
    ['mayhemMode', 'bool'],
    ['cashbackFeeBasisPoints', 'u64'],
    ['cashback', 'u64'],
    ['buybackFeeBasisPoints', 'u64'],
    ['buybackFee', 'u64'],
    ['shareholders', vec(struct(['address', 'pubkey'], ['shareBps', 'u16']))],
    ['quoteMint', 'pubkey'],
    ['quoteAmount', 'u64'],
    ['virtualQuoteReserves', 'u64'],
    ['realQuoteReserves', 'u64'],
  ),
  // Holder rewards: appended by a later pump-public-docs IDL (commit cb188ce0) than the snapshot in
  // ../shared/data, so no local IDL checks these two; without them such events would be refused as unknown.
  fields(['holderRewardsBps', 'u64'], ['holderRewards', 'u64']),
]);

export const PUMPFUN_CREATE_EVENT = defineAnchorEvent('CreateEvent', [
  // 2024 layout (0xjeffro, carbon).
  fields(
    ['name', 'string'],
    ['symbol', 'string'],
    ['uri', 'string'],
    ['mint', 'pubkey'],
    ['bondingCurve', 'pubkey'],
    ['user', 'pubkey'],
  ),
  // Creator and initial curve (chainstack, solana-swap-scan; 2025).
  fields(
    ['creator', 'pubkey'],
    ['timestamp', 'i64'],
    ['virtualTokenReserves', 'u64'],
    ['virtualSolReserves', 'u64'],
    ['realTokenReserves', 'u64'],
    ['tokenTotalSupply', 'u64'],
  ),
  // Token-2022 `create_v2`, mayhem mode, cashback and quote mints (pump-public-docs).
  fields(
    ['tokenProgram', 'pubkey'],
    ['isMayhemMode', 'bool'],
    ['isCashbackEnabled', 'bool'],
    ['quoteMint', 'pubkey'],
    ['virtualQuoteReserves', 'u64'],
  ),
]);

/** The curve reached its target; trading on it stops until migration. */
export const PUMPFUN_COMPLETE_EVENT = defineAnchorEvent('CompleteEvent', [
  fields(['user', 'pubkey'], ['mint', 'pubkey'], ['bondingCurve', 'pubkey'], ['timestamp', 'i64']),
  fields(['quoteMint', 'pubkey']),
]);

/** Liquidity moved from the completed curve into a PumpSwap pool (the `migrate` instruction, 2025-03 on). */
export const PUMPFUN_COMPLETE_PUMP_AMM_MIGRATION_EVENT = defineAnchorEvent('CompletePumpAmmMigrationEvent', [
  fields(
    ['user', 'pubkey'],
    ['mint', 'pubkey'],
    ['mintAmount', 'u64'],
    ['solAmount', 'u64'],
    ['poolMigrationFee', 'u64'],
    ['bondingCurve', 'pubkey'],
    ['timestamp', 'i64'],
    ['pool', 'pubkey'],
  ),
  fields(['quoteMint', 'pubkey']),
]);

export const PUMPFUN_EVENTS = [
  PUMPFUN_TRADE_EVENT,
  PUMPFUN_CREATE_EVENT,
  PUMPFUN_COMPLETE_EVENT,
  PUMPFUN_COMPLETE_PUMP_AMM_MIGRATION_EVENT,
] as const;
