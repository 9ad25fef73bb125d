import { readonly, signer, writable } from '../chain/account-meta.ts';
import type { TransactionBuilder } from '../chain/transaction-builder.ts';
import { PROGRAM } from '../chain/well-known.ts';
import { associatedTokenAddress } from '../keys/program-address.ts';
import { systemCreateAccount } from './system-program.ts';
import {
  tokenAccountRent,
  tokenGetAccountDataSize,
  tokenInitializeAccount3,
  tokenInitializeImmutableOwner,
} from './token-program.ts';

/**
 * Associated Token Account program: `Create` (data empty at top level, `[0]` as a CPI) or `CreateIdempotent`
 * (`[1]`, a no-op when the account exists). Creating runs GetAccountDataSize, CreateAccount (the payer funds
 * the rent), InitializeImmutableOwner and InitializeAccount3, as in every recorded transaction.
 * Returns the associated token address.
 */
export function createAssociatedTokenAccount(
  tx: TransactionBuilder,
  p: { payer: string; owner: string; mint: string; decimals: number; idempotent: boolean },
  tokenProgram: string = PROGRAM.token,
): string {
  const ata = associatedTokenAddress(p.owner, p.mint, tokenProgram);
  const data = p.idempotent ? Uint8Array.of(1) : tx.depthNow === 0 ? new Uint8Array(0) : Uint8Array.of(0);
  const metas = [
    signer(p.payer),
    writable(ata),
    readonly(p.owner),
    readonly(p.mint),
    readonly(PROGRAM.system),
    readonly(tokenProgram),
  ];
  tx.invoke(PROGRAM.associatedToken, metas, data, () => {
    tx.log(p.idempotent ? 'CreateIdempotent' : 'Create');
    if (tx.state.token(ata) !== undefined) {
      tx.consume(4338);
      return;
    }
    tokenGetAccountDataSize(tx, p.mint, tokenProgram);
    const rent = tokenAccountRent(tokenProgram);
    systemCreateAccount(tx, p.payer, ata, rent, tokenProgram === PROGRAM.token ? 165 : 170, tokenProgram);
    tx.log('Initialize the associated token account');
    tokenInitializeImmutableOwner(tx, ata, tokenProgram);
    tokenInitializeAccount3(
      tx,
      { account: ata, mint: p.mint, owner: p.owner, decimals: p.decimals },
      tokenProgram,
    );
    tx.consume(13_050);
  });
  return ata;
}
