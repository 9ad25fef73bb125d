import { defineAnchorEvent } from './anchor-event-layout.ts';
import { fields, type BorshField } from './borsh-type.ts';

/**
 * PumpSwap AMM (`pAMMBay6oceH9fJKBRHGP5D4bD4sWpmSwMn52FMfXEA`) events. Base = the pump token, quote = usually
 * WSOL. Reserves in Buy/Sell/Deposit/Withdraw events are the pool's and user's balances before the operation.
 *
 * The first Buy/Sell/CreatePool group is the March 2025 launch layout, before coin-creator fees (May 2025).
 * No IDL of that version is in ../shared/data; its size (304-byte Buy/Sell) is what solana-dex-parser
 * branches on, and the later IDLs extend it, so it is the oldest version we accept.
 */

const poolTradeAccounts: BorshField[] = fields(
  ['pool', 'pubkey'],
  ['user', 'pubkey'],
  ['userBaseTokenAccount', 'pubkey'],
  ['userQuoteTokenAccount', 'pubkey'],
  ['protocolFeeRecipient', 'pubkey'],
  ['protocolFeeRecipientTokenAccount', 'pubkey'],
);

// Coin-creator fee, May 2025 (chainstack pump_swap_idl.json, solana-swap-scan pumpamm.json).
const coinCreatorFee: BorshField[] = fields(
  ['coinCreator', 'pubkey'],
  ['coinCreatorFeeBasisPoints', 'u64'],
  ['coinCreatorFee', 'u64'],
);

export const PUMPSWAP_BUY_EVENT = defineAnchorEvent('BuyEvent', [
  [
    ...fields(
      ['timestamp', 'i64'],
      ['baseAmountOut', 'u64'],
      ['maxQuoteAmountIn', 'u64'],
      ['userBaseTokenReserves', 'u64'],
      ['userQuoteTokenReserves', 'u64'],
      ['poolBaseTokenReserves', 'u64'],
      ['poolQuoteTokenReserves', 'u64'],
      ['quoteAmountIn', 'u64'],
      ['lpFeeBasisPoints', 'u64'],
      ['lpFee', 'u64'],
      ['protocolFeeBasisPoints', 'u64'],
      ['protocolFee', 'u64'],
      ['quoteAmountInWithLpFee', 'u64'],
      ['userQuoteAmountIn', 'u64'],
    ),
    ...poolTradeAccounts,
  ],
  coinCreatorFee,
  // pump-public-docs pump_amm.json (current): volume accumulator, ix_name, cashback and buyback fees.
  fields(
    ['trackVolume', 'bool'],
    ['totalUnclaimedTokens', 'u64'],
    ['totalClaimedTokens', 'u64'],
    ['currentSolVolume', 'u64'],
    ['lastUpdateTimestamp', 'i64'],
    ['minBaseAmountOut', 'u64'],
    ['ixName', 'string'],
    ['cashbackFeeBasisPoints', 'u64'],
    ['cashback', 'u64'],
    ['buybackFeeBasisPoints', 'u64'],
    ['buybackFee', 'u64'],
  ),
]);

export const PUMPSWAP_SELL_EVENT = defineAnchorEvent('SellEvent', [
  [
    ...fields(
      ['timestamp', 'i64'],
      ['baseAmountIn', 'u64'],
      ['minQuoteAmountOut', 'u64'],
      ['userBaseTokenReserves', 'u64'],
      ['userQuoteTokenReserves', 'u64'],
      ['poolBaseTokenReserves', 'u64'],
      ['poolQuoteTokenReserves', 'u64'],
      ['quoteAmountOut', 'u64'],
      ['lpFeeBasisPoints', 'u64'],
      ['lpFee', 'u64'],
      ['protocolFeeBasisPoints', 'u64'],
      ['protocolFee', 'u64'],
      ['quoteAmountOutWithoutLpFee', 'u64'],
      ['userQuoteAmountOut', 'u64'],
    ),
    ...poolTradeAccounts,
  ],
  coinCreatorFee,
  // pump-public-docs pump_amm.json (current): sells gained cashback and buyback fees only.
  fields(
    ['cashbackFeeBasisPoints', 'u64'],
    ['cashback', 'u64'],
    ['buybackFeeBasisPoints', 'u64'],
    ['buybackFee', 'u64'],
  ),
]);

export const PUMPSWAP_CREATE_POOL_EVENT = defineAnchorEvent('CreatePoolEvent', [
  fields(
    ['timestamp', 'i64'],
    ['index', 'u16'],
    ['creator', 'pubkey'],
    ['baseMint', 'pubkey'],
    ['quoteMint', 'pubkey'],
    ['baseMintDecimals', 'u8'],
    ['quoteMintDecimals', 'u8'],
    ['baseAmountIn', 'u64'],
    ['quoteAmountIn', 'u64'],
    ['poolBaseAmount', 'u64'],
    ['poolQuoteAmount', 'u64'],
    ['minimumLiquidity', 'u64'],
    ['initialLiquidity', 'u64'],
    ['lpTokenAmountOut', 'u64'],
    ['poolBump', 'u8'],
    ['pool', 'pubkey'],
    ['lpMint', 'pubkey'],
    ['userBaseTokenAccount', 'pubkey'],
    ['userQuoteTokenAccount', 'pubkey'],
  ),
  fields(['coinCreator', 'pubkey']),
  fields(['isMayhemMode', 'bool']),
]);

const liquidityAccounts: BorshField[] = fields(
  ['pool', 'pubkey'],
  ['user', 'pubkey'],
  ['userBaseTokenAccount', 'pubkey'],
  ['userQuoteTokenAccount', 'pubkey'],
  ['userPoolTokenAccount', 'pubkey'],
);

/** Unchanged since launch in every IDL we have. */
export const PUMPSWAP_DEPOSIT_EVENT = defineAnchorEvent('DepositEvent', [
  [
    ...fields(
      ['timestamp', 'i64'],
      ['lpTokenAmountOut', 'u64'],
      ['maxBaseAmountIn', 'u64'],
      ['maxQuoteAmountIn', 'u64'],
      ['userBaseTokenReserves', 'u64'],
      ['userQuoteTokenReserves', 'u64'],
      ['poolBaseTokenReserves', 'u64'],
      ['poolQuoteTokenReserves', 'u64'],
      ['baseAmountIn', 'u64'],
      ['quoteAmountIn', 'u64'],
      ['lpMintSupply', 'u64'],
    ),
    ...liquidityAccounts,
  ],
]);

export const PUMPSWAP_WITHDRAW_EVENT = defineAnchorEvent('WithdrawEvent', [
  [
    ...fields(
      ['timestamp', 'i64'],
      ['lpTokenAmountIn', 'u64'],
      ['minBaseAmountOut', 'u64'],
      ['minQuoteAmountOut', 'u64'],
      ['userBaseTokenReserves', 'u64'],
      ['userQuoteTokenReserves', 'u64'],
      ['poolBaseTokenReserves', 'u64'],
      ['poolQuoteTokenReserves', 'u64'],
      ['baseAmountOut', 'u64'],
      ['quoteAmountOut', 'u64'],
      ['lpMintSupply', 'u64'],
    ),
    ...liquidityAccounts,
  ],
]);

export const PUMPSWAP_EVENTS = [
  PUMPSWAP_BUY_EVENT,
  PUMPSWAP_SELL_EVENT,
  PUMPSWAP_CREATE_POOL_EVENT,
  PUMPSWAP_DEPOSIT_EVENT,
  PUMPSWAP_WITHDRAW_EVENT,
] as const;
