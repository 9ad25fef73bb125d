import { signer, writable } from '../chain/account-meta.ts';
import { ByteWriter } from '../chain/byte-writer.ts';
import type { TransactionBuilder } from '../chain/transaction-builder.ts';
import { PROGRAM } from '../chain/well-known.ts';

/** System program instructions (bincode: u32 tag, then fields). Tags: 0 CreateAccount, 1 Assign, 2 Transfer, 8 Allocate. */
export function systemTransfer(tx: TransactionBuilder, from: string, to: string, lamports: bigint): void {
  const data = new ByteWriter(12).u32(2).u64(lamports).done();
  tx.invoke(PROGRAM.system, [signer(from), writable(to)], data, () => {
    tx.state.moveLamports(from, to, lamports);
  });
}

export function systemCreateAccount(
  tx: TransactionBuilder,
  from: string,
  account: string,
  lamports: bigint,
  space: number,
  owner: string,
): void {
  const data = new ByteWriter(52).u32(0).u64(lamports).u64(BigInt(space)).pubkey(owner).done();
  tx.invoke(PROGRAM.system, [signer(from), signer(account)], data, () => {
    tx.state.moveLamports(from, account, lamports);
  });
}

export function systemAllocate(tx: TransactionBuilder, account: string, space: number): void {
  tx.invoke(PROGRAM.system, [signer(account)], new ByteWriter(12).u32(8).u64(BigInt(space)).done());
}

export function systemAssign(tx: TransactionBuilder, account: string, owner: string): void {
  tx.invoke(PROGRAM.system, [signer(account)], new ByteWriter(36).u32(1).pubkey(owner).done());
}

/** ComputeBudget: SetComputeUnitLimit (tag 2, u32) then SetComputeUnitPrice (tag 3, u64 micro-lamports). */
export function computeBudget(tx: TransactionBuilder, limit: number, microLamports: bigint): void {
  tx.invoke(PROGRAM.computeBudget, [], new ByteWriter(5).u8(2).u32(limit).done());
  tx.setComputeUnitLimit(limit);
  if (microLamports > 0n) {
    tx.invoke(PROGRAM.computeBudget, [], new ByteWriter(9).u8(3).u64(microLamports).done());
    tx.computeUnitPriceMicroLamports = microLamports;
  }
}
