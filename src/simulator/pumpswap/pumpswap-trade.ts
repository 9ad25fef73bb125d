import { readonly, signer, writable } from '../chain/account-meta.ts';
import { anchorInstruction } from '../chain/byte-writer.ts';
import type { TransactionBuilder } from '../chain/transaction-builder.ts';
import { PROGRAM, PUMPSWAP, WSOL_MINT } from '../chain/well-known.ts';
import { emitCpi, eventBytes } from '../programs/anchor-events.ts';
import { tokenTransferChecked } from '../programs/token-program.ts';
import { PUMPSWAP_BUY_EVENT, PUMPSWAP_SELL_EVENT } from '../../decoder/events/pumpswap-events.ts';
import type { EventRecord } from '../../decoder/events/borsh-type.ts';
import { anchorFail, PUMPSWAP_ERRORS } from '../pumpfun/pump-anchor-error.ts';
import { TOKEN_DECIMALS } from '../../launch/curve/bonding-curve-math.ts';
import type { PumpTokenAccounts } from '../pumpfun/pump-token-accounts.ts';
import { poolBuy, poolSell, LP_FEE_BPS, PROTOCOL_FEE_BPS } from '../../launch/curve/pool-math.ts';

/**
 * PumpSwap `buy(base_amount_out, max_quote_amount_in)` / `sell(base_amount_in, min_quote_amount_out)` with the
 * 17 accounts of the March 2025 program (no coin-creator vault yet), three TransferChecked CPIs, then
 * `emit!` and `emit_cpi!` of a 304-byte BuyEvent/SellEvent. Reserves are the vault balances; the LP fee stays
 * in the quote vault. Used directly and as the leg of a Jupiter route.
 */
const EVENT_FIELDS = 20;

export interface PoolTradeParams {
  readonly accounts: PumpTokenAccounts;
  readonly user: string;
  readonly userBaseAccount: string;
  readonly userQuoteAccount: string;
  readonly timestamp: number;
}

export interface PoolTrade {
  readonly baseAmount: bigint;
  /** What left (buy) or reached (sell) the user's quote account. */
  readonly userQuoteAmount: bigint;
  readonly protocolFee: bigint;
  readonly event: EventRecord;
  readonly side: 'buy' | 'sell';
}

export function pumpswapAccounts(p: PoolTradeParams): ReturnType<typeof writable>[] {
  const a = p.accounts;
  return [
    readonly(a.pool),
    signer(p.user),
    readonly(PUMPSWAP.globalConfig),
    readonly(a.mint),
    readonly(WSOL_MINT),
    writable(p.userBaseAccount),
    writable(p.userQuoteAccount),
    writable(a.poolBaseTokenAccount),
    writable(a.poolQuoteTokenAccount),
    readonly(PUMPSWAP.protocolFeeRecipient),
    writable(PUMPSWAP.protocolFeeRecipientTokenAccount),
    readonly(PROGRAM.token),
    readonly(PROGRAM.token),
    readonly(PROGRAM.system),
    readonly(PROGRAM.associatedToken),
    readonly(PUMPSWAP.eventAuthority),
    readonly(PROGRAM.pumpswap),
  ];
}

export function pumpswapBuy(
  tx: TransactionBuilder,
  p: PoolTradeParams & { baseOut: bigint; maxQuoteIn: bigint },
): PoolTrade | null {
  const data = anchorInstruction('buy').u64(p.baseOut).u64(p.maxQuoteIn).done();
  let trade: PoolTrade | null = null;
  tx.invoke(PROGRAM.pumpswap, pumpswapAccounts(p), data, () => {
    tx.log('Instruction: Buy');
    const r = reserves(tx, p);
    const q = poolBuy(r.poolBase, r.poolQuote, p.baseOut);
    if (q.userQuoteAmountIn > p.maxQuoteIn)
      anchorFail(
        tx,
        'programs/pump-amm/src/instructions/buy.rs:131',
        'ExceededSlippage',
        PUMPSWAP_ERRORS.ExceededSlippage,
      );
    tx.consume(62_000);
    const a = p.accounts;
    tokenTransferChecked(tx, {
      source: a.poolBaseTokenAccount,
      mint: a.mint,
      destination: p.userBaseAccount,
      authority: a.pool,
      amount: p.baseOut,
      decimals: TOKEN_DECIMALS,
    });
    tokenTransferChecked(tx, {
      source: p.userQuoteAccount,
      mint: WSOL_MINT,
      destination: a.poolQuoteTokenAccount,
      authority: p.user,
      amount: q.quoteAmountInWithLpFee,
      decimals: 9,
    });
    tokenTransferChecked(tx, {
      source: p.userQuoteAccount,
      mint: WSOL_MINT,
      destination: PUMPSWAP.protocolFeeRecipientTokenAccount,
      authority: p.user,
      amount: q.protocolFee,
      decimals: 9,
    });
    const event: EventRecord = {
      timestamp: String(p.timestamp),
      baseAmountOut: p.baseOut.toString(),
      maxQuoteAmountIn: p.maxQuoteIn.toString(),
      ...reserveFields(r),
      quoteAmountIn: q.quoteAmountIn.toString(),
      lpFeeBasisPoints: LP_FEE_BPS.toString(),
      lpFee: q.lpFee.toString(),
      protocolFeeBasisPoints: PROTOCOL_FEE_BPS.toString(),
      protocolFee: q.protocolFee.toString(),
      quoteAmountInWithLpFee: q.quoteAmountInWithLpFee.toString(),
      userQuoteAmountIn: q.userQuoteAmountIn.toString(),
      ...accountFields(p),
    };
    emitEvent(tx, eventBytes(PUMPSWAP_BUY_EVENT, event, EVENT_FIELDS));
    trade = {
      baseAmount: p.baseOut,
      userQuoteAmount: q.userQuoteAmountIn,
      protocolFee: q.protocolFee,
      event,
      side: 'buy',
    };
  });
  return trade;
}

