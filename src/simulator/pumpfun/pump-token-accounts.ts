import { PROGRAM, WSOL_MINT } from '../chain/well-known.ts';
import { addressBytes, associatedTokenAddress, findProgramAddress, seed } from '../keys/program-address.ts';

/**
 * Every account a pump.fun token uses over its life, derived with the programs' real seeds: the bonding curve
 * ["bonding-curve", mint] and its token account, the Metaplex metadata ["metadata", metaplex, mint], and for the
 * migration the pool authority ["pool-authority", mint] (pump.fun), the PumpSwap pool ["pool", index u16,
 * creator, base mint, quote mint] created by that authority, its LP mint ["pool_lp_mint", pool] and vaults
 * (associated token accounts of the pool). The test checks them against a real mainnet migration.
 */
export interface PumpTokenAccounts {
  readonly mint: string;
  readonly bondingCurve: string;
  readonly associatedBondingCurve: string;
  readonly metadata: string;
  readonly poolAuthority: string;
  readonly poolAuthorityMintAccount: string;
  readonly poolAuthorityWsolAccount: string;
  readonly pool: string;
  readonly poolBump: number;
  readonly lpMint: string;
  readonly poolAuthorityLpAccount: string;
  readonly poolBaseTokenAccount: string;
  readonly poolQuoteTokenAccount: string;
}

/** PumpSwap pool index of canonical (migrated) pools. */
export const CANONICAL_POOL_INDEX = 0;

export function pumpTokenAccounts(mint: string): PumpTokenAccounts {
  const bondingCurve = findProgramAddress(
    [seed('bonding-curve'), addressBytes(mint)],
    PROGRAM.pumpfun,
  ).address;
  const metadata = findProgramAddress(
    [seed('metadata'), addressBytes(PROGRAM.metadata), addressBytes(mint)],
    PROGRAM.metadata,
  ).address;
  const poolAuthority = findProgramAddress(
    [seed('pool-authority'), addressBytes(mint)],
    PROGRAM.pumpfun,
  ).address;
  const index = new Uint8Array(2);
  new DataView(index.buffer).setUint16(0, CANONICAL_POOL_INDEX, true);
  const pool = findProgramAddress(
    [seed('pool'), index, addressBytes(poolAuthority), addressBytes(mint), addressBytes(WSOL_MINT)],
    PROGRAM.pumpswap,
  );
  const lpMint = findProgramAddress(
    [seed('pool_lp_mint'), addressBytes(pool.address)],
    PROGRAM.pumpswap,
  ).address;
  return {
    mint,
    bondingCurve,
    associatedBondingCurve: associatedTokenAddress(bondingCurve, mint, PROGRAM.token),
    metadata,
    poolAuthority,
    poolAuthorityMintAccount: associatedTokenAddress(poolAuthority, mint, PROGRAM.token),
    poolAuthorityWsolAccount: associatedTokenAddress(poolAuthority, WSOL_MINT, PROGRAM.token),
    pool: pool.address,
    poolBump: pool.bump,
    lpMint,
    poolAuthorityLpAccount: associatedTokenAddress(poolAuthority, lpMint, PROGRAM.token2022),
    poolBaseTokenAccount: associatedTokenAddress(pool.address, mint, PROGRAM.token),
    poolQuoteTokenAccount: associatedTokenAddress(pool.address, WSOL_MINT, PROGRAM.token),
  };
}
