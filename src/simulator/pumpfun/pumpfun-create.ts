import { readonly, signer, writable } from '../chain/account-meta.ts';
import { anchorInstruction, ByteWriter } from '../chain/byte-writer.ts';
import type { TransactionBuilder } from '../chain/transaction-builder.ts';
import { PROGRAM, PUMPFUN, RENT, SYSVAR_RENT } from '../chain/well-known.ts';
import { emitCpi, eventBytes } from '../programs/anchor-events.ts';
import { createAssociatedTokenAccount } from '../programs/associated-token-program.ts';
import {
  systemAllocate,
  systemAssign,
  systemCreateAccount,
  systemTransfer,
} from '../programs/system-program.ts';
import { tokenInitializeMint2, tokenMintTo, tokenRevokeMintAuthority } from '../programs/token-program.ts';
import { PUMPFUN_CREATE_EVENT } from '../../decoder/events/pumpfun-events.ts';
import type { EventRecord } from '../../decoder/events/borsh-type.ts';
import { TOKEN_DECIMALS, TOKEN_TOTAL_SUPPLY } from '../../launch/curve/bonding-curve-math.ts';
import type { PumpTokenAccounts } from './pump-token-accounts.ts';

/** CreateEvent as pump.fun emitted it before the May 2025 upgrade: name, symbol, uri, mint, bondingCurve, user. */
const CREATE_EVENT_FIELDS = 6;
const MINT_SIZE = 82;
const BONDING_CURVE_SIZE = 49;
const METADATA_SIZE = 679;

/**
 * pump.fun `create(name, symbol, uri)` with the 14 accounts and the CPI sequence of the recorded creates: the
 * user funds the mint (a keypair that signs) and the curve, the curve's token account is created, Metaplex
 * `CreateMetadataAccountV3` writes the metadata, the whole supply is minted to the curve and the mint
 * authority revoked, then CreateEvent is emitted.
 */
export function pumpfunCreate(
  tx: TransactionBuilder,
  p: { accounts: PumpTokenAccounts; user: string; name: string; symbol: string; uri: string },
): EventRecord {
  const a = p.accounts;
  const data = anchorInstruction('create').string(p.name).string(p.symbol).string(p.uri).done();
  const metas = [
    signer(a.mint),
    readonly(PUMPFUN.mintAuthority),
    writable(a.bondingCurve),
    writable(a.associatedBondingCurve),
    readonly(PUMPFUN.global),
    readonly(PROGRAM.metadata),
    writable(a.metadata),
    signer(p.user),
    readonly(PROGRAM.system),
    readonly(PROGRAM.token),
    readonly(PROGRAM.associatedToken),
    readonly(SYSVAR_RENT),
    readonly(PUMPFUN.eventAuthority),
    readonly(PROGRAM.pumpfun),
  ];
  const event: EventRecord = {
    name: p.name,
    symbol: p.symbol,
    uri: p.uri,
    mint: a.mint,
    bondingCurve: a.bondingCurve,
    user: p.user,
  };
  tx.invoke(PROGRAM.pumpfun, metas, data, () => {
    tx.log('Instruction: Create');
    tx.consume(55_600);
    systemCreateAccount(tx, p.user, a.mint, RENT.mint, MINT_SIZE, PROGRAM.token);
    tokenInitializeMint2(tx, a.mint, TOKEN_DECIMALS, PUMPFUN.mintAuthority, PROGRAM.token);
    systemCreateAccount(tx, p.user, a.bondingCurve, RENT.bondingCurve, BONDING_CURVE_SIZE, PROGRAM.pumpfun);
    createAssociatedTokenAccount(tx, {
      payer: p.user,
      owner: a.bondingCurve,
      mint: a.mint,
      decimals: TOKEN_DECIMALS,
      idempotent: false,
    });
    createMetadata(tx, p);
    tokenMintTo(
      tx,
      {
        mint: a.mint,
        destination: a.associatedBondingCurve,
        authority: PUMPFUN.mintAuthority,
        amount: TOKEN_TOTAL_SUPPLY,
      },
      PROGRAM.token,
    );
    tokenRevokeMintAuthority(tx, a.mint, PUMPFUN.mintAuthority);
    const bytes = eventBytes(PUMPFUN_CREATE_EVENT, event, CREATE_EVENT_FIELDS);
    emitCpi(tx, PROGRAM.pumpfun, PUMPFUN.eventAuthority, bytes);
    tx.logData(bytes);
  });
  return event;
}

/** Metaplex `CreateMetadataAccountV3` (tag 33): DataV2 with no creators/collection/uses, immutable. */
function createMetadata(
  tx: TransactionBuilder,
  p: { accounts: PumpTokenAccounts; user: string; name: string; symbol: string; uri: string },
): void {
  const a = p.accounts;
  const data = new ByteWriter(128)
    .u8(33)
    .string(p.name)
    .string(p.symbol)
    .string(p.uri)
    .u16(0)
    .u8(0)
    .u8(0)
    .u8(0)
    .bool(false)
    .u8(0)
    .done();
  const metas = [
    writable(a.metadata),
    readonly(a.mint),
    signer(PUMPFUN.mintAuthority, false),
    signer(p.user),
    readonly(PUMPFUN.mintAuthority),
    readonly(PROGRAM.system),
  ];
  tx.invoke(PROGRAM.metadata, metas, data, () => {
    tx.log('IX: Create Metadata Accounts v3');
    systemTransfer(tx, p.user, a.metadata, RENT.metadata);
    tx.log('Allocate space for the account');
    systemAllocate(tx, a.metadata, METADATA_SIZE);
    tx.log('Assign the account to the owning program');
    systemAssign(tx, a.metadata, PROGRAM.metadata);
    tx.consume(46_000);
  });
}
