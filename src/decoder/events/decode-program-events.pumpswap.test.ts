import { describe, expect, it } from 'vitest';
import type { ProgramEvent } from '../action.ts';
import type { NormalizedTransaction } from '../transaction/normalized-transaction.ts';
import { decodeProgramEvents } from './decode-program-events.ts';
import {
  int,
  loadRecordedTransaction,
  ownerAccounts,
  text,
  tokenAccountDelta,
} from './recorded-data.fixture.ts';

// Golden tests on the recorded PumpSwap transactions: amounts against the user's and the pool's token
// accounts, reserves against the pool's balances before the transaction.

const DIR = 'jiangxiaop-solana-swap-scan/test/';

function only(events: readonly ProgramEvent[], name: string): ProgramEvent {
  const matching = events.filter((e) => e.program === 'pumpswap' && e.name === name);
  expect(matching).toHaveLength(1);
  return matching[0] as ProgramEvent;
}

/** The pool's vaults for the base mint (the mint of the user's base account) and the other (quote) mint. */
function poolVaults(tx: NormalizedTransaction, event: ProgramEvent) {
  const baseMint = [...tx.preTokenBalances, ...tx.postTokenBalances].find(
    (b) => b.account === text(event, 'userBaseTokenAccount'),
  )?.mint;
  const vaults = [...ownerAccounts(tx, text(event, 'pool'))];
  const base = vaults.find(([mint]) => mint === baseMint)?.[1];
  const quote = vaults.find(([mint]) => mint !== baseMint)?.[1];
  if (base === undefined || quote === undefined) throw new Error('pool vaults not in the token balances');
  return { base, quote };
}

/** Reserves in PumpSwap events are the pool's balances before the instruction. */
function expectReservesBefore(tx: NormalizedTransaction, event: ProgramEvent) {
  const { base, quote } = poolVaults(tx, event);
  expect(int(event, 'poolBaseTokenReserves')).toBe(base.pre);
  expect(int(event, 'poolQuoteTokenReserves')).toBe(quote.pre);
  return { base, quote };
}

describe('PumpSwap events in the recorded transactions', () => {
  it('buy: the user receives baseAmountOut, the pool keeps the quote plus its LP fee', () => {
    const tx = loadRecordedTransaction(`${DIR}pumpswap/pumpswap-buy.json`);
    const buy = only(decodeProgramEvents(tx), 'BuyEvent');
    expect(tx.signers).toContain(text(buy, 'user'));
    expect(tokenAccountDelta(tx, text(buy, 'userBaseTokenAccount'))).toBe(int(buy, 'baseAmountOut'));
    const { base, quote } = expectReservesBefore(tx, buy);
    expect(base.post - base.pre).toBe(-int(buy, 'baseAmountOut'));
    expect(quote.post - quote.pre).toBe(int(buy, 'quoteAmountInWithLpFee'));
    expect(int(buy, 'quoteAmountInWithLpFee')).toBe(int(buy, 'quoteAmountIn') + int(buy, 'lpFee'));
    expect(int(buy, 'userQuoteAmountIn')).toBe(
      int(buy, 'quoteAmountInWithLpFee') + int(buy, 'protocolFee') + int(buy, 'coinCreatorFee'),
    );
  });

  it.each(['pumpswap/pumpswap-sell.json', 'pumpfun/pumpfun-migrate.json'])(
    'sell (%s): the user gives baseAmountIn, the pool pays the quote minus its LP fee',
    (file) => {
      const tx = loadRecordedTransaction(`${DIR}${file}`);
      const sell = only(decodeProgramEvents(tx), 'SellEvent');
      expect(tx.signers).toContain(text(sell, 'user'));
      expect(tokenAccountDelta(tx, text(sell, 'userBaseTokenAccount'))).toBe(-int(sell, 'baseAmountIn'));
      expect(int(sell, 'userBaseTokenReserves')).toBe(
        tx.preTokenBalances.find((b) => b.account === text(sell, 'userBaseTokenAccount'))?.amount,
      );
      const { base, quote } = expectReservesBefore(tx, sell);
      expect(base.post - base.pre).toBe(int(sell, 'baseAmountIn'));
      expect(quote.post - quote.pre).toBe(-int(sell, 'quoteAmountOutWithoutLpFee'));
      expect(int(sell, 'userQuoteAmountOut')).toBe(
        int(sell, 'quoteAmountOutWithoutLpFee') - int(sell, 'protocolFee') - int(sell, 'coinCreatorFee'),
      );
    },
  );

  it('sell: the quote lands in the user’s WSOL account when it stays open (pumpswap-sell.json)', () => {
    const tx = loadRecordedTransaction(`${DIR}pumpswap/pumpswap-sell.json`);
    const sell = only(decodeProgramEvents(tx), 'SellEvent');
    expect(tokenAccountDelta(tx, text(sell, 'userQuoteTokenAccount'))).toBe(int(sell, 'userQuoteAmountOut'));
  });

  it('deposit: base and quote leave the user for the pool, LP tokens arrive', () => {
    const tx = loadRecordedTransaction(`${DIR}pumpswap/pumpswap-add-liquidity.json`);
    const deposit = only(decodeProgramEvents(tx), 'DepositEvent');
    expect(tokenAccountDelta(tx, text(deposit, 'userBaseTokenAccount'))).toBe(-int(deposit, 'baseAmountIn'));
    expect(tokenAccountDelta(tx, text(deposit, 'userPoolTokenAccount'))).toBe(
      int(deposit, 'lpTokenAmountOut'),
    );
    const { base, quote } = expectReservesBefore(tx, deposit);
    expect(base.post - base.pre).toBe(int(deposit, 'baseAmountIn'));
    expect(quote.post - quote.pre).toBe(int(deposit, 'quoteAmountIn'));
  });

  it('withdraw: LP tokens burn, base and quote leave the pool for the user', () => {
    const tx = loadRecordedTransaction(`${DIR}pumpswap/pumpswap-withdraw.json`);
    const withdraw = only(decodeProgramEvents(tx), 'WithdrawEvent');
    expect(tokenAccountDelta(tx, text(withdraw, 'userPoolTokenAccount'))).toBe(
      -int(withdraw, 'lpTokenAmountIn'),
    );
    expect(tokenAccountDelta(tx, text(withdraw, 'userBaseTokenAccount'))).toBe(
      int(withdraw, 'baseAmountOut'),
    );
    const { base, quote } = expectReservesBefore(tx, withdraw);
    expect(base.post - base.pre).toBe(-int(withdraw, 'baseAmountOut'));
    expect(quote.post - quote.pre).toBe(-int(withdraw, 'quoteAmountOut'));
  });

  it('create pool: the pool vaults hold what the event says was deposited, before the first buy', () => {
    const tx = loadRecordedTransaction(`${DIR}pumpswap/pumpswap-create.json`);
    const events = decodeProgramEvents(tx);
    const created = only(events, 'CreatePoolEvent');
    const buy = only(events, 'BuyEvent');
    const { base, quote } = poolVaults(tx, buy);
    expect([base.pre, quote.pre]).toEqual([0n, 0n]);
    expect(base.post).toBe(int(created, 'poolBaseAmount') - int(buy, 'baseAmountOut'));
    expect(quote.post).toBe(int(created, 'poolQuoteAmount') + int(buy, 'quoteAmountInWithLpFee'));
    expect(created.data['baseMintDecimals']).toBe(
      tx.postTokenBalances.find((b) => b.mint === text(created, 'baseMint'))?.decimals,
    );
  });
});
