import { readonly, signer, writable } from '../chain/account-meta.ts';
import { anchorInstruction, ByteWriter } from '../chain/byte-writer.ts';
import type { TransactionBuilder } from '../chain/transaction-builder.ts';
import { JUPITER, PROGRAM, WSOL_MINT } from '../chain/well-known.ts';
import { emitCpi, eventBytes } from '../programs/anchor-events.ts';
import { defineAnchorEvent } from '../../decoder/events/anchor-event-layout.ts';
import { fields, type EventRecord } from '../../decoder/events/borsh-type.ts';
import type { PumpTokenAccounts } from '../pumpfun/pump-token-accounts.ts';
import { baseOutForQuote } from '../../launch/curve/pool-math.ts';
import { pumpswapAccounts, pumpswapBuy, pumpswapSell, type PoolTrade } from '../pumpswap/pumpswap-trade.ts';

/** Jupiter v6 `SwapEvent` (IDL in ../shared/data/0xjeffro-tx-parser/solana/idl/jupiter.json), one per route leg. */
const JUPITER_SWAP_EVENT = defineAnchorEvent('SwapEvent', [
  fields(
    ['amm', 'pubkey'],
    ['inputMint', 'pubkey'],
    ['inputAmount', 'u64'],
    ['outputMint', 'pubkey'],
    ['outputAmount', 'u64'],
  ),
]);

/**
 * Route-plan `Swap` variants of the PumpSwap legs in Jupiter v6's IDL of 2025 (`PumpdotfunAmmBuy` = 72,
 * `PumpdotfunAmmSell` = 73); the recorded 2024 IDL predates them.
 */
const SWAP_PUMP_AMM_BUY = 72;
const SWAP_PUMP_AMM_SELL = 73;

export interface JupiterRouteParams {
  readonly accounts: PumpTokenAccounts;
  readonly user: string;
  /** The user's WSOL account (source of a buy, destination of a sell). */
  readonly wsolAccount: string;
  readonly tokenAccount: string;
  readonly side: 'buy' | 'sell';
  /** Lamports in (buy) or base tokens in (sell). */
  readonly inAmount: bigint;
  readonly quotedOutAmount: bigint;
  readonly slippageBps: number;
  readonly timestamp: number;
}

/**
 * Jupiter v6 `route` with one PumpSwap leg on the user's own token accounts: the legacy (non-shared-accounts)
 * form, accounts `token_program, user_transfer_authority, source, destination, destination_token_account (None
 * = program id), destination_mint, platform_fee_account (None), event_authority, program`, then the leg's
 * program and accounts. Jupiter CPIs the AMM, emits SwapEvent through `emit_cpi!` and returns the output amount.
 */
export function jupiterRoute(tx: TransactionBuilder, p: JupiterRouteParams): PoolTrade | null {
  const buy = p.side === 'buy';
  const source = buy ? p.wsolAccount : p.tokenAccount;
  const destination = buy ? p.tokenAccount : p.wsolAccount;
  const data = anchorInstruction('route')
    .u32(1)
    .u8(buy ? SWAP_PUMP_AMM_BUY : SWAP_PUMP_AMM_SELL)
    .u8(100)
    .u8(0)
    .u8(1)
    .u64(p.inAmount)
    .u64(p.quotedOutAmount)
    .u16(p.slippageBps)
    .u8(0)
    .done();
  const legParams = {
    accounts: p.accounts,
    user: p.user,
    userBaseAccount: p.tokenAccount,
    userQuoteAccount: p.wsolAccount,
    timestamp: p.timestamp,
  };
  const metas = [
    readonly(PROGRAM.token),
    signer(p.user),
    writable(source),
    writable(destination),
    readonly(PROGRAM.jupiter),
    readonly(buy ? p.accounts.mint : WSOL_MINT),
    readonly(PROGRAM.jupiter),
    readonly(JUPITER.eventAuthority),
    readonly(PROGRAM.jupiter),
    readonly(PROGRAM.pumpswap),
    ...pumpswapAccounts(legParams),
  ];
  let trade: PoolTrade | null = null;
  tx.invoke(PROGRAM.jupiter, metas, data, () => {
    tx.log('Instruction: Route');
    tx.consume(28_000);
    if (buy) {
      const base = tx.state.requireToken(p.accounts.poolBaseTokenAccount).amount;
      const quote = tx.state.requireToken(p.accounts.poolQuoteTokenAccount).amount;
      const baseOut = baseOutForQuote(base, quote, p.inAmount);
      trade = pumpswapBuy(tx, { ...legParams, baseOut, maxQuoteIn: p.inAmount });
    } else {
      trade = pumpswapSell(tx, { ...legParams, baseIn: p.inAmount, minQuoteOut: 0n });
    }
    if (trade === null) return;
    const t: PoolTrade = trade;
    const event: EventRecord = {
      amm: PROGRAM.pumpswap,
      inputMint: buy ? WSOL_MINT : p.accounts.mint,
      inputAmount: (buy ? t.userQuoteAmount : t.baseAmount).toString(),
      outputMint: buy ? p.accounts.mint : WSOL_MINT,
      outputAmount: (buy ? t.baseAmount : t.userQuoteAmount).toString(),
    };
    emitCpi(tx, PROGRAM.jupiter, JUPITER.eventAuthority, eventBytes(JUPITER_SWAP_EVENT, event, 5));
    tx.logReturn(PROGRAM.jupiter, new ByteWriter(8).u64(buy ? t.baseAmount : t.userQuoteAmount).done());
  });
  return trade;
}
