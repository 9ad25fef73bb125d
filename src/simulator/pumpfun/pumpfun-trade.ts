import { readonly, signer, writable } from '../chain/account-meta.ts';
import { anchorInstruction } from '../chain/byte-writer.ts';
import type { TransactionBuilder } from '../chain/transaction-builder.ts';
import { PROGRAM, PUMPFUN, SYSVAR_RENT } from '../chain/well-known.ts';
import { emitCpi, eventBytes } from '../programs/anchor-events.ts';
import { systemTransfer } from '../programs/system-program.ts';
import { tokenTransfer } from '../programs/token-program.ts';
import { PUMPFUN_COMPLETE_EVENT, PUMPFUN_TRADE_EVENT } from '../../decoder/events/pumpfun-events.ts';
import type { EventRecord } from '../../decoder/events/borsh-type.ts';
import { anchorFail, PUMP_ERRORS } from './pump-anchor-error.ts';
import {
  applyBuy,
  applySell,
  buyCost,
  sellProceeds,
  tradeFee,
  type CurveReserves,
} from '../../launch/curve/bonding-curve-math.ts';
import type { PumpTokenAccounts } from './pump-token-accounts.ts';

/**
 * pump.fun `buy(amount, max_sol_cost)` and `sell(amount, min_sol_output)` as deployed through April 2025
 * (12 accounts each, 1% fee to the fee recipient, TradeEvent of 10 fields = 121 bytes, `emit_cpi!` then `emit!`).
 * A buy pays the curve and the fee recipient by system transfers from the user; a sell has the program move
 * lamports out of the curve account it owns (no instruction), net of the fee, as the recordings show.
 */
export interface PumpTrade {
  readonly tokens: bigint;
  /** TradeEvent `solAmount`: lamports into (buy) or out of (sell) the curve, before the fee. */
  readonly sol: bigint;
  readonly fee: bigint;
  readonly curve: CurveReserves;
  readonly tradeEvent: EventRecord;
  readonly completeEvent: EventRecord | null;
}

export const TRADE_EVENT_FIELDS = 10;
const COMPLETE_EVENT_FIELDS = 4;

export interface PumpTradeParams {
  readonly accounts: PumpTokenAccounts;
  readonly user: string;
  readonly userTokenAccount: string;
  readonly curve: CurveReserves;
  readonly timestamp: number;
}

function tradeAccounts(p: PumpTradeParams, side: 'buy' | 'sell'): ReturnType<typeof writable>[] {
  const a = p.accounts;
  return [
    readonly(PUMPFUN.global),
    writable(PUMPFUN.feeRecipient),
    readonly(a.mint),
    writable(a.bondingCurve),
    writable(a.associatedBondingCurve),
    writable(p.userTokenAccount),
    signer(p.user),
    readonly(PROGRAM.system),
    ...(side === 'buy'
      ? [readonly(PROGRAM.token), readonly(SYSVAR_RENT)]
      : [readonly(PROGRAM.associatedToken), readonly(PROGRAM.token)]),
    readonly(PUMPFUN.eventAuthority),
    readonly(PROGRAM.pumpfun),
  ];
}

export function pumpfunBuy(
  tx: TransactionBuilder,
  p: PumpTradeParams & { tokens: bigint; maxSolCost: bigint },
): PumpTrade | null {
  const data = anchorInstruction('buy').u64(p.tokens).u64(p.maxSolCost).done();
  let trade: PumpTrade | null = null;
  tx.invoke(PROGRAM.pumpfun, tradeAccounts(p, 'buy'), data, () => {
    tx.log('Instruction: Buy');
    if (p.curve.complete)
      anchorFail(
        tx,
        'programs/pump/src/lib.rs:197',
        'BondingCurveComplete',
        PUMP_ERRORS.BondingCurveComplete,
      );
    // The program sells at most what is left on the curve; the buy that takes the rest completes it.
    const tokens = p.tokens < p.curve.realToken ? p.tokens : p.curve.realToken;
    const sol = buyCost(p.curve, tokens);
    if (sol > p.maxSolCost)
      anchorFail(tx, 'programs/pump/src/lib.rs:211', 'TooMuchSolRequired', PUMP_ERRORS.TooMuchSolRequired);
    const fee = tradeFee(sol);
    tx.consume(27_400);
    tokenTransfer(tx, p.accounts.associatedBondingCurve, p.userTokenAccount, p.accounts.bondingCurve, tokens);
    systemTransfer(tx, p.user, p.accounts.bondingCurve, sol);
    systemTransfer(tx, p.user, PUMPFUN.feeRecipient, fee);
    trade = emitTrade(tx, p, { tokens, sol, fee, isBuy: true, curve: applyBuy(p.curve, tokens, sol) });
  });
  return trade;
}

