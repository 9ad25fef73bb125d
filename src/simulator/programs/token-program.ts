import { readonly, signer, writable } from '../chain/account-meta.ts';
import { ByteWriter } from '../chain/byte-writer.ts';
import type { TransactionBuilder } from '../chain/transaction-builder.ts';
import { PROGRAM, RENT, WSOL_MINT } from '../chain/well-known.ts';

/**
 * SPL Token (and Token-2022) instructions with the log lines and compute units the recorded transactions
 * show. Native (WSOL) accounts move lamports along with their amount, as the token program does.
 */
const isLegacy = (programId: string): boolean => programId === PROGRAM.token;

/** Token account size by program: 165 bytes, or 170 with Token-2022's immutable-owner extension. */
export function tokenAccountRent(programId: string): bigint {
  return isLegacy(programId) ? RENT.tokenAccount : RENT.token2022Account;
}

export function tokenTransfer(
  tx: TransactionBuilder,
  source: string,
  destination: string,
  authority: string,
  amount: bigint,
): void {
  const data = new ByteWriter(9).u8(3).u64(amount).done();
  tx.invoke(PROGRAM.token, [writable(source), writable(destination), signer(authority, false)], data, () => {
    tx.log('Instruction: Transfer');
    moveTokens(tx, source, destination, amount);
    tx.consume(4645);
  });
}

export function tokenTransferChecked(
  tx: TransactionBuilder,
  p: {
    source: string;
    mint: string;
    destination: string;
    authority: string;
    amount: bigint;
    decimals: number;
  },
  programId: string = PROGRAM.token,
): void {
  const data = new ByteWriter(10).u8(12).u64(p.amount).u8(p.decimals).done();
  const metas = [writable(p.source), readonly(p.mint), writable(p.destination), signer(p.authority, false)];
  tx.invoke(programId, metas, data, () => {
    tx.log('Instruction: TransferChecked');
    moveTokens(tx, p.source, p.destination, p.amount);
    tx.consume(p.mint === WSOL_MINT ? 6238 : 6147);
  });
}

function moveTokens(tx: TransactionBuilder, source: string, destination: string, amount: bigint): void {
  tx.state.moveTokens(source, destination, amount);
  if (tx.state.requireToken(source).mint === WSOL_MINT) tx.state.moveLamports(source, destination, amount);
}

/** SyncNative: a WSOL account's amount becomes its lamports above rent. */
export function tokenSyncNative(tx: TransactionBuilder, account: string): void {
  tx.invoke(PROGRAM.token, [writable(account)], Uint8Array.of(17), () => {
    tx.log('Instruction: SyncNative');
    tx.state.setTokenAmount(account, tx.state.lamports(account) - RENT.tokenAccount);
    tx.consume(3045);
  });
}

export function tokenCloseAccount(
  tx: TransactionBuilder,
  account: string,
  destination: string,
  owner: string,
  programId: string = PROGRAM.token,
): void {
  tx.invoke(
    programId,
    [writable(account), writable(destination), signer(owner, false)],
    Uint8Array.of(9),
    () => {
      tx.log('Instruction: CloseAccount');
      tx.state.closeTokenAccount(account);
      tx.state.moveLamports(account, destination, tx.state.lamports(account));
      tx.consume(isLegacy(programId) ? 2915 : 1342);
    },
  );
}

/** GetAccountDataSize with the ImmutableOwner extension (type 7): the ATA program's first step. */
export function tokenGetAccountDataSize(tx: TransactionBuilder, mint: string, programId: string): void {
  const data = new ByteWriter(3).u8(21).u16(7).done();
  tx.invoke(programId, [readonly(mint)], data, () => {
    tx.log('Instruction: GetAccountDataSize');
    tx.consume(isLegacy(programId) ? 1569 : 939);
    tx.logReturn(programId, new ByteWriter(8).u64(isLegacy(programId) ? 165n : 170n).done());
  });
}

export function tokenInitializeImmutableOwner(
  tx: TransactionBuilder,
  account: string,
  programId: string,
): void {
  tx.invoke(programId, [writable(account)], Uint8Array.of(22), () => {
    tx.log('Instruction: InitializeImmutableOwner');
    if (isLegacy(programId)) tx.log('Please upgrade to SPL Token 2022 for immutable owner support');
    tx.consume(isLegacy(programId) ? 1405 : 527);
  });
}

export function tokenInitializeAccount3(
  tx: TransactionBuilder,
  p: { account: string; mint: string; owner: string; decimals: number },
  programId: string,
): void {
  const data = new ByteWriter(33).u8(18).pubkey(p.owner).done();
  tx.invoke(programId, [writable(p.account), readonly(p.mint)], data, () => {
    tx.log('Instruction: InitializeAccount3');
    const rent = tokenAccountRent(programId);
    const native = p.mint === WSOL_MINT ? tx.state.lamports(p.account) - rent : 0n;
    tx.state.openTokenAccount(
      p.account,
      { mint: p.mint, owner: p.owner, decimals: p.decimals, programId },
      native,
    );
    tx.consume(!isLegacy(programId) ? 1456 : p.mint === WSOL_MINT ? 3158 : 4188);
  });
}

/** InitializeMint2: decimals, mint authority, no freeze authority (pump.fun and PumpSwap LP mints). */
export function tokenInitializeMint2(
  tx: TransactionBuilder,
  mint: string,
  decimals: number,
  mintAuthority: string,
  programId: string,
): void {
  const data = new ByteWriter(35).u8(20).u8(decimals).pubkey(mintAuthority).u8(0).done();
  tx.invoke(programId, [writable(mint)], data, () => {
    tx.log('Instruction: InitializeMint2');
    tx.consume(isLegacy(programId) ? 2780 : 1280);
  });
}

export function tokenMintTo(
  tx: TransactionBuilder,
  p: { mint: string; destination: string; authority: string; amount: bigint },
  programId: string,
): void {
  const data = new ByteWriter(9).u8(7).u64(p.amount).done();
  const metas = [writable(p.mint), writable(p.destination), signer(p.authority, false)];
  tx.invoke(programId, metas, data, () => {
    tx.log('Instruction: MintTo');
    const dest = tx.state.requireToken(p.destination);
    tx.state.setTokenAmount(p.destination, dest.amount + p.amount);
    tx.consume(isLegacy(programId) ? 4492 : 1050);
  });
}

export function tokenBurn(
  tx: TransactionBuilder,
  p: { account: string; mint: string; owner: string; amount: bigint },
  programId: string,
): void {
  const data = new ByteWriter(9).u8(8).u64(p.amount).done();
  tx.invoke(programId, [writable(p.account), writable(p.mint), signer(p.owner, false)], data, () => {
    tx.log('Instruction: Burn');
    const account = tx.state.requireToken(p.account);
    tx.state.setTokenAmount(p.account, account.amount - p.amount);
    tx.consume(isLegacy(programId) ? 4753 : 1176);
  });
}

/** SetAuthority(MintTokens → none): pump.fun revokes its mint authority once the supply is minted. */
export function tokenRevokeMintAuthority(tx: TransactionBuilder, mint: string, authority: string): void {
  tx.invoke(PROGRAM.token, [writable(mint), signer(authority, false)], Uint8Array.of(6, 0, 0), () => {
    tx.log('Instruction: SetAuthority');
    tx.consume(2911);
  });
}
