import { readonly, signer, writable } from '../chain/account-meta.ts';
import { anchorInstruction } from '../chain/byte-writer.ts';
import type { TransactionBuilder } from '../chain/transaction-builder.ts';
import { PROGRAM, PUMPSWAP, RENT, WSOL_MINT } from '../chain/well-known.ts';
import { emitCpi, eventBytes } from '../programs/anchor-events.ts';
import { createAssociatedTokenAccount } from '../programs/associated-token-program.ts';
import { systemCreateAccount } from '../programs/system-program.ts';
import { tokenInitializeMint2, tokenMintTo, tokenTransferChecked } from '../programs/token-program.ts';
import { PUMPSWAP_CREATE_POOL_EVENT } from '../../decoder/events/pumpswap-events.ts';
import type { EventRecord } from '../../decoder/events/borsh-type.ts';
import { TOKEN_DECIMALS } from '../../launch/curve/bonding-curve-math.ts';
import { CANONICAL_POOL_INDEX, type PumpTokenAccounts } from '../pumpfun/pump-token-accounts.ts';
import { isqrt, MINIMUM_LIQUIDITY } from '../../launch/curve/pool-math.ts';

const POOL_SIZE = 211;
const MINT_SIZE = 82;
const LP_DECIMALS = 9;
/** CreatePoolEvent at launch: 19 fields, before `coin_creator` (May 2025). */
const CREATE_POOL_EVENT_FIELDS = 19;

/**
 * PumpSwap `create_pool(index, base_amount_in, quote_amount_in)` with the 18 accounts of March 2025, as the
 * migration's pool authority calls it: create the pool and its Token-2022 LP mint, the creator's LP account,
 * move both sides into the vaults the caller already created, mint isqrt(base·quote) − 100 LP tokens, and emit
 * CreatePoolEvent. Returns the event and the LP amount minted.
 */
export function pumpswapCreatePool(
  tx: TransactionBuilder,
  p: { accounts: PumpTokenAccounts; baseAmount: bigint; quoteAmount: bigint; timestamp: number },
): { event: EventRecord; lpAmount: bigint } {
  const a = p.accounts;
  const creator = a.poolAuthority;
  const data = anchorInstruction('create_pool')
    .u16(CANONICAL_POOL_INDEX)
    .u64(p.baseAmount)
    .u64(p.quoteAmount)
    .done();
  const metas = [
    writable(a.pool),
    readonly(PUMPSWAP.globalConfig),
    signer(creator),
    readonly(a.mint),
    readonly(WSOL_MINT),
    writable(a.lpMint),
    writable(a.poolAuthorityMintAccount),
    writable(a.poolAuthorityWsolAccount),
    writable(a.poolAuthorityLpAccount),
    writable(a.poolBaseTokenAccount),
    writable(a.poolQuoteTokenAccount),
    readonly(PROGRAM.system),
    readonly(PROGRAM.token2022),
    readonly(PROGRAM.token),
    readonly(PROGRAM.token),
    readonly(PROGRAM.associatedToken),
    readonly(PUMPSWAP.eventAuthority),
    readonly(PROGRAM.pumpswap),
  ];
  const initialLiquidity = isqrt(p.baseAmount * p.quoteAmount);
  const lpAmount = initialLiquidity - MINIMUM_LIQUIDITY;
  const event: EventRecord = {
    timestamp: String(p.timestamp),
    index: CANONICAL_POOL_INDEX,
    creator,
    baseMint: a.mint,
    quoteMint: WSOL_MINT,
    baseMintDecimals: TOKEN_DECIMALS,
    quoteMintDecimals: 9,
    baseAmountIn: p.baseAmount.toString(),
    quoteAmountIn: p.quoteAmount.toString(),
    poolBaseAmount: p.baseAmount.toString(),
    poolQuoteAmount: p.quoteAmount.toString(),
    minimumLiquidity: MINIMUM_LIQUIDITY.toString(),
    initialLiquidity: initialLiquidity.toString(),
    lpTokenAmountOut: lpAmount.toString(),
    poolBump: a.poolBump,
    pool: a.pool,
    lpMint: a.lpMint,
    userBaseTokenAccount: a.poolAuthorityMintAccount,
    userQuoteTokenAccount: a.poolAuthorityWsolAccount,
  };
  tx.invoke(PROGRAM.pumpswap, metas, data, () => {
    tx.log('Instruction: CreatePool');
    tx.consume(52_000);
    systemCreateAccount(tx, creator, a.pool, RENT.pool, POOL_SIZE, PROGRAM.pumpswap);
    systemCreateAccount(tx, creator, a.lpMint, RENT.mint, MINT_SIZE, PROGRAM.token2022);
    tokenInitializeMint2(tx, a.lpMint, LP_DECIMALS, a.pool, PROGRAM.token2022);
    createAssociatedTokenAccount(
      tx,
      { payer: creator, owner: creator, mint: a.lpMint, decimals: LP_DECIMALS, idempotent: false },
      PROGRAM.token2022,
    );
    tokenTransferChecked(tx, {
      source: a.poolAuthorityMintAccount,
      mint: a.mint,
      destination: a.poolBaseTokenAccount,
      authority: creator,
      amount: p.baseAmount,
      decimals: TOKEN_DECIMALS,
    });
    tokenTransferChecked(tx, {
      source: a.poolAuthorityWsolAccount,
      mint: WSOL_MINT,
      destination: a.poolQuoteTokenAccount,
      authority: creator,
      amount: p.quoteAmount,
      decimals: 9,
    });
    tokenMintTo(
      tx,
      { mint: a.lpMint, destination: a.poolAuthorityLpAccount, authority: a.pool, amount: lpAmount },
      PROGRAM.token2022,
    );
    const bytes = eventBytes(PUMPSWAP_CREATE_POOL_EVENT, event, CREATE_POOL_EVENT_FIELDS);
    tx.logData(bytes);
    emitCpi(tx, PROGRAM.pumpswap, PUMPSWAP.eventAuthority, bytes);
  });
  return { event, lpAmount };
}
