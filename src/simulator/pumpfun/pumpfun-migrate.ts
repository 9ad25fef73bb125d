import { readonly, signer, writable } from '../chain/account-meta.ts';
import { anchorInstruction } from '../chain/byte-writer.ts';
import type { TransactionBuilder } from '../chain/transaction-builder.ts';
import { PROGRAM, PUMPFUN, PUMPSWAP, WSOL_MINT } from '../chain/well-known.ts';
import { emitCpi, eventBytes } from '../programs/anchor-events.ts';
import { createAssociatedTokenAccount } from '../programs/associated-token-program.ts';
import { systemTransfer } from '../programs/system-program.ts';
import { tokenBurn, tokenCloseAccount, tokenSyncNative, tokenTransfer } from '../programs/token-program.ts';
import { PUMPFUN_COMPLETE_PUMP_AMM_MIGRATION_EVENT } from '../../decoder/events/pumpfun-events.ts';
import type { EventRecord } from '../../decoder/events/borsh-type.ts';
import { pumpswapCreatePool } from '../pumpswap/pumpswap-create-pool.ts';
import { TOKEN_DECIMALS, type CurveReserves } from '../../launch/curve/bonding-curve-math.ts';
import type { PumpTokenAccounts } from './pump-token-accounts.ts';

/** Lamports pump.fun keeps from the curve at migration (the recorded migrations: 15,000,001). */
export const POOL_MIGRATION_FEE = 15_000_001n;
const MIGRATION_EVENT_FIELDS = 8;

export interface Migration {
  readonly baseAmount: bigint;
  readonly quoteAmount: bigint;
  readonly createPoolEvent: EventRecord;
  readonly migrationEvent: EventRecord;
}

/**
 * pump.fun `migrate` (24 accounts, 2025): the completed curve's tokens and SOL (less the migration fee) become a
 * PumpSwap pool created by pump.fun's pool-authority PDA, whose LP tokens are burned. The authority is funded
 * from the curve, pays the rents, and everything it keeps is swept to the withdraw authority: the rents of the
 * accounts closed here and the rest of the fee. Modelled on the recorded migration
 * (jiangxiaop-solana-swap-scan pumpswap-create.json) with the event versions of April 2025.
 */
export function pumpfunMigrate(
  tx: TransactionBuilder,
  p: { accounts: PumpTokenAccounts; keeper: string; curve: CurveReserves; timestamp: number },
): Migration {
  const a = p.accounts;
  const metas = [
    readonly(PUMPFUN.global),
    writable(PUMPFUN.withdrawAuthority),
    readonly(a.mint),
    writable(a.bondingCurve),
    writable(a.associatedBondingCurve),
    signer(p.keeper),
    readonly(PROGRAM.system),
    readonly(PROGRAM.token),
    readonly(PROGRAM.pumpswap),
    writable(a.pool),
    writable(a.poolAuthority),
    writable(a.poolAuthorityMintAccount),
    writable(a.poolAuthorityWsolAccount),
    readonly(PUMPSWAP.globalConfig),
    readonly(WSOL_MINT),
    writable(a.lpMint),
    writable(a.poolAuthorityLpAccount),
    writable(a.poolBaseTokenAccount),
    writable(a.poolQuoteTokenAccount),
    readonly(PROGRAM.token2022),
    readonly(PROGRAM.associatedToken),
    readonly(PUMPSWAP.eventAuthority),
    readonly(PUMPFUN.eventAuthority),
    readonly(PROGRAM.pumpfun),
  ];
  const baseAmount = tx.state.requireToken(a.associatedBondingCurve).amount;
  const quoteAmount = p.curve.realSol - POOL_MIGRATION_FEE;
  let createPoolEvent: EventRecord = {};
  const migrationEvent: EventRecord = {
    user: p.keeper,
    mint: a.mint,
    mintAmount: baseAmount.toString(),
    solAmount: quoteAmount.toString(),
    poolMigrationFee: POOL_MIGRATION_FEE.toString(),
    bondingCurve: a.bondingCurve,
    timestamp: String(p.timestamp),
    pool: a.pool,
  };
  tx.invoke(PROGRAM.pumpfun, metas, anchorInstruction('migrate').done(), () => {
    tx.log('Instruction: Migrate');
    tx.consume(48_000);
    // The program owns the curve account, so it debits it directly: the fee funds the pool authority.
    tx.state.moveLamports(a.bondingCurve, a.poolAuthority, POOL_MIGRATION_FEE);
    const vault = (owner: string, mint: string): void => {
      createAssociatedTokenAccount(tx, {
        payer: a.poolAuthority,
        owner,
        mint,
        decimals: mint === WSOL_MINT ? 9 : TOKEN_DECIMALS,
        idempotent: true,
      });
    };
    vault(a.pool, a.mint);
    vault(a.pool, WSOL_MINT);
    vault(a.poolAuthority, a.mint);
    vault(a.poolAuthority, WSOL_MINT);
    tokenTransfer(tx, a.associatedBondingCurve, a.poolAuthorityMintAccount, a.bondingCurve, baseAmount);
    tx.state.moveLamports(a.bondingCurve, a.poolAuthorityWsolAccount, quoteAmount);
    tokenSyncNative(tx, a.poolAuthorityWsolAccount);
    const created = pumpswapCreatePool(tx, { accounts: a, baseAmount, quoteAmount, timestamp: p.timestamp });
    createPoolEvent = created.event;
    tokenCloseAccount(tx, a.poolAuthorityMintAccount, PUMPFUN.withdrawAuthority, a.poolAuthority);
    tokenCloseAccount(tx, a.poolAuthorityWsolAccount, PUMPFUN.withdrawAuthority, a.poolAuthority);
    tokenBurn(
      tx,
      { account: a.poolAuthorityLpAccount, mint: a.lpMint, owner: a.poolAuthority, amount: created.lpAmount },
      PROGRAM.token2022,
    );
    tokenCloseAccount(
      tx,
      a.poolAuthorityLpAccount,
      PUMPFUN.withdrawAuthority,
      a.poolAuthority,
      PROGRAM.token2022,
    );
    systemTransfer(tx, a.poolAuthority, PUMPFUN.withdrawAuthority, tx.state.lamports(a.poolAuthority));
    const bytes = eventBytes(
      PUMPFUN_COMPLETE_PUMP_AMM_MIGRATION_EVENT,
      migrationEvent,
      MIGRATION_EVENT_FIELDS,
    );
    emitCpi(tx, PROGRAM.pumpfun, PUMPFUN.eventAuthority, bytes);
    tx.logData(bytes);
  });
  return { baseAmount, quoteAmount, createPoolEvent, migrationEvent };
}
