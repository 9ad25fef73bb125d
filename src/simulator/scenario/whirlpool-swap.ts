import { readonly, signer, writable } from '../chain/account-meta.ts';
import { anchorInstruction } from '../chain/byte-writer.ts';
import type { TransactionBuilder } from '../chain/transaction-builder.ts';
import { PROGRAM } from '../chain/well-known.ts';
import { addressBytes, findProgramAddress, seed } from '../keys/program-address.ts';
import { tokenTransfer } from '../programs/token-program.ts';

/**
 * Orca Whirlpool `swap` (the v1 instruction of 2023–2025: 11 accounts, data `amount u64,
 * other_amount_threshold u64, sqrt_price_limit u128, amount_specified_is_input bool, a_to_b bool`). The scenario
 * chooses both amounts (they are placed on a real hourly close), so the pool's curve is not simulated: the
 * program moves exactly the chosen amounts with two SPL Token `Transfer` CPIs, owner → vault first when
 * a_to_b, vault → owner first otherwise, as the program orders them.
 */
export const WHIRLPOOL_PROGRAM = 'whirLbMiicVdio4qvUfM5KAg6Ct8VwpYzGff3uctyCc';
/** The Orca-managed WhirlpoolsConfig of mainnet pools. */
export const WHIRLPOOLS_CONFIG = '2LecshUwdy9xi7meFgHtFJQNSKk4KdTrcpvaB56dP2NQ';
const MIN_SQRT_PRICE = 4_295_048_016n;
const MAX_SQRT_PRICE = 79_226_673_515_401_279_992_447_579_055n;
const TICK_SPACING = 64;

export interface WhirlpoolPool {
  readonly address: string;
  readonly mintA: string;
  readonly mintB: string;
  readonly vaultA: string;
  readonly vaultB: string;
  readonly tickArrays: readonly [string, string, string];
  readonly oracle: string;
}

/** The pool's program-derived addresses (vaults are keypair accounts, given by the caller). */
export function whirlpoolPool(mintA: string, mintB: string, vaultA: string, vaultB: string): WhirlpoolPool {
  const spacing = Uint8Array.of(TICK_SPACING & 0xff, TICK_SPACING >> 8);
  const address = findProgramAddress(
    [seed('whirlpool'), addressBytes(WHIRLPOOLS_CONFIG), addressBytes(mintA), addressBytes(mintB), spacing],
    WHIRLPOOL_PROGRAM,
  ).address;
  const tick = (start: number): string =>
    findProgramAddress([seed('tick_array'), addressBytes(address), seed(String(start))], WHIRLPOOL_PROGRAM)
      .address;
  return {
    address,
    mintA,
    mintB,
    vaultA,
    vaultB,
    tickArrays: [tick(0), tick(-5632), tick(-11264)],
    oracle: findProgramAddress([seed('oracle'), addressBytes(address)], WHIRLPOOL_PROGRAM).address,
  };
}

export interface WhirlpoolSwap {
  readonly pool: WhirlpoolPool;
  readonly user: string;
  readonly ownerAccountA: string;
  readonly ownerAccountB: string;
  /** true: A (the token) goes in, B (the quote) comes out. */
  readonly aToB: boolean;
  readonly amountA: bigint;
  readonly amountB: bigint;
}

export function whirlpoolSwap(tx: TransactionBuilder, s: WhirlpoolSwap): void {
  const amountIn = s.aToB ? s.amountA : s.amountB;
  const amountOut = s.aToB ? s.amountB : s.amountA;
  const limit = s.aToB ? MIN_SQRT_PRICE : MAX_SQRT_PRICE;
  const data = anchorInstruction('swap')
    .u64(amountIn)
    .u64(amountOut)
    .u64(limit & 0xffff_ffff_ffff_ffffn)
    .u64(limit >> 64n)
    .bool(true)
    .bool(s.aToB)
    .done();
  const p = s.pool;
  const metas = [
    readonly(PROGRAM.token),
    signer(s.user, false),
    writable(p.address),
    writable(s.ownerAccountA),
    writable(p.vaultA),
    writable(s.ownerAccountB),
    writable(p.vaultB),
    writable(p.tickArrays[0]),
    writable(p.tickArrays[1]),
    writable(p.tickArrays[2]),
    readonly(p.oracle),
  ];
  tx.invoke(WHIRLPOOL_PROGRAM, metas, data, () => {
    tx.log('Instruction: Swap');
    tx.consume(38_000);
    if (s.aToB) {
      tokenTransfer(tx, s.ownerAccountA, p.vaultA, s.user, s.amountA);
      tokenTransfer(tx, p.vaultB, s.ownerAccountB, p.address, s.amountB);
    } else {
      tokenTransfer(tx, p.vaultA, s.ownerAccountA, p.address, s.amountA);
      tokenTransfer(tx, s.ownerAccountB, p.vaultB, s.user, s.amountB);
    }
  });
}
