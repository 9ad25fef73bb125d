import { describe, expect, it } from 'vitest';
import type { Action } from '../../src/decoder/action.ts';
import { decodeTransaction, parseRpcTransaction } from '../../src/decoder/decode-transaction.ts';
import { SOL_MINT, USDC_MINT, USDT_MINT } from '../../src/domain/mints.ts';
import { findRpcTransaction, rpcIndex, sharedDataAvailable } from '../support/shared-data.ts';

/**
 * What a user sees for typical real transactions, value by value. Expected figures were read off each
 * transaction's own balances, logs and instructions (and the venue's event where it has one).
 */
function decode(sigPrefix: string, solUsd?: string): Action[] {
  const row = rpcIndex().find((r) => r.signature.startsWith(sigPrefix) && !r.path.includes('broken_data'));
  if (!row) throw new Error(`no record ${sigPrefix}`);
  const options = solUsd === undefined ? {} : { solUsdAt: () => solUsd };
  return decodeTransaction(parseRpcTransaction(findRpcTransaction(row)), options).actions;
}
const of = (actions: Action[], kind: Action['kind']): Action[] => actions.filter((a) => a.kind === kind);

describe.skipIf(!sharedDataAvailable())('decoded actions of real transactions', () => {
  it('pump.fun buy: the swap is what the curve took; fee recipient and bot fees are separate fees', () => {
    const actions = decode('4U8kypMuCUCk', '140.25');
    const [swap] = of(actions, 'swap');
    expect(swap).toMatchObject({
      owner: 'EfbbhahGNuhqEraRZXrwETfsaKxScngEttdQixWAW4WE',
      mintIn: SOL_MINT,
      amountIn: 3_000_000_000n,
      mintOut: 'D66sbPtYqLnwPYcUqjDktrQtb52CnfF77C3sdpNpR8Si',
      amountOut: 56_716_561_396_327n,
      venue: 'pumpfun',
      side: 'buy',
      usdIn: '420.75',
      usdOut: null,
    });
    const paid = of(actions, 'fee').map((a) => [a.counterparty, a.amountIn]);
    expect(paid).toEqual([
      [null, 4_005_001n],
      ['7wrziDhcTrtGJszDMbzhpmkuJEg781muUPiBxJdHkMHb', 30_000_000n],
      ['ADuUkR4vqLUMWXxW9gh6D6L8pMSawimctcNZ5pGwDcEt', 10_000_000n],
      ['CebN5WGQ4jvEPvsVU4EoHEpgzq1VV7AbicfhtW4xC9iM', 30_000_000n],
    ]);
    const trade = actions.find((a) => a.event?.name === 'TradeEvent');
    expect(trade?.event?.data).toMatchObject({
      solAmount: '3000000000',
      tokenAmount: '56716561396327',
      isBuy: true,
    });
  });

  it('pump.fun create + first buy: rent for the new accounts, swap equal to the TradeEvent, CreateEvent', () => {
    const actions = decode('a9tyifZay3w5');
    const trade = actions.find((a) => a.event?.name === 'TradeEvent')!.event!.data;
    const [swap] = of(actions, 'swap');
    expect(swap!.amountIn).toBe(BigInt(trade.solAmount as string));
    expect(swap!.amountOut).toBe(BigInt(trade.tokenAmount as string));
    expect(of(actions, 'rent').length).toBeGreaterThanOrEqual(2);
    const create = actions.find((a) => a.event?.name === 'CreateEvent')!;
    expect(create.event!.data).toMatchObject({ symbol: 'COSTCO', mint: swap!.mintOut });
    // the new mint signs its own creation but is not a wallet: no actions for it
    expect(actions.some((a) => a.owner === swap!.mintOut)).toBe(false);
  });

  it('Jupiter v6 route through Sanctum, Orca and Lifinity: one swap, first input to last output', () => {
    const actions = decode('3LF4ABXfbETv');
    expect(of(actions, 'swap')).toEqual([
      expect.objectContaining({
        mintIn: 'EPCz5LK372vmvCkZH3HgSuGNKACJJwwxsofW6fypCPZL',
        amountIn: 20_000_000_000n,
        mintOut: USDT_MINT,
        amountOut: 2_994_093_354n,
        venue: 'jupiter_v6',
        side: 'sell',
        usdOut: '2994.093354',
      }),
    ]);
    expect(actions[0]!.programs).toEqual(
      expect.arrayContaining(['jupiter_v6', 'orca_whirlpool', 'lifinity_v2']),
    );
  });

  it('SOL sent to two wallets: one transfer per recipient, each with its counterparty', () => {
    const actions = decode('2msqMqeUTTZh');
    expect(of(actions, 'transfer_out').map((a) => [a.counterparty, a.amountIn])).toEqual([
      ['Ah6ubKzHJMDStLD1i6P51bugRMggARUhDCc8Gxfsg4sU', 30_923_508_650n],
      ['9AcRtqNTy4wUD9KKuB2mKrP5n6U3i2dMqeJchrsQU4ke', 105_673_070n],
    ]);
    expect(of(actions, 'fee')).toEqual([expect.objectContaining({ amountIn: 11_000n })]);
  });

  it('USDC transfer: wallet to wallet, counterparty is the owner of the other token account', () => {
    const actions = decode('4LXpF3MCdp69');
    expect(of(actions, 'transfer_out')).toEqual([
      expect.objectContaining({
        owner: '3V9bd3EN5aNuhE4RiHGbZ1eZakJ1F9cDb8V4YLjCG8cg',
        mintIn: USDC_MINT,
        amountIn: 3_800_000n,
        counterparty: 'B2v68t8MXb9zUms1VQKuCcvjrjKDK6fLd8ZngqmBGy1M',
      }),
    ]);
    expect(of(actions, 'transfer_in')).toEqual([
      expect.objectContaining({
        owner: 'B2v68t8MXb9zUms1VQKuCcvjrjKDK6fLd8ZngqmBGy1M',
        amountOut: 3_800_000n,
      }),
    ]);
  });

  it('Raydium AMM v4 deposit: lp_add legs (SOL wrapped in a temporary account, token, LP tokens received)', () => {
    const actions = decode('5Jiq8i');
    const lp = of(actions, 'lp_add');
    // [direction, amount]: LP tokens arrive, SOL and the token leave
    expect(lp.map((a) => (a.amountOut !== null ? ['in', a.amountOut] : ['out', a.amountIn]))).toEqual([
      ['in', 2_605_734_184_614n],
      ['out', 2_879_474_530n],
      ['out', 2_818_202_141_226_163n],
    ]);
    expect(lp[1]!.mintIn).toBe(SOL_MINT);
    expect(lp.every((a) => a.venue === 'raydium_amm_v4')).toBe(true);
    expect(of(actions, 'rent')).toEqual([]);
  });

  it('Token-2022 transfer fee: the received leg records the fee withheld (received ≠ sent)', () => {
    const actions = decode(swapV2TransferFeeSig());
    const [swap] = of(actions, 'swap');
    expect(swap).toMatchObject({ amountIn: 100_000n, amountOut: 2_034_727n, transferFeeRaw: 226_081n });
    // what the pool sent was 2,260,808: received + withheld
    expect(swap!.amountOut! + swap!.transferFeeRaw!).toBe(2_260_808n);
  });
});

function swapV2TransferFeeSig(): string {
  return rpcIndex().find((r) => r.path.endsWith('tokenExtensions/swapV2+TransferFee.json'))!.signature;
}