export function pumpfunSell(
  tx: TransactionBuilder,
  p: PumpTradeParams & { tokens: bigint; minSolOutput: bigint },
): PumpTrade | null {
  const data = anchorInstruction('sell').u64(p.tokens).u64(p.minSolOutput).done();
  let trade: PumpTrade | null = null;
  tx.invoke(PROGRAM.pumpfun, tradeAccounts(p, 'sell'), data, () => {
    tx.log('Instruction: Sell');
    if (p.curve.complete)
      anchorFail(
        tx,
        'programs/pump/src/lib.rs:257',
        'BondingCurveComplete',
        PUMP_ERRORS.BondingCurveComplete,
      );
    const sol = sellProceeds(p.curve, p.tokens);
    const fee = tradeFee(sol);
    if (sol - fee < p.minSolOutput)
      anchorFail(
        tx,
        'programs/pump/src/lib.rs:269',
        'TooLittleSolReceived',
        PUMP_ERRORS.TooLittleSolReceived,
      );
    tx.consume(27_880);
    tokenTransfer(tx, p.userTokenAccount, p.accounts.associatedBondingCurve, p.user, p.tokens);
    tx.state.moveLamports(p.accounts.bondingCurve, p.user, sol - fee);
    tx.state.moveLamports(p.accounts.bondingCurve, PUMPFUN.feeRecipient, fee);
    trade = emitTrade(tx, p, {
      tokens: p.tokens,
      sol,
      fee,
      isBuy: false,
      curve: applySell(p.curve, p.tokens, sol),
    });
  });
  return trade;
}

function emitTrade(
  tx: TransactionBuilder,
  p: PumpTradeParams,
  t: { tokens: bigint; sol: bigint; fee: bigint; isBuy: boolean; curve: CurveReserves },
): PumpTrade {
  const tradeEvent: EventRecord = {
    mint: p.accounts.mint,
    solAmount: t.sol.toString(),
    tokenAmount: t.tokens.toString(),
    isBuy: t.isBuy,
    user: p.user,
    timestamp: String(p.timestamp),
    virtualSolReserves: t.curve.virtualSol.toString(),
    virtualTokenReserves: t.curve.virtualToken.toString(),
    realSolReserves: t.curve.realSol.toString(),
    realTokenReserves: t.curve.realToken.toString(),
  };
  const bytes = eventBytes(PUMPFUN_TRADE_EVENT, tradeEvent, TRADE_EVENT_FIELDS);
  emitCpi(tx, PROGRAM.pumpfun, PUMPFUN.eventAuthority, bytes);
  tx.logData(bytes);
  let completeEvent: EventRecord | null = null;
  if (t.curve.complete) {
    completeEvent = {
      user: p.user,
      mint: p.accounts.mint,
      bondingCurve: p.accounts.bondingCurve,
      timestamp: String(p.timestamp),
    };
    const complete = eventBytes(PUMPFUN_COMPLETE_EVENT, completeEvent, COMPLETE_EVENT_FIELDS);
    emitCpi(tx, PROGRAM.pumpfun, PUMPFUN.eventAuthority, complete);
    tx.logData(complete);
  }
  return { tokens: t.tokens, sol: t.sol, fee: t.fee, curve: t.curve, tradeEvent, completeEvent };
}