export function pumpswapSell(
  tx: TransactionBuilder,
  p: PoolTradeParams & { baseIn: bigint; minQuoteOut: bigint },
): PoolTrade | null {
  const data = anchorInstruction('sell').u64(p.baseIn).u64(p.minQuoteOut).done();
  let trade: PoolTrade | null = null;
  tx.invoke(PROGRAM.pumpswap, pumpswapAccounts(p), data, () => {
    tx.log('Instruction: Sell');
    const r = reserves(tx, p);
    const q = poolSell(r.poolBase, r.poolQuote, p.baseIn);
    if (q.userQuoteAmountOut < p.minQuoteOut)
      anchorFail(
        tx,
        'programs/pump-amm/src/instructions/sell.rs:139',
        'ExceededSlippage',
        PUMPSWAP_ERRORS.ExceededSlippage,
      );
    tx.consume(56_000);
    const a = p.accounts;
    tokenTransferChecked(tx, {
      source: p.userBaseAccount,
      mint: a.mint,
      destination: a.poolBaseTokenAccount,
      authority: p.user,
      amount: p.baseIn,
      decimals: TOKEN_DECIMALS,
    });
    tokenTransferChecked(tx, {
      source: a.poolQuoteTokenAccount,
      mint: WSOL_MINT,
      destination: p.userQuoteAccount,
      authority: a.pool,
      amount: q.userQuoteAmountOut,
      decimals: 9,
    });
    tokenTransferChecked(tx, {
      source: a.poolQuoteTokenAccount,
      mint: WSOL_MINT,
      destination: PUMPSWAP.protocolFeeRecipientTokenAccount,
      authority: a.pool,
      amount: q.protocolFee,
      decimals: 9,
    });
    const event: EventRecord = {
      timestamp: String(p.timestamp),
      baseAmountIn: p.baseIn.toString(),
      minQuoteAmountOut: p.minQuoteOut.toString(),
      ...reserveFields(r),
      quoteAmountOut: q.quoteAmountOut.toString(),
      lpFeeBasisPoints: LP_FEE_BPS.toString(),
      lpFee: q.lpFee.toString(),
      protocolFeeBasisPoints: PROTOCOL_FEE_BPS.toString(),
      protocolFee: q.protocolFee.toString(),
      quoteAmountOutWithoutLpFee: q.quoteAmountOutWithoutLpFee.toString(),
      userQuoteAmountOut: q.userQuoteAmountOut.toString(),
      ...accountFields(p),
    };
    emitEvent(tx, eventBytes(PUMPSWAP_SELL_EVENT, event, EVENT_FIELDS));
    trade = {
      baseAmount: p.baseIn,
      userQuoteAmount: q.userQuoteAmountOut,
      protocolFee: q.protocolFee,
      event,
      side: 'sell',
    };
  });
  return trade;
}

interface Reserves {
  readonly userBase: bigint;
  readonly userQuote: bigint;
  readonly poolBase: bigint;
  readonly poolQuote: bigint;
}

function reserves(tx: TransactionBuilder, p: PoolTradeParams): Reserves {
  const amount = (account: string): bigint => tx.state.token(account)?.amount ?? 0n;
  return {
    userBase: amount(p.userBaseAccount),
    userQuote: amount(p.userQuoteAccount),
    poolBase: amount(p.accounts.poolBaseTokenAccount),
    poolQuote: amount(p.accounts.poolQuoteTokenAccount),
  };
}

/** Balances before the trade, as the program reports them. */
function reserveFields(r: Reserves): EventRecord {
  return {
    userBaseTokenReserves: r.userBase.toString(),
    userQuoteTokenReserves: r.userQuote.toString(),
    poolBaseTokenReserves: r.poolBase.toString(),
    poolQuoteTokenReserves: r.poolQuote.toString(),
  };
}

function accountFields(p: PoolTradeParams): EventRecord {
  return {
    pool: p.accounts.pool,
    user: p.user,
    userBaseTokenAccount: p.userBaseAccount,
    userQuoteTokenAccount: p.userQuoteAccount,
    protocolFeeRecipient: PUMPSWAP.protocolFeeRecipient,
    protocolFeeRecipientTokenAccount: PUMPSWAP.protocolFeeRecipientTokenAccount,
  };
}

/** PumpSwap logs the event first, then self-invokes with it (the recorded order). */
function emitEvent(tx: TransactionBuilder, bytes: Uint8Array): void {
  tx.logData(bytes);
  emitCpi(tx, PROGRAM.pumpswap, PUMPSWAP.eventAuthority, bytes);
}
